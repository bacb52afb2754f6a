import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading
@testable import QuirePublishing

/// The example site built once, for the tests of the listing stream.
private enum StreamSite {
    static let built: Result<BuiltSite, Error> = Result {
        let built = try BuiltSite(site: TestPaths.exampleSite)
        SharedFolders.removeAtExit(built.folder.path)
        return built
    }
    static let model = SiteModel(
        corpus: DigestLoader(config: config).load(directory: TestPaths.exampleSite + "/digests"), config: config)
    static let config = ConfigLoader().load(path: TestPaths.exampleSite + "/quire.yml").0

    static func text(_ path: String) throws -> String { try SiteInspection.text(built.get().output + "/" + path) }
}

/// The values of every `<tag>` element of an XML document, in order (enough for Quire's own feeds).
private func values(of tag: String, in xml: String) -> [String] {
    xml.components(separatedBy: "<\(tag)").dropFirst().compactMap { rest in
        guard rest.first == ">" || rest.first == " ", let end = rest.firstIndex(of: ">") else { return nil }
        return String(rest[rest.index(after: end)...].prefix { $0 != "<" })
    }
}

/// The `href` of the `rel="prev-archive"` link of a feed document, as a site path.
private func previousArchive(in xml: String) -> String? {
    guard let link = xml.components(separatedBy: "<").first(where: { $0.contains("rel=\"prev-archive\"") }),
        let href = link.components(separatedBy: "href=\"").dropFirst().first?.prefix(while: { $0 != "\"" })
    else { return nil }
    return String(href).replacingOccurrences(of: "http://localhost:8000/", with: "")
}

