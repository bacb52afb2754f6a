import Foundation
import QuireCore
import QuireKit
import QuireLoading

/// How the command line prints diagnostics, summaries and progress: errors and diagnostics on
/// standard error, reports on standard output; `quiet` keeps errors only, `verbose` adds details.
struct Terminal: Sendable {
    var quiet = false
    var verbose = false

    func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// A line of the normal report, on standard output.
    func note(_ line: String) {
        guard !quiet else { return }
        print(line)
        fflush(nil)  // all streams: stdout is not concurrency-safe to name
    }

    /// A line only `--verbose` prints.
    func detail(_ line: String) {
        guard verbose else { return }
        print(line)
        fflush(nil)  // all streams: stdout is not concurrency-safe to name
    }

    /// Every diagnostic; under `quiet` only those that fail (errors, and warnings when `strict`).
    func printDiagnostics(_ diagnostics: [Diagnostic], strict: Bool) {
        for diagnostic in diagnostics
        where !quiet || diagnostic.severity == .error || (strict && diagnostic.severity == .warning) {
            error(diagnostic.description)
        }
    }

    func printSummary(_ report: BuildReport) {
        guard !quiet else { return }
        let warnings = report.diagnostics.warningCount
        let rows: [(String, String)] = [
            ("Digests", "\(report.digests)"),
            ("Entries", "\(report.entries)"),
            ("Papers", "\(report.papers)"),
            ("Merged duplicates", "\(report.mergedDuplicates)"),
            (
                "Pages",
                "\(report.pages)" + (report.keptPages > 0 ? " (\(report.keptPages) kept as they were)" : "")
            ),
            ("Files", "\(report.files) (\(Self.format(bytes: report.bytes)), \(report.unchangedFiles) unchanged)"),
            (
                "Search index",
                "\(report.searchIndex.files) files (\(Self.format(bytes: report.searchIndex.bytes))), \(report.searchIndex.terms) terms"
            ),
            ("Warnings", "\(warnings)"),
        ]
        let width = rows.map(\.0.count).max()!
        for (name, value) in rows {
            print("  \(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(value)")
        }
        let kept = verbose ? report.carriedOver[...] : report.carriedOver.prefix(5)
        for path in kept { print("  kept \(path) (not written by Quire)") }
        if kept.count < report.carriedOver.count {
            print(
                "  kept \(report.carriedOver.count - kept.count) more files not written by Quire (--verbose lists them)"
            )
        }
        let verb = report.upToDate ? "Up to date (nothing changed since the last build):" : "Built"
        print("\(verb) \(report.outputDirectory) in \(Int((report.seconds * 1000).rounded())) ms")
    }

    /// Under `--verbose`, how long each phase of the last build took.
    func printPhases(_ phases: [(BuildProgress.Phase, Double)]) {
        guard verbose, !phases.isEmpty else { return }
        detail("  " + phases.map { "\($0.0.rawValue) \(Int(($0.1 * 1000).rounded())) ms" }.joined(separator: ", "))
    }

    /// A progress bar on standard error when it is a terminal and not `quiet`.
    func progressReporter() -> ProgressReporter {
        ProgressReporter(
            drawsBar: !quiet && isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb")
    }

    static func format(bytes: Int) -> String {
        if bytes >= 1_000_000 { return String(format: "%.1f MB", Double(bytes) / 1e6) }
        if bytes >= 1_000 { return String(format: "%.1f kB", Double(bytes) / 1e3) }
        return "\(bytes) B"
    }

    /// `1 warning`, `3 warnings`.
    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// The path as typed in a shell: quoted when it holds anything but plain characters.
    static func shellQuoted(_ path: String) -> String {
        let plain = path.allSatisfy { $0.isLetter || $0.isNumber || "/._-+~".contains($0) }
        return plain && !path.isEmpty ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Follows a build's progress: draws a bar on standard error for builds that take a while,
/// and times each phase for `--verbose`. Called from several threads.
final class ProgressReporter: Sendable {
    /// Builds faster than this show no bar: it would only flicker.
    static let delay = 0.4
    private let drawsBar: Bool
    private let state = LockedBox(State())

    private struct State {
        var start = Date()
        var phaseStart = Date()
        var phase: BuildProgress.Phase?
        var phases: [(BuildProgress.Phase, Double)] = []
        var lastDrawn = Date.distantPast
        var drawn = false
    }

    init(drawsBar: Bool) {
        self.drawsBar = drawsBar
    }

    /// How long each phase of the last build took, in seconds.
    var phases: [(BuildProgress.Phase, Double)] { state.value.phases }

    /// Starts timing a new build.
    func restart() {
        state.withLock { $0 = State() }
    }

    /// Takes a progress report from the build.
    var update: @Sendable (BuildProgress) -> Void {
        { [self] progress in self.take(progress) }
    }

    private func take(_ progress: BuildProgress) {
        let line: String? = state.withLock { state in
            let now = Date()
            if state.phase != progress.phase {
                if let phase = state.phase { state.phases.append((phase, now.timeIntervalSince(state.phaseStart))) }
                state.phase = progress.phase
                state.phaseStart = now
            }
            guard drawsBar, now.timeIntervalSince(state.start) >= Self.delay,
                now.timeIntervalSince(state.lastDrawn) >= 0.1 || progress.done == progress.total
            else { return nil }
            state.lastDrawn = now
            state.drawn = true
            return Self.bar(progress)
        }
        if let line { FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8)) }
    }

    /// Ends the last phase and clears the bar.
    func finish() {
        let clear = state.withLock { state -> Bool in
            if let phase = state.phase { state.phases.append((phase, Date().timeIntervalSince(state.phaseStart))) }
            state.phase = nil
            defer { state.drawn = false }
            return state.drawn
        }
        if clear { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }

    static func bar(_ progress: BuildProgress) -> String {
        guard progress.total > 0 else { return "\(progress.phase.rawValue.capitalizedFirst)…" }
        let width = 30
        let filled = min(width, progress.done * width / progress.total)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        return "\(progress.phase.rawValue.capitalizedFirst) \(bar) \(progress.done)/\(progress.total)"
    }
}

/// A value several threads read and write under a lock.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        lock.withLock { body(&stored) }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
