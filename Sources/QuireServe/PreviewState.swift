import Foundation
import QuireCore
import QuireKit
import QuireLoading

/// Why the last rebuild failed, as the terminal and the browser overlay show it.
public struct PreviewFailure: Sendable, Equatable, Encodable {
    /// What failed, in a few words: `the build failed with 2 errors`.
    public var reason: String
    /// Every diagnostic of the failed build, `path:line: severity: message`.
    public var diagnostics: [String]
}

/// What the server currently serves: the last good build, the failure of the last rebuild if
/// it failed, and the subpath the site lives under. Read by every request, written by builds.
final class PreviewState: Sendable {
    struct Current: Sendable {
        /// Names the last good build, unique across runs of the server, so a tab opened before a
        /// rebuild (or before a restart) knows its page is stale. Nil until a build succeeds.
        var build: String?
        var buildCount = 0
        /// The subpath of the last good build (from `base_url`), `/` or `/papers/`.
        var basePath = "/"
        /// Where the last good build is.
        var outputDirectory: String?
        var failure: PreviewFailure?
        /// Whether the first build has finished, well or not.
        var settled = false
    }

    private let current = Locked(Current())
    private let waiters = Locked<[CheckedContinuation<Void, Never>]>([])
    private let runID = String(UInt32.random(in: 0...UInt32.max), radix: 36)

    var snapshot: Current { current.withLock { $0 } }

    /// Records a good build: a new build name, the failure cleared. Returns the name.
    func succeeded(basePath: String, outputDirectory: String) -> String {
        let result = current.withLock { state -> String in
            state.buildCount += 1
            state.build = "\(runID)-\(state.buildCount)"
            state.basePath = basePath
            state.outputDirectory = outputDirectory
            state.failure = nil
            state.settled = true
            return state.build!
        }
        resumeWaiters()
        return result
    }

    /// Records a failed build; the last good build stays current.
    func failed(_ failure: PreviewFailure) {
        current.withLock { state in
            state.failure = failure
            state.settled = true
        }
        resumeWaiters()
    }

    /// Returns once the first build has finished, so early requests do not see an empty site.
    func waitUntilSettled() async {
        if current.withLock({ $0.settled }) { return }
        await withCheckedContinuation { continuation in
            let settled = current.withLock { state in
                // Checked again under the lock a build takes to settle, so no wake-up is lost.
                if !state.settled { waiters.withLock { $0.append(continuation) } }
                return state.settled
            }
            if settled { continuation.resume() }
        }
    }

    private func resumeWaiters() {
        let waiting = current.withLock { _ in
            waiters.withLock { list in
                defer { list = [] }; return list
            }
        }
        for continuation in waiting { continuation.resume() }
    }
}
