import ArgumentParser
import Foundation
import QuireCore
import QuireKit
import QuireLoading
import QuireServe

/// `quire serve`: a live preview of the site.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview the site in a browser, rebuilding and reloading as you edit.",
        discussion: """
            Builds the site into a temporary folder (never SITE_DIR/public) and serves it over \
            HTTP. The site keeps the subpath of its base_url: with base_url \
            https://example.org/papers/ it is served at http://127.0.0.1:8080/papers/. When \
            quire.yml, a digest, a template or the theme changes, the site is rebuilt and open \
            pages reload. A rebuild that fails prints its problems here and over the page, and \
            the last good build stays served. Stop with Ctrl-C.
            """
    )

    @Argument(help: "The site folder, holding quire.yml and digests/.", completion: .directory)
    var siteDirectory: String = "."

    @Option(name: .shortAndLong, help: "The port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Option(help: "The address to listen on; 0.0.0.0 makes the preview reachable from other machines.")
    var host: String = "127.0.0.1"

    @Option(
        help: "A theme folder to use instead of the built-in theme (default: $QUIRE_THEME, else built in).",
        completion: .directory)
    var theme: String?

    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let terminal = outputOptions.terminal
        try requireSite(siteDirectory, terminal: terminal)
        let progress = terminal.progressReporter()
        let options = PreviewOptions(
            siteDirectory: siteDirectory, themeDirectory: themeDirectory(theme),
            host: host, port: port, progress: progress.update)
        let log = PreviewLog(terminal: terminal, progress: progress, siteDirectory: siteDirectory)
        do {
            try await PreviewServer(options: options, onEvent: log.handle).run(shutdownSignals: [SIGINT, SIGTERM])
        } catch {
            progress.finish()
            terminal.error("error: cannot serve on \(host):\(port): \(Self.explain(error))")
            throw ExitCode.failure
        }
        terminal.note("Stopped.")
    }

    /// Socket errors name the system call; say what it means for the user.
    static func explain(_ error: any Error) -> String {
        let text = "\(error)"
        if text.contains("Address already in use") { return "the port is in use; pick another with --port" }
        if text.contains("Permission denied") {
            return "permission denied; ports below 1024 need privileges, pick another with --port"
        }
        if text.contains("Cannot assign requested address") { return "this machine has no such address; check --host" }
        return text
    }
}

/// Prints what the preview server reports, as a build would.
struct PreviewLog: Sendable {
    let terminal: Terminal
    let progress: ProgressReporter
    let siteDirectory: String
    private let lastDiagnostics = LockedBox<[Diagnostic]?>(nil)

    init(terminal: Terminal, progress: ProgressReporter, siteDirectory: String) {
        self.terminal = terminal
        self.progress = progress
        self.siteDirectory = siteDirectory
    }

    func handle(_ event: PreviewEvent) {
        switch event {
        case .building(let changes):
            progress.restart()
            guard !changes.isEmpty else { return }
            let names =
                changes.prefix(3).map(relative).joined(separator: ", ")
                + (changes.count > 3 ? " and \(changes.count - 3) more" : "")
            terminal.note("Changed: \(names)")
        case .built(let report):
            progress.finish()
            printDiagnosticsIfNew(report.diagnostics)
            terminal.note(
                "Built \(report.papers) papers, \(report.pages) pages in \(Int((report.seconds * 1000).rounded())) ms")
            terminal.printPhases(progress.phases)
        case let .failed(failure, diagnostics, servingLastGoodBuild):
            progress.finish()
            lastDiagnostics.value = nil
            terminal.printDiagnostics(diagnostics, strict: false)
            terminal.error(
                "error: \(failure.reason); "
                    + (servingLastGoodBuild
                        ? "still serving the last good build"
                        : "pages show the problems until a build succeeds"))
        case let .serving(url, temporaryFolder):
            terminal.note("Serving \(siteDirectory) at \(url) (press Ctrl-C to stop)")
            terminal.detail("Builds go into \(temporaryFolder), removed when the server stops")
        case .stopping:
            terminal.note("\nStopping…")
        case let .request(method, path, status):
            if !path.hasPrefix("/__quire/") { terminal.detail("\(method) \(path) \(status)") }
        }
    }

    /// Warnings are printed once, and again only when they change, so every save does not
    /// repeat the same screenful.
    private func printDiagnosticsIfNew(_ diagnostics: [Diagnostic]) {
        let previous = lastDiagnostics.value
        lastDiagnostics.value = diagnostics
        if previous == diagnostics {
            if !diagnostics.isEmpty {
                terminal.note("\(Terminal.count(diagnostics.warningCount, "warning")), as before")
            }
            return
        }
        terminal.printDiagnostics(diagnostics, strict: false)
    }

    private func relative(_ path: String) -> String {
        path.hasPrefix(siteDirectory + "/") ? String(path.dropFirst(siteDirectory.count + 1)) : path
    }
}
