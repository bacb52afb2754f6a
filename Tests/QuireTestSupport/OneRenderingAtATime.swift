import Testing

/// The tests that render Markdown or build whole sites run one at a time: each build already
/// uses every core, and cmark-gfm's parser is process-wide state (MarkdownRenderer serializes
/// it), so running them side by side only makes them slower. Each test target gathers its own
/// under a `.serialized` suite `RenderingTests` with this trait, which keeps them one at a
/// time across the targets too, as `swift test` runs every target in one process. (A recursive
/// suite trait is a test trait too: it is applied to each test of the suite.)
package struct OneRenderingAtATime: SuiteTrait, TestTrait, TestScoping {
    package var isRecursive: Bool { true }

    /// Around each test case, not around the suites that hold them.
    package func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    package func provideScope(
        for test: Test, testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        await Self.gate.enter()
        do {
            try await function()
        } catch {
            await Self.gate.leave()
            throw error
        }
        await Self.gate.leave()
    }

    private static let gate = Gate()

    /// Lets one test in at a time, the others waiting in order without holding a thread.
    private actor Gate {
        private var busy = false
        private var waiting: [CheckedContinuation<Void, Never>] = []

        func enter() async {
            guard busy else {
                busy = true
                return
            }
            await withCheckedContinuation { waiting.append($0) }
        }

        func leave() {
            if waiting.isEmpty {
                busy = false
            } else {
                waiting.removeFirst().resume()
            }
        }
    }
}

extension Trait where Self == OneRenderingAtATime {
    /// One rendering test at a time in the whole test run.
    package static var oneRenderingAtATime: Self { OneRenderingAtATime() }
}
