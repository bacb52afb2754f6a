import ArgumentParser
import Foundation
import QuireKit

/// `quire build`: the site from a site folder into its output folder.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site into an output folder.",
        discussion: """
        Reads SITE_DIR/quire.yml and the digests in SITE_DIR/digests/, and writes the site into \
        SITE_DIR/public (or --output). The previous output is replaced only when the build succeeds.
        """
    )

    @Argument(help: "The site folder, holding quire.yml and digests/.", completion: .directory)
    var siteDirectory: String = "."

    @Option(name: .shortAndLong, help: "Where to write the site (default: SITE_DIR/public).", completion: .directory)
    var output: String?

    @Option(name: .customLong("base-url"), help: "The URL the site is published at; replaces base_url from quire.yml.")
    var baseURL: String?

    @Flag(help: "Fail the build on any warning.")
    var strict = false

    @Option(help: "The default theme folder (default: the Templates/ folder Quire ships with).", completion: .directory)
    var theme: String?

    func run() throws {
        guard let themeDirectory = theme ?? ThemeLocator.defaultTheme() else {
            throw ValidationError("cannot find the default theme (Templates/); pass --theme or set QUIRE_THEME")
        }
        Interruption.install()
        let options = BuildOptions(siteDirectory: siteDirectory, outputDirectory: output, baseURL: baseURL,
                                   strict: strict, themeDirectory: themeDirectory)
        do {
            let report = try SiteBuilder(options: options).build()
            Terminal.printDiagnostics(report.diagnostics)
            Terminal.printSummary(report)
        } catch let failure as BuildFailure {
            if Interruption.isInterrupted { Interruption.waitForExit() }
            Terminal.printDiagnostics(failure.diagnostics)
            Terminal.error("error: \(failure.reason)")
            throw ExitCode.failure
        }
    }
}
