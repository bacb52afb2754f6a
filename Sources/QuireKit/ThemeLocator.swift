import Foundation
import QuireCore
import QuireLoading
import QuireOutput
import QuirePublishing

/// Finds the default theme (`Templates/`): `$QUIRE_THEME`, else the nearest `Templates/` above
/// the running executable (a checkout's `.build/release/quire`), else `../share/quire/Templates`.
public enum ThemeLocator {
    public static func defaultTheme(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let explicit = environment["QUIRE_THEME"], !explicit.isEmpty { return explicit }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0].hasPrefix("/") ? CommandLine.arguments[0]
            : (Bundle.main.executablePath ?? CommandLine.arguments[0])).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        while directory.path != "/" {
            for candidate in [directory.appendingPathComponent("Templates"), directory.appendingPathComponent("share/quire/Templates")]
                where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("base.mustache").path) {
                return candidate.path
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }
}
