import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireKit
@testable import QuireLoading

/// Published addresses never break: a paper that moves leaves a redirect at its old address.
@Suite("Moved papers keep their old addresses")
struct RedirectTests {
    static func digest(_ titles: [String]) -> String {
        "new\n\nApr 13\n\n" + titles.map { "\($0)\n\nIts abstract.\n\n  • 4 authors\n·\nJun 6, 2023\n\n" }.joined()
    }

    struct Site {
        let folder: TemporaryFolder
        init() throws {
            folder = try TemporaryFolder("quire-redirects")
            try folder.write("site/quire.yml", "title: Moves\nbase_url: https://example.org/sub/\n")
        }
        func build() throws -> BuildReport {
            try SiteBuilder(
                options: BuildOptions(
                    siteDirectory: folder.sub("site"), outputDirectory: folder.sub("out"),
                    themeDirectory: TestPaths.theme, ledgerFile: folder.sub("ledger.yml"))
            ).build()
        }
        func output(_ path: String) -> String? {
            try? String(contentsOfFile: folder.sub("out/" + path), encoding: .utf8)
        }
        func feedIDs() -> [String] {
            (output("atom.xml") ?? "").components(separatedBy: "<id>").dropFirst().map {
                String($0.prefix { $0 != "<" })
            }
        }
    }

    @Test("a fixed title gets its new address; the old one redirects there and the feed id stays")
    func titleFix() throws {
        let site = try Site()
        try site.folder.write(
            "site/digests/a.txt", Self.digest(["Pruning Atention Heads Without a Calibration Set", "Another Paper"]))
        _ = try site.build()
        let idsBefore = site.feedIDs()
        #expect(idsBefore.contains("https://example.org/sub/papers/pruning-atention-heads-without-a-calibration-set/"))
        try site.folder.write(
            "site/digests/a.txt", Self.digest(["Pruning Attention Heads Without a Calibration Set", "Another Paper"]))
        _ = try site.build()
        #expect(site.output("papers/pruning-attention-heads-without-a-calibration-set/index.html") != nil)
        let old = try #require(site.output("papers/pruning-atention-heads-without-a-calibration-set/index.html"))
        let target = "https://example.org/sub/papers/pruning-attention-heads-without-a-calibration-set/"
        #expect(old.contains(#"<link rel="canonical" href="\#(target)">"#))
        #expect(old.contains(#"<meta http-equiv="refresh" content="0; url=\#(target)">"#))
        #expect(old.contains(#"<a href="\#(target)">"#))
        #expect(
            site.output("_redirects")
                == "/sub/papers/pruning-atention-heads-without-a-calibration-set/ /sub/papers/pruning-attention-heads-without-a-calibration-set/ 301\n"
        )
        #expect(site.feedIDs() == idsBefore)
        let ledger = try String(contentsOfFile: site.folder.sub("ledger.yml"), encoding: .utf8)
        #expect(
            ledger.contains(
                "  - slug: pruning-atention-heads-without-a-calibration-set\n    title: \"pruning atention heads without a calibration set\"\n    moved_to: pruning-attention-heads-without-a-calibration-set\n"
            ))
        // Once moved, the move is kept: a third build changes nothing.
        _ = try site.build()
        #expect(site.output("_redirects")?.components(separatedBy: "\n").count == 2)
    }

    @Test("two published papers that merge leave the second's address redirecting to the first's")
    func merge() throws {
        let site = try Site()
        try site.folder.write("site/digests/a.txt", Self.digest(["Sparse Upcycling of Dense Checkpoints"]))
        try site.folder.write(
            "site/digests/note.md",
            "---\ntitle: \"Sparse Upcycling of Dense Checkpoints: Training Experts\"\n---\nA note.\n")
        _ = try site.build()
        #expect(
            site.output("papers/sparse-upcycling-of-dense-checkpoints-training-experts/index.html")?.contains("refresh")
                == false)
        // The note now names the paper as the digest does: one paper.
        try site.folder.write(
            "site/digests/note.md", "---\ntitle: \"Sparse Upcycling of Dense Checkpoints\"\n---\nA note.\n")
        let report = try site.build()
        #expect(report.papers == 1)
        // The undated note's listing page is gone too: it leads to the dates index.
        #expect(
            site.output("_redirects")
                == "/sub/dates/undated/ /sub/dates/ 301\n/sub/papers/sparse-upcycling-of-dense-checkpoints-training-experts/ /sub/papers/sparse-upcycling-of-dense-checkpoints/ 301\n"
        )
        #expect(
            site.output("papers/sparse-upcycling-of-dense-checkpoints-training-experts/index.html")?.contains("refresh")
                == true)
    }

    @Test("a note titled like a listed paper but without its subtitle is kept apart with a warning naming both")
    func nearMissWarning() throws {
        let folder = try TemporaryFolder("quire-near-miss")
        try folder.write(
            "digests/a.txt", RedirectTests.digest(["The Emergence of Essential Sparsity in Large Pre-trained Models"]))
        try folder.write(
            "digests/note.md", "---\ntitle: \"The Emergence of Essential Sparsity\"\n---\nWhy it matters.\n")
        let corpus = DigestLoader(config: SiteConfig()).load(directory: folder.sub("digests"))
        #expect(corpus.papers.count == 2)
        #expect(
            corpus.diagnostics.map(\.description) == [
                "\(folder.sub("digests/note.md")):1: warning: 'The Emergence of Essential Sparsity' looks like 'The Emergence of Essential Sparsity in Large Pre-trained Models' (\(folder.sub("digests/a.txt")):5): one is the other with its subtitle or ending left out, so they are kept as two papers; if they are one, give both the same title (or the same arxiv id in a note)"
            ])
    }

    @Test("near-miss warnings stop at 50 a build, and one more counts the pairs left unnamed")
    func nearMissWarningCap() throws {
        let folder = try TemporaryFolder("quire-near-miss-cap")
        // Sixty titles, each beside its survey: sixty pairs or more.
        let titles = (1...60).map { number in
            "Checkpoint \(String(UInt64(number) &* 0x9E37_79B9_7F4A_7C15, radix: 16)) Upcycling"
        }
        try folder.write("digests/a.txt", RedirectTests.digest(titles + titles.map { $0 + ": A Survey" }))
        let corpus = DigestLoader(config: SiteConfig()).load(directory: folder.sub("digests"))
        let warnings = corpus.diagnostics.map(\.description).filter { $0.contains("look") }
        #expect(warnings.count == 51)
        #expect(warnings.prefix(50).allSatisfy { $0.contains("' looks like '") })
        #expect(warnings.last?.contains("more pairs of papers have titles that look alike") == true)
        #expect(warnings.last?.hasSuffix("only the first 50 are named") == true)
    }

    @Test("titles that differ by a subtitle or a typo are near misses; different titles are not")
    func nearMisses() {
        #expect(
            TitleKeys.isNearMiss(
                "the emergence of essential sparsity", "the emergence of essential sparsity in large pre trained models"
            ))
        #expect(
            TitleKeys.isNearMiss(
                "pruning atention heads without a calibration set", "pruning attention heads without a calibration set")
        )
        #expect(!TitleKeys.isNearMiss("scaling laws", "scaling laws for routing"))  // two words are no evidence
        #expect(!TitleKeys.isNearMiss("sparse upcycling of dense checkpoints", "dense upcycling of sparse checkpoints"))
        #expect(!TitleKeys.isNearMiss("same title", "same title"))
    }
}
