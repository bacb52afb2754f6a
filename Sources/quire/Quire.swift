import ArgumentParser
import Foundation
import QuireCore
import QuireKit
import QuireLoading

/// `quire`: builds curated paper feeds into a static site.
@main
struct Quire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a browsable site and feeds from digests of research papers.",
        discussion: """
            A site is a folder with quire.yml and a digests/ folder of sources: Hugging Face Daily \
            Papers text digests (.txt) and daily_papers API responses (.json), arXiv API exports \
            and announcement feeds (.xml, .atom, .rss), daily-arXiv-ai-enhanced JSON Lines (.jsonl) \
            and Markdown notes (.md). Quire makes a page per paper, topic, date and digest, and RSS, \
            Atom and JSON feeds.

              quire init my-site     start a new site
              quire serve my-site    preview it in a browser, reloading as you edit
              quire check my-site    report problems and figures, writing nothing
              quire build my-site    build it into my-site/public
              quire fetch my-site    download today's papers from Hugging Face and arXiv
              quire enrich my-site   find papers without an arXiv id on arXiv, by title
              quire theme export DIR write the built-in theme out, to customize it

            `quire SITE_DIR` is `quire build SITE_DIR`. Shell completion: \
            `quire --generate-completion-script bash` (or zsh, fish).
            """,
        version: QuireBuildInfo.versionLine,
        subcommands: [Build.self, Serve.self, Init.self, Check.self, Fetch.self, Enrich.self, Theme.self],
        defaultSubcommand: Build.self
    )
}

/// `--quiet` and `--verbose`, shared by every subcommand.
struct OutputOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print errors only: no warnings, summary or progress bar.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print more: how long each phase took, every kept file, every request.")
    var verbose = false

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
    }

    var terminal: Terminal { Terminal(quiet: quiet, verbose: verbose) }
}

/// The theme folder to use: `--theme`, else `$QUIRE_THEME`, else nil for the built-in theme.
func themeDirectory(_ explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String?
{
    if let explicit { return explicit }
    if let fromEnvironment = environment["QUIRE_THEME"], !fromEnvironment.isEmpty { return fromEnvironment }
    return nil
}

/// Stops a command that reads a site when `directory` holds no `quire.yml` (a mistyped folder),
/// before anything is created in it: no output folder, no lock or state file.
func requireSite(_ directory: String, terminal: Terminal) throws {
    var status = stat()
    let path = (directory.hasSuffix("/") ? directory : directory + "/") + ConfigLoader.fileName
    guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
        terminal.error(
            "error: no \(ConfigLoader.fileName) in \(directory); start a site with `quire init \(directory)`")
        throw ExitCode.failure
    }
}
