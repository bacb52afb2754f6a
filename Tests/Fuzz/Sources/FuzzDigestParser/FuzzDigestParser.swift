import CFuzzerDriver
import Foundation
import QuireKit

/// libFuzzer entry point: any bytes as a digest file. Parsing must not crash or hang, and the
/// loader's per-entry steps (normalizing, merge keys, slugs, Markdown escaping) must survive
/// whatever the parser hands them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDigestParser(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let parsed = HFTextDigestParser().parse(bytes, path: "fuzz.txt")
    for entry in parsed.entries {
        let title = TextNormalizer.normalize(entry.title)
        _ = TextNormalizer.mergeKey(forTitle: title)
        _ = Slug.make(from: title, fallback: "paper")
        _ = MarkdownRenderer.escapeMarkdown(TextNormalizer.normalize(entry.abstract))
        if case .organization(let handle, let name)? = entry.byline {
            _ = TextNormalizer.normalize(handle) + TextNormalizer.normalize(name)
        }
    }
    _ = parsed.diagnostics.map(\.description)
    return 0
}

/// SwiftPM gives an executable its own entry point, so libFuzzer's `main` is not used: this one
/// hands the command line to libFuzzer's driver.
@main
enum FuzzDigestParserMain {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzDigestParser))
    }
}
