import ArgumentParser
import QuireCore
import QuireKit
import QuireLoading

/// `quire check`: everything a build would report, without writing.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a site without building it: report problems and figures.",
        discussion: """
            Loads and validates quire.yml, the digests and the templates as `quire build` would, \
            writes nothing, and prints every diagnostic and a short report: papers, merged \
            duplicates, undated papers, papers with no topic, topics with no papers, and digests \
            whose date was inferred (and how) or could not be found. Exits with status 1 on \
            errors, and on warnings with --strict.
            """
    )

    @Argument(help: "The site folder, holding quire.yml and digests/.", completion: .directory)
    var siteDirectory: String = "."

    @Flag(help: "Fail on any warning, as `quire build --strict` would.")
    var strict = false

    @Option(
        help: "A theme folder to use instead of the built-in theme (default: $QUIRE_THEME, else built in).",
        completion: .directory)
    var theme: String?

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let terminal = outputOptions.terminal
        try requireSite(siteDirectory, terminal: terminal)
        let options = BuildOptions(siteDirectory: siteDirectory, themeDirectory: themeDirectory(theme))
        let check = SiteBuilder(options: options).check()
        terminal.printDiagnostics(check.diagnostics, strict: strict)
        let errors = check.diagnostics.errorCount, warnings = check.diagnostics.warningCount
        if !outputOptions.quiet {
            for line in check.reportLines { print(line) }
            print(
                errors + warnings == 0
                    ? "No problems found."
                    : "\(Terminal.count(errors, "error")), \(Terminal.count(warnings, "warning")).")
        }
        if check.fails(strict: strict) { throw ExitCode.failure }
    }
}
