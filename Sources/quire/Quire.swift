import ArgumentParser
import QuireKit

/// `quire`: builds curated paper feeds into a static site.
@main
struct Quire: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a browsable site and feeds from digests of research papers.",
        version: QuireVersion.string,
        subcommands: [Build.self],
        defaultSubcommand: Build.self
    )
}
