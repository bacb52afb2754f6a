import CFuzzerDriver
import Foundation
import QuireKit

/// libFuzzer entry point: any bytes as `quire.yml`. Valid UTF-8 goes through the YAML parser
/// (libyaml via Yams) and the configuration reader; neither may crash or hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfigLoader(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: data == nil ? 0 : count)
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    let (config, diagnostics) = ConfigLoader().parse(text, path: "quire.yml")
    _ = diagnostics.map(\.description)
    _ = config.topics.map(\.slug)
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
