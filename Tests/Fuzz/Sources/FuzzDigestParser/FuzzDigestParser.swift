import CFuzzerDriver
import Foundation
import QuireCore
import QuireLoading
import QuirePublishing

/// libFuzzer entry point: any bytes as a digest file. Parsing must not crash or hang, the
/// loader's per-entry steps (normalizing, merge keys, slugs, Markdown escaping) must survive
/// whatever the parser hands them, and what they promise must hold: a slug is a safe path
/// segment, normalized text has no control character and no stray space, and every diagnostic
/// names the file. A broken promise stops the run like a crash, with the input kept.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDigestParser(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let parsed = HFTextDigestParser().parse(bytes, path: "fuzz.txt")
    for entry in parsed.entries {
        let title = TextNormalizer.normalize(entry.title)
        checkNormalized(title)
        _ = TitleKeys.key(forTitle: title)
        checkSlug(Slug.make(from: title, fallback: "paper"))
        let abstract = TextNormalizer.normalize(entry.abstract)
        checkNormalized(abstract)
        _ = MarkdownRenderer.escapeMarkdown(abstract)
        if case .organization(let handle, let name)? = entry.byline {
            checkNormalized(TextNormalizer.normalize(handle))
            checkNormalized(TextNormalizer.normalize(name))
        }
    }
    for diagnostic in parsed.diagnostics {
        precondition(
            diagnostic.description.hasPrefix("fuzz.txt"), "a diagnostic without the file's path: \(diagnostic)")
        precondition((diagnostic.location.line ?? 1) >= 1, "a diagnostic at line \(diagnostic.location.line!)")
    }
    return 0
}

/// Lowercase ASCII letters, digits and single inner dashes, 1 to `Slug.maxLength` bytes.
func checkSlug(_ slug: String) {
    let bytes = Array(slug.utf8)
    let allowed = bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    precondition(
        allowed && !bytes.isEmpty && bytes.count <= Slug.maxLength && bytes.first != 0x2D && bytes.last != 0x2D
            && !slug.contains("--"), "unsafe slug '\(slug)'")
}

/// No C0 control or DEL, no space at either end, no two spaces in a row.
func checkNormalized(_ text: String) {
    let bytes = Array(text.utf8)
    precondition(
        !bytes.contains { $0 < 0x20 || $0 == 0x7F } && bytes.first != 0x20 && bytes.last != 0x20
            && !text.contains("  "),
        "badly normalized text '\(text.debugDescription)'")
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