@Suite("The listing stream: first-listed dates, archived feeds, listing days")
struct ListingStreamTests {
    @Test(
        "digest years come from the whole site: 002 is 2025-07-29, 003 is 2025-03-11, and the example builds with 0 warnings"
    )
    func siteWideDigestYears() throws {
        #expect(
            StreamSite.model.digests.map(\.date) == [
                day(2026, 4, 13), day(2025, 12, 8), day(2025, 7, 29), day(2025, 3, 11), day(2026, 6, 9),
            ])
        #expect(try StreamSite.built.get().report.diagnostics.map(\.description) == [])
    }

    @Test("a digest whose year cannot be known is reported once, and its papers still reach the feed, last")
    func undatableDigest() throws {
        let folder = try TemporaryFolder("quire-undatable")
        try folder.write(
            "digests/2024-05-01.txt", "May 1\n\nA Dated Paper\n\nIts abstract.\n\n  • 3 authors\n·\nApr 2, 2024\n")
        try folder.write("digests/other.txt", "Jul 29\n\nA Lost Paper\n\nIts abstract.\n")
        let corpus = DigestLoader(config: SiteConfig()).load(directory: folder.sub("digests"))
        #expect(corpus.diagnostics.count == 1)
        #expect(corpus.diagnostics.first?.message.hasPrefix("the year of this digest (Jul 29) cannot be known") == true)
        let model = SiteModel(corpus: corpus, config: SiteConfig())
        #expect(model.newest.map { model.papers[$0].title } == ["A Dated Paper", "A Lost Paper"])
        let feed = try #require(Feed.all(for: model).first)
        #expect(feed.items.map { model.papers[$0].title } == ["A Dated Paper", "A Lost Paper"])
    }

    @Test(
        "feed.xml, atom.xml and feed.json hold the 34 papers first listed on Jun 9, 2026, then 16 first listed on Apr 13, 2026"
    )
    func currentFeeds() throws {
        let model = StreamSite.model
        let june = try #require(model.digests.firstIndex { $0.date == day(2026, 6, 9) })
        let firstInJune = model.digests[june].papers.filter { model.papers[$0].listingDate == day(2026, 6, 9) }
        #expect(firstInJune.count == 34)
        let expected = Array(model.newest.prefix(50))
        #expect(Array(expected.prefix(34)) == firstInJune)
        #expect(expected.dropFirst(34).allSatisfy { model.papers[$0].listingDate == day(2026, 4, 13) })

        let rss = try StreamSite.text("feed.xml")
        let dates = values(of: "pubDate", in: rss).dropFirst()  // the channel's own first
        #expect(dates.count == 50)
        #expect(dates.prefix(34).allSatisfy { $0 == "Tue, 09 Jun 2026 00:00:00 +0000" })
        #expect(dates.suffix(16).allSatisfy { $0 == "Mon, 13 Apr 2026 00:00:00 +0000" })
        let atom = try StreamSite.text("atom.xml")
        #expect(
            values(of: "published", in: atom) == Array(repeating: "2026-06-09T00:00:00Z", count: 34)
                + Array(repeating: "2026-04-13T00:00:00Z", count: 16))
        let json = try JSONSerialization.jsonObject(with: Data(StreamSite.text("feed.json").utf8)) as? [String: Any]
        let items = try #require(json?["items"] as? [[String: Any]])
        #expect(items.count == 50)
        #expect(
            items.compactMap { $0["date_published"] as? String }.prefix(34).allSatisfy { $0 == "2026-06-09T00:00:00Z" })
        #expect(
            items.compactMap { $0["url"] as? String }
                == expected.map { "http://localhost:8000/papers/\(model.papers[$0].slug)/" })
    }

    @Test(
        "following prev-archive from atom.xml, the site's and every topic's, visits each paper exactly once; feed.xml holds the newest",
        arguments: ["", "topics/pruning/", "topics/fine-tuning/", "topics/other/"])
    func archivesHoldEveryListing(base: String) throws {
        let model = StreamSite.model
        let expected =
            base.isEmpty
            ? model.papers.count : try #require(model.topics.first { "topics/\($0.rule.slug)/" == base }).papers.count
        var path: String? = base + "atom.xml"
        var ids: [String] = []
        var documents = 0
        while let next = path {
            let xml = try StreamSite.text(next)
            let isArchive = documents > 0
            #expect(xml.contains("<fh:archive/>") == isArchive, "\(next)")
            // The current document carries every item in full; the site's archives, each item's
            // summary and topics; a topic's archives, its link alone.
            let entries = xml.components(separatedBy: "<entry>").count - 1
            #expect(
                xml.components(separatedBy: "<content type=\"html\">").count - 1 == (isArchive ? 0 : entries), "\(next)"
            )
            if isArchive {
                let summaries = xml.components(separatedBy: "<summary>").count - 1
                #expect(summaries == (base.isEmpty ? entries : 0), "\(next)")
                #expect(xml.contains("<category") == base.isEmpty, "\(next)")
            }
            #expect(!xml.contains("<content type=\"html\"></content>"), "\(next): an item with no content")
            ids += values(of: "id", in: xml).filter { $0.contains("/papers/") || !$0.hasSuffix(".xml") }
            path = previousArchive(in: xml)
            documents += 1
        }
        #expect(ids.count == expected, "\(base)atom.xml")
        #expect(Set(ids).count == expected, "\(base)atom.xml")
        // RSS has no archives: its one document holds the newest items, and links to none.
        let rss = try StreamSite.text(base + "feed.xml")
        let newest = values(of: "guid", in: rss)
        #expect(newest.count == min(expected, StreamSite.model.config.feedLimit), "\(base)feed.xml")
        #expect(newest == Array(ids.prefix(newest.count)), "\(base)feed.xml")
        #expect(previousArchive(in: rss) == nil && !rss.contains("fh:archive"))
    }

    @Test("an archive keeps its items when newer listings arrive, and the current document holds the newest")
    func archivesAreStable() {
        let before = Feed(
            title: "t", description: "d", pagePath: "", base: "", hasJSON: false, stream: Array((0..<120).reversed()),
            limit: 50, siteNewest: nil)
        let after = Feed(
            title: "t", description: "d", pagePath: "", base: "", hasJSON: false, stream: Array((0..<135).reversed()),
            limit: 50, siteNewest: nil)
        #expect(before.items == Array((70..<120).reversed()))
        #expect(before.archives.map(\.count) == [50, 20])
        #expect(after.archives.first == before.archives.first)
        #expect(after.archives.map(\.count) == [50, 35])
        #expect(Set(after.items + after.archives.flatMap { $0 }).count == 135)
        #expect(after.documents.map { $0.path(.atom) } == ["atom.xml", "atom-archive-2.xml", "atom-archive-1.xml"])
        #expect(after.documents.map(\.previousArchivePath) == ["atom-archive-2.xml", "atom-archive-1.xml", nil])
        #expect(after.documents.map { after.formats(of: $0) } == [[.rss, .atom], [.atom], [.atom]])
    }

    @Test(
        "date pages are listing days: Jun 9, 2026 lists 53 papers, Jul 29, 2025 121 and Mar 11, 2025 94, and link their digest"
    )
    func listingDays() throws {
        for (path, count) in [("dates/2026/06/09/", 53), ("dates/2025/07/29/", 121), ("dates/2025/03/11/", 94)] {
            let html = try StreamSite.text(path + "index.html")
            #expect(html.components(separatedBy: "<li class=\"card\"").count - 1 == count, "\(path)")
            #expect(html.contains("/digests/"), "\(path) links its digest")
        }
        let june = try StreamSite.text("dates/2026/06/09/index.html")
        #expect(june.contains("34 new, 19 first listed earlier"))
        #expect(june.components(separatedBy: "class=\"earlier\"").count - 1 == 19)
    }

    @Test("/digests/ lists the five digests newest first by their source's title, and no page shows a file name")
    func digestList() throws {
        let html = try StreamSite.text("digests/index.html")
        let titles = ["Jun 9, 2026", "Apr 13, 2026", "Dec 8, 2025", "Jul 29, 2025", "Mar 11, 2025"].map {
            "Daily Papers, \($0)"
        }
        let positions = titles.compactMap { html.range(of: ">\($0)</a>")?.lowerBound }
        #expect(positions.count == 5)
        #expect(positions == positions.sorted())
        let output = try StreamSite.built.get().output
        for file in SiteInspection.files(in: output) where file.hasSuffix(".html") {
            let page = SiteInspection.text(output + "/" + file)
            #expect(!page.contains(".txt") && !page.contains("inferred"), "\(file)")
        }
    }

    @Test("an HF JSON file of the wrong shape and an arXiv error feed get one warning each and no digest page")
    func unusableFiles() throws {
        let folder = try TemporaryFolder("quire-unusable")
        try folder.write("digests/good.txt", "May 1\n\nA Paper\n\nIts abstract.\n\n  • 3 authors\n·\nApr 2, 2024\n")
        try folder.write("digests/wrong.json", #"[{"id": 1}, {"id": 2}, {"id": 3}]"#)
        try folder.write(
            "digests/error.xml",
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>ArXiv Query: search_query=bad</title>
            <entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id><title>Error</title>
            <summary>incorrect id format for 1234</summary></entry></feed>
            """)
        let corpus = DigestLoader(config: SiteConfig()).load(directory: folder.sub("digests"))
        #expect(corpus.digests.map(\.fileName) == ["good.txt"])
        let warnings = corpus.diagnostics.filter { $0.severity == .warning }
        #expect(warnings.map(\.location.path) == [folder.sub("digests/error.xml"), folder.sub("digests/wrong.json")])
        #expect(warnings.allSatisfy { $0.message.hasSuffix("no digest page is made for it") })
        #expect(
            warnings.last?.message
                == "expected a Hugging Face daily-papers API response (a JSON list of papers), found a list of objects without 'paper' (with 'id'); skipped; no digest page is made for it"
        )
    }

    @Test("feeds.opml has one outline per feed, Atom unless opml_feed_format says rss")
    func opml() throws {
        let opml = try StreamSite.text("feeds.opml")
        let outlines = opml.components(separatedBy: "<outline ").dropFirst()
        #expect(outlines.count == StreamSite.model.topics.count + 1)
        #expect(outlines.allSatisfy { $0.contains("atom.xml\"") })
        var config = StreamSite.config
        config.opmlFeedFormat = .rss
        let model = SiteModel(
            corpus: DigestLoader(config: config).load(directory: TestPaths.exampleSite + "/digests"), config: config)
        let rss = String(
            decoding: OPMLDocument(
                feeds: Feed.all(for: model), writer: FeedWriter(model: model, siteURL: SiteURL("http://x.org/")!)
            ).bytes(), as: UTF8.self)
        #expect(rss.components(separatedBy: "feed.xml\"").count - 1 == model.topics.count + 1)
        #expect(!rss.contains("atom.xml"))
    }

    @Test("HF JSON listings keep their time of day (submittedOnDailyAt), and feeds carry it")
    func listingTimes() throws {
        let folder = try TemporaryFolder("quire-times")
        try folder.write(
            "digests/2024-06-05.json",
            """
            [{"paper": {"id": "2406.00001", "title": "Timed Paper", "summary": "An abstract.", "publishedAt": "2024-06-03T10:00:00.000Z",
              "submittedOnDailyAt": "2024-06-05T14:03:27.000Z"}, "publishedAt": "2024-06-05T15:00:00.000Z", "title": "Timed Paper"}]
            """)
        let model = SiteModel(
            corpus: DigestLoader(config: SiteConfig()).load(directory: folder.sub("digests")), config: SiteConfig())
        let paper = try #require(model.papers.first)
        #expect(paper.firstListed == ListingTime(day: day(2024, 6, 5), secondsOfDay: 14 * 3600 + 3 * 60 + 27))
        #expect(paper.date == day(2024, 6, 3))
        #expect(FeedDates.rfc822(try #require(paper.firstListed)) == "Wed, 05 Jun 2024 14:03:27 +0000")
    }
}
