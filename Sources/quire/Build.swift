import ArgumentParser
import Foundation
import QuireCore
import QuireKit
import QuireLoading

/// `quire build`: the site from a site folder into its output folder.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site into an output folder (the default command).",
        discussion: """
            Reads SITE_DIR/quire.yml, the digests in SITE_DIR/digests/ and the templates in \
            SITE_DIR/templates/, and writes the site into SITE_DIR/public (or --output). The \
            previous output is replaced only when the build succeeds, and a folder Quire did not \
            create is never replaced. Problems are reported as `path:line: warning: message`; \
            the build goes on without the broken parts unless --strict is given.
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

    @Option(
        help: "A theme folder to use instead of the built-in theme (default: $QUIRE_THEME, else built in).",
        completion: .directory)
    var theme: String?

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let terminal = outputOptions.terminal
        try requireSite(siteDirectory, terminal: terminal)
        let progress = terminal.progressReporter()
        Interruption.install { line in
            progress.finish()
            terminal.error(line)
        }
        let options = BuildOptions(
            siteDirectory: siteDirectory, outputDirectory: output, baseURL: baseURL,
            strict: strict, themeDirectory: themeDirectory(theme), progress: progress.update)
        do {
            let report = try SiteBuilder(options: options).build()
            progress.finish()
            terminal.printDiagnostics(report.diagnostics, strict: strict)
            terminal.printSummary(report)
            terminal.printPhases(progress.phases)
        } catch let failure as BuildFailure {
            if Interruption.isInterrupted { Interruption.waitForExit() }
            progress.finish()
            terminal.printDiagnostics(failure.diagnostics, strict: strict)
            terminal.error("error: \(failure.reason)")
            throw ExitCode.failure
        }
    }
}
