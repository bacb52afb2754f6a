import ArgumentParser
import QuireCore
import QuireKit
import QuireLoading

/// `quire init`: a new site that builds at once.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new site in a new or empty folder.",
        discussion: """
            Writes a commented quire.yml with two example topics, digests/ with a small example \
            digest, an empty templates/ folder with a note on overriding the theme, and a \
            .gitignore for the output. The new site builds as it is. A folder that holds anything \
            is refused.
            """
    )

    @Argument(help: "The folder to create the site in.", completion: .directory)
    var directory: String

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let terminal = outputOptions.terminal
        let written: [String]
        do {
            written = try SiteScaffold.create(at: directory)
        } catch let failure as ScaffoldFailure {
            terminal.error("error: \(failure)")
            throw ExitCode.failure
        }
        guard !outputOptions.quiet else { return }
        print("Created a new site in \(directory):")
        for path in written { print("  \(path)") }
        let site = Terminal.shellQuoted(directory)
        print(
            """

            Next:
              quire serve \(site)    preview it at http://127.0.0.1:8080/; it reloads as you edit
              quire check \(site)    report problems and figures
              quire build \(site)    build it into \(directory)/public
            Add digests to \(directory)/digests/ and topics to \(directory)/quire.yml.
            """)
    }
}
