import CFuzzerDriver
import Foundation
import QuireCore
import QuireLoading

/// libFuzzer entry point: any bytes as `quire.yml`. Valid UTF-8 goes through the YAML parser
/// (libyaml via Yams) and the configuration reader; neither may crash or hang, and what the
/// reader accepts must be safe to build with: a base URL the site can be built for (the build
/// relies on it), topic slugs that are plain path segments, and diagnostics that name the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfigLoader(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: data == nil ? 0 : count)
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    let (config, diagnostics) = ConfigLoader().parse(text, path: "quire.yml")
    for diagnostic in diagnostics {
        precondition(
            diagnostic.description.hasPrefix("quire.yml"), "a diagnostic without the file's path: \(diagnostic)")
    }
    precondition(SiteURL(config.baseURL) != nil, "an accepted base_url the build cannot use: '\(config.baseURL)'")
    for topic in config.topics {
        let slug = Array(topic.slug.utf8)
        precondition(
            !slug.isEmpty && slug.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
                && Slug.avoidingReservedNames(topic.slug, noun: "topic") == topic.slug,
            "unsafe topic slug '\(topic.slug)'")
    }
    return 0
}

/// SwiftPM gives an executable its own entry point, so libFuzzer's `main` is not used: this one
/// hands the command line to libFuzzer's driver.
@main
enum FuzzConfigLoaderMain {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzConfigLoader))
    }
}
