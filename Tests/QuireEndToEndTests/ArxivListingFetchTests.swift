import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireFetch
@testable import QuireKit

@Suite("quire fetch arxiv-listing, against a loopback server")
struct ArxivListingFetchTests {
    static let feed = try! TestPaths.bytes(TestPaths.fixture("sources/arxiv-listing/cs-cl.xml"))

    static func rss(_ bytes: [UInt8]) -> ScriptedHTTPServer.Reply {
        ScriptedHTTPServer.Reply(headers: [("Content-Type", "application/rss+xml; charset=utf-8")], body: bytes)
    }

    static func fetch(
        _ site: TemporaryFolder, _ server: ScriptedHTTPServer, today: String, refresh: Bool = false
    ) -> ArxivListingFetch {
        ArxivListingFetch(
            folder: DigestFolder(siteDirectory: site.path), categories: ["cs.CL", "cs.LG"], refresh: refresh,
            today: Day(iso: today)!, endpoint: server.url, settings: testSettings())
    }

    @Test("one request for all the categories; the feed is written as served, named by its announcement day")
    func writesTheDay() async throws {
        let server = try ScriptedHTTPServer { _ in Self.rss(Self.feed) }
        let site = try fetchSite()
        let log = FetchLog()
        // Fetched on the 15th (UTC) before arXiv's next announcement: the feed still announces the 14th.
        #expect(await Self.fetch(site, server, today: "2025-10-15").run(output: log.output))
        #expect(server.requests.map(\.path) == ["/rss/cs.CL+cs.LG"])
        #expect(
            server.requests.allSatisfy { $0.userAgent == "Quire/\(QuireVersion.string) (+https://example.org/papers/)" }
        )
        #expect(SiteInspection.files(in: site.sub("digests")) == ["arxiv-listing/2025-10-14-cs-cl-cs-lg.xml"])
        #expect(try TestPaths.bytes(site.sub("digests/arxiv-listing/2025-10-14-cs-cl-cs-lg.xml")) == Self.feed)
        #expect(log.problems == [])
        #expect(
            log.notes == [
                "fetch arxiv-listing cs.CL cs.LG: wrote digests/arxiv-listing/2025-10-14-cs-cl-cs-lg.xml (4 papers, 2 of them updates)"
            ])

        // Asked again the same day, it still announces the 14th: nothing is replaced.
        let again = FetchLog()
        let before = treeSnapshot(site.sub("digests"))
        #expect(await Self.fetch(site, server, today: "2025-10-15").run(output: again.output))
        #expect(server.requests.count == 2)
        #expect(treeSnapshot(site.sub("digests")) == before)
        #expect(
            again.notes == [
                "fetch arxiv-listing cs.CL cs.LG: the feed still announces 2025-10-14, already on disk as digests/arxiv-listing/2025-10-14-cs-cl-cs-lg.xml; nothing written"
            ])

        // A day already on disk is not asked for at all.
        let skipped = FetchLog()
        #expect(await Self.fetch(site, server, today: "2025-10-14").run(output: skipped.output))
        #expect(server.requests.count == 2)
        #expect(
            skipped.notes == [
                "fetch arxiv-listing cs.CL cs.LG: digests/arxiv-listing/2025-10-14-cs-cl-cs-lg.xml is already on disk; skipped (--refresh fetches it again)"
            ])

        // The site builds from it: the new and cross-listed papers, on the announcement day.
        let (model, _, diagnostics) = SiteBuilder(
            options: BuildOptions(siteDirectory: site.path, themeDirectory: TestPaths.theme)
        ).load()
        #expect(diagnostics.filter { $0.severity != .note } == [])
        let papers = try #require(model).papers
        #expect(papers.map { $0.record.arxiv?.id } == ["2510.09671", "2510.09782"])
        #expect(papers.map(\.listingDate) == [Day(iso: "2025-10-14"), Day(iso: "2025-10-14")])
    }

    @Test("a weekend's empty feed writes nothing and is no failure")
    func emptyFeed() async throws {
        let weekend = try TestPaths.bytes(TestPaths.fixture("sources/arxiv-listing/weekend.xml"))
        let server = try ScriptedHTTPServer { _ in Self.rss(weekend) }
        let site = try fetchSite()
        let log = FetchLog()
        #expect(await Self.fetch(site, server, today: "2025-10-18").run(output: log.output))
        #expect(SiteInspection.files(in: site.sub("digests")) == [])
        #expect(
            log.notes == [
                "fetch arxiv-listing cs.CL cs.LG: arXiv announced nothing (it does not on weekends and holidays); nothing written"
            ])
    }

    static let failures: [(String, ScriptedHTTPServer.Reply, String)] = [
        (
            "an error feed",
            rss(try! TestPaths.bytes(TestPaths.fixture("sources/arxiv-listing/error.xml"))),
            "fetch: arXiv answered with an error feed (Bad archive/category: cs.XX), for the listing of cs.CL, cs.LG; nothing written"
        ),
        (
            "an HTML page",
            ScriptedHTTPServer.Reply(
                headers: [("Content-Type", "text/html")], body: Array("<!DOCTYPE html><html></html>".utf8)),
            "fetch: arXiv answered an HTML page, not a feed, for the listing of cs.CL, cs.LG; nothing written"
        ),
        (
            "an API export",
            ScriptedHTTPServer.Reply(body: try! TestPaths.bytes(TestPaths.fixture("sources/arxiv/query.atom"))),
            "fetch: arXiv answered something that is not an announcement feed (an arXiv API export, not an announcement feed), for the listing of cs.CL, cs.LG; nothing written"
        ),
        (
            "a busy server", .status(503),
            "fetch: arXiv answered 503 three times for the listing of cs.CL, cs.LG; nothing written"
        ),
        ("a missing page", .status(404), "fetch: arXiv answered 404 for the listing of cs.CL, cs.LG; nothing written"),
    ]

    @Test("an answer that is not an announcement feed fails the fetch and writes nothing", arguments: failures)
    func failure(_ name: String, reply: ScriptedHTTPServer.Reply, problem: String) async throws {
        let server = try ScriptedHTTPServer { _ in reply }
        let site = try fetchSite()
        let log = FetchLog()
        #expect(!(await Self.fetch(site, server, today: "2025-10-14").run(output: log.output)))
        #expect(SiteInspection.files(in: site.sub("digests")) == [])
        #expect(log.problems == [problem])
    }

    @Test("the last argument is the site folder when it is not a category, or is a folder with quire.yml")
    func arguments() {
        let sites: Set<String> = ["math"]
        func split(_ arguments: [String]) -> ([String], String) {
            let split = ArxivListingFetch.arguments(arguments) { sites.contains($0) }
            return (split.categories, split.site)
        }
        #expect(split(["cs.CL", "cs.LG"]) == (["cs.CL", "cs.LG"], "."))
        #expect(split(["cs.CL", "cs.LG", "/srv/papers"]) == (["cs.CL", "cs.LG"], "/srv/papers"))
        #expect(split(["cs.CL", "."]) == (["cs.CL"], "."))
        #expect(split(["cs.CL", "math"]) == (["cs.CL"], "math"))
        #expect(split(["cs.CL", "stat"]) == (["cs.CL", "stat"], "."))
        #expect(split(["cs.CL"]) == (["cs.CL"], "."))
        #expect(split(["."]) == ([], "."))
    }
}
