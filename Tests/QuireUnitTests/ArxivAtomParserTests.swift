import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading

/// Parses `Fixtures/sources/arxiv/<name>`; diagnostics name it `arxiv/<name>`.
private func parse(_ name: String) throws -> ParsedSource {
    ArxivAtomParser().parse(try TestPaths.bytes(TestPaths.fixture("sources/arxiv/" + name)), path: "arxiv/" + name)
}

@Suite("ArxivAtomParser")
struct ArxivAtomParserTests {
    @Test(
        "an API export gives each entry's id and version, title, summary, authors, dates, categories, DOI, journal reference and comment"
    )
    func fullEntry() throws {
        let parsed = try parse("query.atom")
        #expect(parsed.diagnostics == [])
        #expect(
            parsed.entries.map(\.location.description) == [
                "arxiv/query.atom:14", "arxiv/query.atom:42", "arxiv/query.atom:57",
            ])
        let entry = try #require(parsed.entries.first)
        #expect(TextNormalizer.normalize(entry.title) == "Sparse Experts are Fast Learners")
        #expect(
            TextNormalizer.normalize(entry.abstract)
                == "We train a sparse mixture of experts and find that it learns quickly. Routing stays balanced without an auxiliary loss & without capacity limits."
        )
        #expect(entry.date == Day(iso: "2024-06-03"))
        #expect(entry.byline == .authors(count: 2))
        var expected = PaperDetails(arxiv: ArxivReference(id: "2406.01234", version: 2))
        expected.authors = ["Mara Lindqvist", "Tomás Okafor"]
        expected.categories = ["cs.LG", "stat.ML", "cs.AI"]
        expected.primaryCategory = "cs.LG"
        expected.doi = "10.1234/example.5678"
        expected.journalRef = "Journal of Example Results 7 (2024) 1-12"
        expected.arxivComment = "12 pages, 4 figures; v2 adds a routing ablation"
        expected.updated = Day(iso: "2024-06-20")
        expected.affiliations = ["Mara Lindqvist": ["Nord Lab"]]
        #expect(entry.details == expected)
    }

    @Test("old-style ids keep their archive; published times are taken in UTC")
    func oldStyleAndZones() throws {
        let parsed = try parse("query.atom")
        #expect(parsed.entries[1].details.arxiv == ArxivReference(id: "hep-th/9901001", version: 1))
        #expect(parsed.entries[1].details.categories == ["hep-th"])
        // 23:30 at UTC-4 is June 5 in UTC, as Hugging Face writes it.
        #expect(parsed.entries[2].date == Day(iso: "2024-06-05"))
        #expect(parsed.entries[2].details.categories == ["cs.CV", "cs.LG"])
        #expect(parsed.entries[2].details.updated == nil)
    }

    @Test("the feed is dated by its 'updated' time, the day the query ran")
    func ownDate() throws {
        let parsed = try parse("query.atom")
        #expect(parsed.ownDate == Day(iso: "2024-06-21"))
        #expect(parsed.ownDateDescription == "the feed's 'updated' time, when the arXiv query ran")
    }

    @Test("namespaces count by URI, wherever and with whatever prefix they are declared; unknown elements are skipped")
    func namespacesOnElements() throws {
        let parsed = try parse("element-namespaces.xml")
        #expect(parsed.diagnostics == [])
        let entry = try #require(parsed.entries.first)
        #expect(entry.details.arxiv == ArxivReference(id: "2406.02468", version: 1))
        #expect(entry.details.primaryCategory == "cs.CV")
        #expect(entry.details.arxivComment == "8 pages")
        #expect(entry.date == Day(iso: "2024-06-05"))
    }

    @Test("an error answer from the API is reported with arXiv's message")
    func apiError() throws {
        let parsed = try parse("error.atom")
        #expect(parsed.entries.isEmpty)
        #expect(
            parsed.diagnostics.map(\.description) == [
                "arxiv/error.atom:10: warning: the arXiv API answered with an error: incorrect id format for 2406.0123; no paper here"
            ])
    }

    @Test(
        "an entry without a title is skipped; a foreign id and a bad date are reported and the entry kept; a PDF link can stand in for the id"
    )
    func brokenEntries() throws {
        let parsed = try parse("broken-entries.atom")
        #expect(
            parsed.diagnostics.map(\.description) == [
                "arxiv/broken-entries.atom:4: warning: entry has no <title>; skipped",
                "arxiv/broken-entries.atom:10: warning: 'https://example.org/papers/7' is not an arXiv abstract URL such as http://arxiv.org/abs/2306.03805v2; the paper is identified by its title",
                "arxiv/broken-entries.atom:11: warning: 'yesterday' is not a date and time such as 2023-06-06T17:59:03Z; ignored",
            ])
        #expect(parsed.entries.map(\.title) == ["Not From arXiv", "Known By Its PDF Link"])
        #expect(parsed.entries.first?.details.arxiv == nil && parsed.entries.first?.date == nil)
        #expect(parsed.entries.last?.details.arxiv == ArxivReference(id: "2406.07777", version: 3))
    }

    @Test(
        "a file that is not an Atom feed is reported with libxml2's line and skipped",
        arguments: [
            (
                "malformed.xml",
                "arxiv/malformed.xml:7: warning: not well-formed XML (Premature end of data in tag feed line 2); expected an arXiv API Atom feed (<feed xmlns=\"http://www.w3.org/2005/Atom\">) or an arXiv announcement feed (<rss>); skipped"
            ),
            (
                "opml.xml",
                "arxiv/opml.xml:2: warning: expected an arXiv API Atom feed (<feed xmlns=\"http://www.w3.org/2005/Atom\">) or an arXiv announcement feed (<rss>), found <opml>; skipped"
            ),
            (
                "empty.atom",
                "arxiv/empty.atom: warning: empty file; expected an arXiv API Atom feed (<feed xmlns=\"http://www.w3.org/2005/Atom\">) or an arXiv announcement feed (<rss>)"
            ),
        ])
    func notAFeed(name: String, diagnostic: String) throws {
        let parsed = try parse(name)
        #expect(parsed.entries.isEmpty)
        #expect(parsed.diagnostics.map(\.description) == [diagnostic])
    }
}
