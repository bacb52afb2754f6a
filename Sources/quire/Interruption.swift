import Dispatch
import Foundation
import QuireCore
import QuireKit
import QuireLoading

/// Stops an interrupted build cleanly: on SIGINT (Ctrl-C), SIGTERM or SIGHUP, throws away the
/// staging folder of the build in progress, so the previous output stays exactly as it was, and
/// exits with 128 + the signal's number (130 for SIGINT), as shells expect.
enum Interruption {
    static let signals: [(number: Int32, name: String)] = [
        (SIGINT, "SIGINT"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP"),
    ]
    // A queue of its own: the build keeps every thread of the global pool busy.
    private static let queue = DispatchQueue(label: "quire.interruption")
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    nonisolated(unsafe) private static var interrupted = false
    private static let lock = NSLock()

    /// Whether a signal is being handled; the process is about to exit.
    static var isInterrupted: Bool { lock.withLock { interrupted } }

    /// Installs the handlers; call once, before the build starts. `report` prints the closing line.
    static func install(report: @escaping @Sendable (String) -> Void) {
        for (number, name) in signals {
            // The dispatch source receives the signal instead of its default action, ending the process.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                lock.withLock { interrupted = true }
                let discarded = SiteBuilder.discardBuildsInProgress()
                report(
                    "error: interrupted by \(name)\(discarded ? "; the build was discarded and the previous output is unchanged" : "")"
                )
                // _exit, not exit: the build's threads are still running and must not see atexit handlers run.
                _exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Where the build, failing because its staging folder was discarded under it, waits for
    /// the handler to end the process with the signal's exit status.
    static func waitForExit() -> Never {
        while true { pause() }
    }
}
