import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading

/// Parses `Fixtures/sources/arxiv-listing/<name>`; diagnostics name it `listing/<name>`.
private func parse(_ name: String) throws -> ParsedSource {
    ArxivAtomParser().parse(
        try TestPaths.bytes(TestPaths.fixture("sources/arxiv-listing/" + name)), path: "listing/" + name)
}

/// An RSS announcement feed holding `items`.
private func rss(_ items: String) -> [UInt8] {
    Array(
        """
        <?xml version='1.0' encoding='UTF-8'?>
        <rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
          <channel>
            <title>cs.CL updates on arXiv.org</title>
            <pubDate>Tue, 14 Oct 2025 00:00:00 -0400</pubDate>
        \(items)
          </channel>
        </rss>
        """.utf8)
}

@Suite("ArxivListingParser")
struct ArxivListingParserTests {
    @Test(
        "an RSS announcement feed gives each item's id and version, title, abstract, authors, categories and announce type"
    )
    func rssFeed() throws {
        let parsed = try parse("cs-cl.xml")
        #expect(parsed.diagnostics == [])
        #expect(parsed.format == .arxivListing)
        #expect(parsed.title == "cs.CL updates on arXiv.org")
        #expect(parsed.ownDate == Day(iso: "2025-10-14"))
        #expect(
            parsed.entries.map(\.location.description) == [
                "listing/cs-cl.xml:18", "listing/cs-cl.xml:30", "listing/cs-cl.xml:45",
                "listing/cs-cl.xml:59",
            ])
        #expect(
            parsed.entries.map(\.details.arxiv) == [
                ArxivReference(id: "2510.09671", version: 1), ArxivReference(id: "2510.09782", version: 1),
                ArxivReference(id: "2406.01234", version: 3), ArxivReference(id: "2203.01250", version: 3),
            ])
        #expect(parsed.entries.map(\.announceType) == [.new, .cross, .replace, .replaceCross])
        let first = parsed.entries[0]
        #expect(
            first.title
                == "Table Question Answering in the Era of Large Language Models: A Comprehensive Survey of Tasks, Methods, and Evaluation"
        )
        #expect(first.abstract.hasPrefix("Table Question Answering (TQA) aims to answer natural language questions"))
        #expect(first.details.authors == ["Wei Zhou", "Bolei Ma", "Annemarie Friedrich", "Mohsen Mesgar"])
        #expect(first.byline == .authors(count: 4))
        #expect(first.details.categories == ["cs.CL"])
        // The announcement day is the listing day, for the whole file; no publication date is claimed.
        #expect(first.date == nil && first.listed == nil && first.details.updated == nil)
        #expect(parsed.entries[1].details.categories == ["cs.AI", "cs.CL", "cs.LG", "cs.LO"])
    }

    @Test("a replacement names the day arXiv announced it as the paper's update, with its journal reference and DOI")
    func replacement() throws {
        let parsed = try parse("cs-cl.xml")
        let replaced = parsed.entries[2], crossReplaced = parsed.entries[3]
        #expect(replaced.details.updated == Day(iso: "2025-10-14"))
        #expect(replaced.details.journalRef == "Transactions on Machine Learning Research (2025)")
        #expect(crossReplaced.details.doi == "10.5802/jep.257")
        #expect(
            TextNormalizer.normalize(crossReplaced.abstract)
                == "We consider first order local minimization problems of the form $\\min \\int_{\\mathbb{R}^N}f(u,\\nabla u)$ under a mass constraint $\\int_{\\mathbb{R}^N}u=m$."
        )
        // `Name (affiliation)`, TeX accents, and a last author joined by "and".
        #expect(replaced.details.authors == ["Mara Lindqvist", "Tomás Okafor", "Lena Vogt", "Sam Reyes"])
        #expect(replaced.details.affiliations == ["Mara Lindqvist": ["Nord Lab, Uppsala"]])
    }

    @Test("the Atom form gives the same: its entries' oai ids, summaries and published announcement day")
    func atomFeed() throws {
        let parsed = try parse("cs-lg.atom")
        #expect(parsed.diagnostics == [])
        #expect(parsed.format == .arxivListing)
        #expect(parsed.title == "cs.LG updates on arXiv.org")
        #expect(parsed.ownDate == Day(iso: "2025-10-14"))
        #expect(
            parsed.entries.map(\.details.arxiv) == [
                ArxivReference(id: "2510.09782", version: 1), ArxivReference(id: "2406.01234", version: 3),
            ])
        #expect(parsed.entries.map(\.announceType) == [.cross, .replace])
        #expect(parsed.entries[0].details.categories == ["cs.AI", "cs.CL", "cs.LG", "cs.LO"])
        #expect(
            parsed.entries[0].details.authors == [
                "Yufa Zhou", "Yixiao Wang", "Xunjian Yin", "Shuyan Zhou", "Anru R. Zhang",
            ])
        #expect(parsed.entries[0].abstract.hasPrefix("We study how large language models (LLMs) ``think''"))
        #expect(parsed.entries[1].details.journalRef == "Transactions on Machine Learning Research (2025)")
        #expect(parsed.entries[1].details.updated == Day(iso: "2025-10-14"))
    }

    @Test("an API export is still an API export: the listing reader takes only announcement feeds")
    func exportIsNoListing() throws {
        let bytes = try TestPaths.bytes(TestPaths.fixture("sources/arxiv/query.atom"))
        #expect(ArxivAtomParser().parse(bytes, path: "query.atom").format == nil)
    }

    @Test("arXiv's error feed is reported with its message; a weekend's empty feed is no problem")
    func errorAndEmpty() throws {
        let error = try parse("error.xml")
        #expect(error.entries.isEmpty && error.title == nil)
        #expect(
            error.diagnostics.map(\.description) == [
                "listing/error.xml: warning: arXiv answered with an error feed: Bad archive/category: cs.XX; no paper here"
            ])
        let weekend = try parse("weekend.xml")
        #expect(weekend.entries.isEmpty && weekend.diagnostics.isEmpty)
        #expect(weekend.ownDate == Day(iso: "2025-10-18"))
    }

    @Test("an item without a title is skipped, an unknown announce type is listed as new, an id-less item is kept")
    func brokenItems() {
        let parsed = ArxivAtomParser().parse(
            rss(
                """
                    <item>
                      <link>https://arxiv.org/abs/2510.00001</link>
                      <description>arXiv:2510.00001v1 Announce Type: new
                Abstract: No title.</description>
                    </item>
                    <item>
                      <title>An Odd Announcement</title>
                      <link>https://arxiv.org/abs/2510.00002</link>
                      <description>arXiv:2510.00002v1 Announce Type: sideways
                Abstract: Odd.</description>
                      <arxiv:announce_type>sideways</arxiv:announce_type>
                      <pubDate>yesterday</pubDate>
                    </item>
                    <item>
                      <title>Known By Its Title</title>
                      <description>A description in no particular shape.</description>
                    </item>
                """), path: "listing/broken.xml")
        #expect(
            parsed.diagnostics.map(\.description) == [
                "listing/broken.xml:6: warning: item has no <title>; skipped",
                "listing/broken.xml:16: warning: 'sideways' is not an announce type arXiv uses (new, cross, replace, replace-cross, absonly); the paper is listed as new",
                "listing/broken.xml:17: warning: 'yesterday' is not a date such as Mon, 22 Sep 2025 00:00:00 -0400; ignored",
                "listing/broken.xml:19: warning: no arXiv id in this item's description, guid or link; the paper is identified by its title",
            ])
        #expect(parsed.skippedEntries == 1)
        #expect(parsed.entries.map(\.title) == ["An Odd Announcement", "Known By Its Title"])
        #expect(parsed.entries.map(\.announceType) == [nil, nil])
        #expect(parsed.entries[1].abstract == "A description in no particular shape.")
    }

    @Test(
        "dc:creator is split into people: commas, a last 'and', affiliations in parentheses, suffixes",
        arguments: [
            ("Antonin Monteil, Paul Pegon", ["Antonin Monteil", "Paul Pegon"]),
            ("Ada Lovelace, Charles Babbage, and Alan Turing", ["Ada Lovelace", "Charles Babbage", "Alan Turing"]),
            ("Ada Lovelace and Alan Turing", ["Ada Lovelace", "Alan Turing"]),
            ("Huu Danh Nguyen (Stanford University)", ["Huu Danh Nguyen"]),
            ("James M Ghawaly, Jr., Amir Sadovnik", ["James M Ghawaly, Jr.", "Amir Sadovnik"]),
            ("Science and Technology Facilities Council", ["Science and Technology Facilities Council"]),
            ("Kim (Lab A, and Lab B), Lee", ["Kim", "Lee"]),
            ("", []),
        ])
    func people(line: String, names: [String]) {
        #expect(ArxivListingParser.people(line).map(\.name) == names)
    }

    @Test("an affiliation keeps its commas")
    func affiliations() {
        let people = ArxivListingParser.people("David Prendergast (NMRC, University College, Cork, Ireland), M. Nolan")
        #expect(people.map(\.name) == ["David Prendergast", "M. Nolan"])
        #expect(people.map(\.affiliations) == [["NMRC, University College, Cork, Ireland"], []])
    }

    @Test("pubDate is read as the day it names in its own zone")
    func rfc822() {
        #expect(Timestamp.rfc822Day("Mon, 22 Sep 2025 00:00:00 -0400") == Day(iso: "2025-09-22"))
        #expect(Timestamp.rfc822Day("23 Aug 2024 23:30:00 -0400") == Day(iso: "2024-08-23"))
        #expect(Timestamp.rfc822Day("Fri, 23 Aug 24 00:00:00 GMT") == Day(iso: "2024-08-23"))
        #expect(Timestamp.rfc822Day("Fri, 31 Feb 2024 00:00:00 GMT") == nil)
        #expect(Timestamp.rfc822Day("2024-08-23") == nil)
    }
}
