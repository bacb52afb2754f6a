import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading

@Suite("Dedupe: DigestLoader and PaperMerger")
struct PaperMergerTests {
    @Test("the seeds hold 343 entries that merge into 276 papers")
    func seedCounts() throws {
        let corpus = SeedCorpus.corpus
        #expect(corpus.entryCount == 343)
        #expect(corpus.papers.count == 276)
        #expect(corpus.mergedCount == 67)
        #expect(corpus.digests.map(\.papers.count) == [41, 34, 121, 94, 53])
    }

    @Test("the example site's digests load exactly like the seeds")
    func siteDigestsMatchSeeds() throws {
        let site = DigestLoader(config: SiteConfig()).load(directory: TestPaths.exampleSite + "/digests")
        let seeds = SeedCorpus.corpus
        #expect(site.entryCount == 343)
        #expect(site.papers.map(\.title) == seeds.papers.map(\.title))
        #expect(site.papers.map(\.date) == seeds.papers.map(\.date))
        #expect(site.digests.map(\.date) == seeds.digests.map(\.date))
    }

    @Test("every distinct seed title, read independently, is exactly one paper")
    func everySeedTitleIsOnePaper() throws {
        let titles = try SeedReader.allTitles()
        #expect(titles.count == 343)
        let distinct = Set(titles)
        #expect(distinct.count == 276)
        let corpus = SeedCorpus.corpus
        var papersByTitle: [String: Int] = [:]
        for paper in corpus.papers { papersByTitle[paper.title, default: 0] += 1 }
        for title in distinct.sorted() {
            #expect(papersByTitle[title] == 1, "\(title)")
        }
        // And each paper was listed as often as its title occurs in the seeds.
        let listings = Dictionary(titles.map { ($0, 1) }, uniquingKeysWith: +)
        for paper in corpus.papers {
            #expect(paper.appearances.count == listings[paper.title], "\(paper.title)")
        }
    }

    @Test("'TÜLU 3' is listed in three digests and merged into one paper that keeps every appearance")
    func tulu() throws {
        let corpus = SeedCorpus.corpus
        let tulu = corpus.papers.filter { $0.title.hasPrefix("TÜLU 3") }
        #expect(tulu.count == 1)
        #expect(tulu.first?.appearances.map(\.digest) == [2, 3, 4])
    }

    // MARK: - Merge rules on a two-digest fixture

    private func loadMergeFixture() -> Corpus {
        DigestLoader(config: SiteConfig()).load(directory: TestPaths.fixture("merge"))
    }

    private func paper(_ corpus: Corpus, key: String) throws -> PaperRecord {
        try #require(corpus.papers.first { $0.key == key })
    }

    @Test("listings whose titles differ only in case, punctuation and spacing are one paper with the first title")
    func mergeByKey() throws {
        let corpus = loadMergeFixture()
        #expect(corpus.entryCount == 9)
        #expect(
            corpus.papers.map(\.title) == [
                "Deep Model Assembling", "Sparse Upcycling", "Listed Twice", "Conflicting Dates", "Only In B",
            ])
        #expect(
            corpus.papers.map(\.key) == [
                "deep model assembling", "sparse upcycling", "listed twice", "conflicting dates", "only in b",
            ])
        #expect(corpus.digests.map(\.papers) == [[0, 1, 2, 3], [0, 1, 3, 4]])
        #expect(corpus.digests.map(\.date) == [day(2024, 6, 9), day(2024, 6, 10)])
    }

    @Test("a merged paper keeps every digest it appeared in, with each listing's line")
    func appearances() throws {
        let corpus = loadMergeFixture()
        let a = TestPaths.fixture("merge/a.txt"), b = TestPaths.fixture("merge/b.txt")
        #expect(
            corpus.papers.map { $0.appearances.map(\.location.description) } == [
                ["\(a):7", "\(b):7"],
                ["\(a):11", "\(b):15"],
                ["\(a):19", "\(a):35"],
                ["\(a):27", "\(b):23"],
                ["\(b):31"],
            ])
        #expect(corpus.papers.map { $0.appearances.map(\.digest) } == [[0, 1], [0, 1], [0, 0], [0, 1], [1]])
    }

    @Test("a date wins over a missing one, and the first of two different dates is kept with a warning")
    func dates() throws {
        let corpus = loadMergeFixture()
        #expect(
            corpus.papers.map(\.date) == [
                day(2023, 5, 2), day(2023, 6, 6), day(2024, 1, 1), day(2023, 3, 1), day(2024, 6, 1),
            ])
    }

    @Test("the highest upvote count is kept, whichever digest has it")
    func upvotes() throws {
        let corpus = loadMergeFixture()
        #expect(corpus.papers.map(\.upvotes) == [3, 5, 8, nil, 9])
    }

    @Test("a byline fills a missing one and never replaces a known one")
    func bylines() throws {
        let corpus = loadMergeFixture()
        #expect(
            corpus.papers.map(\.byline) == [
                .organization(handle: "OpenGVLab", name: "OpenGVLab"), .authors(count: 4), .authors(count: 2),
                .authors(count: 6), .authors(count: 1),
            ])
        #expect(corpus.papers.first?.abstract == "We assemble a large model from small pieces.")
    }

    @Test("a paper listed twice in one digest and a date conflict are reported exactly")
    func diagnostics() throws {
        let corpus = loadMergeFixture()
        let a = TestPaths.fixture("merge/a.txt"), b = TestPaths.fixture("merge/b.txt")
        #expect(
            corpus.diagnostics.map(\.description) == [
                "\(a):35: warning: 'Listed Twice' is listed twice in this digest; the second listing is merged into the first",
                "\(b):23: warning: 'Conflicting Dates' is dated 2023-03-02 here but 2023-03-01 at \(a):27; keeping 2023-03-01",
            ])
    }

    @Test("digest slugs come from file names, in a-z, 0-9 and '-', and stay unique")
    func digestSlugs() throws {
        let folder = try TemporaryFolder("quire-merge")
        let entry = "Apr 13\n\nA Paper\n\nIts abstract.\n"
        for name in ["a b.txt", "a-b.txt", "x_y.txt", "ÉTÉ.txt"] { try folder.write("digests/" + name, entry) }
        let corpus = DigestLoader(config: SiteConfig()).load(directory: folder.sub("digests"))
        #expect(corpus.digests.map(\.fileName) == ["a b.txt", "a-b.txt", "x_y.txt", "ÉTÉ.txt"])
        #expect(corpus.digests.map(\.slug) == ["a-b", "a-b-2", "x-y", "ete"])
        #expect(corpus.digests.map(\.slugBeforeDashes) == ["a-b", "a-b", "x_y", "ete"])
        #expect(corpus.papers.count == 1)
        #expect(corpus.papers.first?.appearances.count == 4)
    }
}
