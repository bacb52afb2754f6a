import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading

@Suite("TextSpool: abstracts kept in a scratch file")
struct TextSpoolTests {
    /// Texts of every kind, more of them than one block, so several writes happen.
    static let texts: [String] = (0..<3000).map { index in
        switch index % 4 {
        case 0: return ""
        case 1: return "Abstract \(index): sparse training with 13\\% of $\\epsilon < 0.3$ & <tags>."
        case 2: return String(repeating: "Ünïcödé ε × δ — “quotes” \(index) ", count: 40)
        default: return String(repeating: "x", count: 1 + index)
        }
    }

    @Test("every text reads back as it was appended, from several threads at once")
    func roundTrip() throws {
        let spool = try #require(TextSpool())
        let stored = Self.texts.map { spool.append($0) }
        spool.seal()
        // Reading everything a few times over passes the point where the mapped pages are
        // handed back, while other threads are reading.
        let mismatches = Mismatches()
        DispatchQueue.concurrentPerform(iterations: 8) { pass in
            for index in Self.texts.indices.shuffled() where stored[index].text != Self.texts[index] {
                mismatches.add("pass \(pass), text \(index)")
            }
        }
        #expect(mismatches.all.isEmpty)
        #expect(stored.map(\.count) == Self.texts.map(\.utf8.count))
    }

    @Test("a spool whose writes fail keeps every text in memory")
    func failedWrites() throws {
        // A descriptor open for reading only: every write fails.
        let spool = TextSpool(descriptor: open("/dev/null", O_RDONLY | O_CLOEXEC))
        let stored = Self.texts.map { spool.append($0) }
        spool.seal()
        #expect(stored.map(\.text) == Self.texts)
    }

    @Test("the seeds load with their abstracts spooled exactly as without")
    func spooledLoad() throws {
        var loader = DigestLoader(config: SiteConfig())
        let spool = try #require(TextSpool())
        loader.spool = spool
        let spooled = loader.load(directory: TestPaths.seeds)
        spool.seal()
        let inMemory = SeedCorpus.corpus
        #expect(spooled.papers.count == inMemory.papers.count)
        #expect(spooled.papers.map(\.abstract) == inMemory.papers.map(\.abstract))
        #expect(spooled.papers.contains { if case .spooled = $0.storedAbstract { true } else { false } })
    }
}

/// Mismatches found by several threads.
private final class Mismatches: @unchecked Sendable {
    private let lock = NSLock()
    private var found: [String] = []

    func add(_ mismatch: String) { lock.withLock { found.append(mismatch) } }
    var all: [String] { lock.withLock { found } }
}
