import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireFetch
@testable import QuireKit
@testable import QuireLoading

@Suite("quire fetch arxiv, against a loopback server")
struct ArxivFetchTests {
    static let query = "cat:cs.LG AND abs:pruning"

    static func fetch(
        _ site: TemporaryFolder, _ server: ScriptedHTTPServer, maximum: Int = 250, delay: Double = 0,
        day: String = "2024-06-05", refresh: Bool = false
    ) -> ArxivQueryFetch {
        ArxivQueryFetch(
            folder: DigestFolder(siteDirectory: site.path), query: query, maximum: maximum, delay: delay,
            day: Day(iso: day)!, refresh: refresh, endpoint: server.url, settings: testSettings())
    }

    @Test("pages with the right start and max_results, spaced by the delay, into one export of 250 distinct papers")
    func paging() async throws {
        let server = try ScriptedHTTPServer { ArxivAnswers.pagedReply($0, total: 1000, pageSize: 100) }
        let site = try fetchSite()
        let log = FetchLog()
        #expect(await Self.fetch(site, server, delay: 0.2).run(output: log.output))
        let requests = server.requests
        #expect(requests.map { $0.path } == ["/api/query", "/api/query", "/api/query"])
        #expect(requests.map { $0.query["start"] } == ["0", "100", "200"])
        #expect(requests.map { $0.query["max_results"] } == ["250", "150", "50"])
        #expect(
            requests.allSatisfy {
                $0.query["search_query"] == Self.query && $0.query["sortBy"] == "submittedDate"
                    && $0.query["sortOrder"] == "descending"
            })
        for (later, earlier) in zip(requests.dropFirst(), requests) {
            #expect(later.time - earlier.time >= .milliseconds(200))
        }
        let path = site.sub("digests/arxiv/2024-06-05-cat-cs-lg-and-abs-pruning.xml")
        #expect(SiteInspection.files(in: site.sub("digests")) == ["arxiv/2024-06-05-cat-cs-lg-and-abs-pruning.xml"])
        #expect(
            log.notes == [
                "fetch arxiv '\(Self.query)': wrote digests/arxiv/2024-06-05-cat-cs-lg-and-abs-pruning.xml (250 papers, stopped at --max 250)"
            ])
        let bytes = try TestPaths.bytes(path)
        let check = SourceCheck.arxivExport(bytes, path: path)
        #expect(check.failure == nil)
        #expect(Set(check.papers.compactMap(\.arxivID)) == Set((1...250).map(ArxivAnswers.id)))
        #expect(check.papers.count == 250)
        let document = try ParsedXML.parse(bytes, name: path)
        #expect(document.text(of: "title", namespace: ParsedXML.atomNamespace) == "arXiv query: \(Self.query)")
        #expect(document.elements("entry", namespace: ParsedXML.atomNamespace).count == 250)

        // The site builds from it: every paper with its arXiv id, authors and category.
        let (model, _, diagnostics) = SiteBuilder(
            options: BuildOptions(siteDirectory: site.path, themeDirectory: TestPaths.theme)
        ).load()
        #expect(diagnostics.filter { $0.severity != .note } == [])
        let papers = try #require(model).papers
        #expect(papers.count == 250)
        let first = try #require(papers.first { $0.record.arxiv?.id == "2406.00001" })
        #expect(first.title == "Paper 1 on pruning")
        #expect(first.record.details?.authors == ["Ada Lovelace"])
        #expect(first.record.details?.primaryCategory == "cs.LG")
    }

    @Test("stops at the end of the results, and at the first page whose papers earlier exports hold")
    func stops() async throws {
        let site = try fetchSite()
        let short = try ScriptedHTTPServer { ArxivAnswers.pagedReply($0, total: 130, pageSize: 100) }
        #expect(await Self.fetch(site, short, day: "2024-06-04").run(output: FetchLog().output))
        #expect(short.requests.map { $0.query["start"] } == ["0", "100"], "stops at totalResults")

        // A day later, 20 new papers come first; the rest are in yesterday's export.
        let later = try ScriptedHTTPServer { request in
            let start = Int(request.query["start"] ?? "0")!
            let numbers = Array(1001...1020) + Array(1...130)
            let page = numbers.dropFirst(start).prefix(100).map {
                ArxivAnswers.entry(id: ArxivAnswers.id($0), title: "Paper \($0) on pruning")
            }
            return .atom(ArxivAnswers.feed(query: "q", total: numbers.count, start: start, entries: Array(page)))
        }
        let log = FetchLog()
        #expect(await Self.fetch(site, later, day: "2024-06-05").run(output: log.output))
        #expect(later.requests.map { $0.query["start"] } == ["0", "100"])
        #expect(
            log.notes == [
                "fetch arxiv '\(Self.query)': wrote digests/arxiv/2024-06-05-cat-cs-lg-and-abs-pruning.xml (20 papers, stopped at a page whose papers are all in earlier exports of the query)"
            ])
        let check = SourceCheck.arxivExport(
            try TestPaths.bytes(site.sub("digests/arxiv/2024-06-05-cat-cs-lg-and-abs-pruning.xml")), path: "x")
        #expect(check.papers.compactMap(\.arxivID) == (1001...1020).map(ArxivAnswers.id))

        // Today's export is on disk: skipped without a request, unless --refresh.
        let skipped = FetchLog()
        #expect(await Self.fetch(site, later, day: "2024-06-05").run(output: skipped.output))
        #expect(later.requests.count == 2)
        #expect(
            skipped.notes == [
                "fetch arxiv '\(Self.query)': digests/arxiv/2024-06-05-cat-cs-lg-and-abs-pruning.xml is already on disk; skipped (--refresh fetches it again)"
            ])
        #expect(await Self.fetch(site, later, day: "2024-06-05", refresh: true).run(output: FetchLog().output))
        #expect(later.requests.count == 4)
    }

    @Test("nothing new: nothing written, and it says so")
    func nothingNew() async throws {
        let site = try fetchSite()
        let server = try ScriptedHTTPServer { ArxivAnswers.pagedReply($0, total: 30, pageSize: 100) }
        #expect(await Self.fetch(site, server, day: "2024-06-04").run(output: FetchLog().output))
        let before = treeSnapshot(site.sub("digests"))
        let log = FetchLog()
        #expect(await Self.fetch(site, server, day: "2024-06-05").run(output: log.output))
        #expect(treeSnapshot(site.sub("digests")) == before)
        #expect(
            log.notes == [
                "fetch arxiv '\(Self.query)': no papers that earlier exports lack (stopped at a page whose papers are all in earlier exports of the query); nothing written"
            ])
    }

    static let failures: [(String, ScriptedHTTPServer.Reply, String)] = [
        (
            "arXiv's error feed",
            .atom(
                String(decoding: try! TestPaths.bytes(TestPaths.fixture("fetch/arxiv-error.xml")), as: UTF8.self),
                status: 400),
            "fetch: arXiv answered with an error (max_results must be less than 30000) for 'cat:cs.LG AND abs:pruning'; nothing written"
        ),
        (
            "503 every time", .status(503, retryAfter: "0"),
            "fetch: arXiv answered 503 three times for 'cat:cs.LG AND abs:pruning'; nothing written"
        ),
        (
            "an HTML page",
            ScriptedHTTPServer.Reply(
                headers: [("Content-Type", "text/html")], body: Array("<html><body>Rate exceeded.</body></html>".utf8)),
            "fetch: arXiv answered an HTML page, not an Atom feed (results from 100), for 'cat:cs.LG AND abs:pruning'; nothing written"
        ),
        (
            "a feed cut off",
            .atom(
                String(
                    ArxivAnswers.feed(
                        query: "q", total: 5, start: 0,
                        entries: [ArxivAnswers.entry(id: ArxivAnswers.id(1), title: "T")]
                    ).prefix(900))),
            "fetch: arXiv answered something that is not an arXiv export: answer:"
        ),
    ]

    @Test("a failure on any page writes nothing and names the query", arguments: 0..<failures.count)
    func failure(_ index: Int) async throws {
        let (_, reply, message) = Self.failures[index]
        // The first page is fine; the second fails.
        let server = try ScriptedHTTPServer { request in
            request.query["start"] == "0" ? ArxivAnswers.pagedReply(request, total: 300, pageSize: 100) : reply
        }
        let site = try fetchSite()
        let before = treeSnapshot(site.sub("digests"))
        let log = FetchLog()
        #expect(await !Self.fetch(site, server).run(output: log.output))
        #expect(treeSnapshot(site.sub("digests")) == before)
        #expect(log.problems.count == 1)
        #expect(log.problems.first?.hasPrefix(message) == true, "\(log.problems)")
    }

    @Test("a query's slug names its file")
    func slugs() {
        #expect(ArxivQueryFetch.slug("cat:cs.LG AND abs:pruning") == "cat-cs-lg-and-abs-pruning")
        #expect(ArxivQueryFetch.slug("ti:\"low-rank\" ANDNOT cat:cs.CV") == "ti-low-rank-andnot-cat-cs-cv")
        #expect(ArxivQueryFetch.slug("___") == "query")
        #expect(ArxivQueryFetch.slug(String(repeating: "abc ", count: 40)).count <= 60)
    }
}

@Suite("quire enrich, against a loopback server")
struct EnrichTests {
    /// A text digest of three papers with no arXiv id, and an HF answer whose paper has one.
    static func site() throws -> TemporaryFolder {
        let site = try fetchSite()
        try site.write(
            "digests/2024-06-12-digest.txt",
            """
            Jun 12

            Pruning Attention Heads without a Calibration Set

            We show that many attention heads of a small language model can be pruned by their weights.

              • 3 authors
            ·
            Jun 10 14

            Sparse Mixtures Revisited

            Two papers share this title on arXiv.

              • 2 authors
            ·
            Jun 11 3

            A Paper arXiv Has Never Seen

            Nothing to find.

              • 1 author
            ·
            Jun 11

            """)
        try site.write(
            "digests/hf/2024-06-06.json", bytes: try TestPaths.bytes(TestPaths.fixture("fetch/hf-2024-06-06.json")))
        return site
    }

    /// Knows the first title (spelt with other case, punctuation and spacing, beside a longer title
    /// that must not match), two papers with the second, and nothing of the third.
    static func server() throws -> ScriptedHTTPServer {
        try ScriptedHTTPServer { request in
            let query = request.query["search_query"] ?? ""
            var entries: [String] = []
            if query.contains("Pruning Attention Heads") {
                entries = [
                    ArxivAnswers.entry(
                        id: "2406.11111", title: "Pruning Attention Heads, Revisited Without a Calibration Set"),
                    ArxivAnswers.entry(
                        id: "2406.10101", title: "Pruning Attention Heads Without a\n  Calibration-Set.",
                        author: "Mina Takahashi"),
                ]
            } else if query.contains("Sparse Mixtures Revisited") {
                entries = [
                    ArxivAnswers.entry(id: "2406.20001", title: "Sparse Mixtures Revisited"),
                    ArxivAnswers.entry(id: "2311.20002", title: "Sparse mixtures: revisited"),
                ]
            }
            return .atom(ArxivAnswers.feed(query: query, total: entries.count, start: 0, entries: entries))
        }
    }

    static func enrichment(_ site: TemporaryFolder, _ server: ScriptedHTTPServer, refresh: Bool = false) -> Enrichment {
        Enrichment(
            folder: DigestFolder(siteDirectory: site.path),
            titles: Enrichment.titlesWithoutArxivID(siteDirectory: site.path).titles,
            delay: 0, refresh: refresh, day: Day(iso: "2024-06-13")!, endpoint: server.url, settings: testSettings())
    }

    @Test("exact title matches get their arXiv id; a shared title is reported; lookups are remembered")
    func enrich() async throws {
        let site = try Self.site()
        let server = try Self.server()
        let log = FetchLog()
        #expect(await Self.enrichment(site, server).run(output: log.output))
        #expect(server.requests.count == 3, "the paper with an id is not asked about")
        #expect(
            Set(server.requests.compactMap { $0.query["search_query"] }) == [
                "ti:\"Pruning Attention Heads without a Calibration Set\"", "ti:\"Sparse Mixtures Revisited\"",
                "ti:\"A Paper arXiv Has Never Seen\"",
            ])
        #expect(
            log.problems == [
                "enrich: 'Sparse Mixtures Revisited' matches 2 arXiv papers (2406.20001, 2311.20002); not guessed: a note with `arxiv:` chooses one"
            ])
        #expect(log.notes == ["enrich: asked about 3 titles, 1 found on arXiv; added 1 to digests/arxiv/enriched.xml"])
        let export = SourceCheck.arxivExport(
            try TestPaths.bytes(site.sub("digests/arxiv/enriched.xml")), path: "enriched.xml")
        #expect(export.failure == nil)
        #expect(export.papers.map(\.arxivID) == ["2406.10101"])

        // The build merges the match into the digest's paper: it gains the id and arXiv's authors.
        let (model, _, _) = SiteBuilder(
            options: BuildOptions(siteDirectory: site.path, themeDirectory: TestPaths.theme)
        ).load()
        let papers = try #require(model).papers
        #expect(papers.count == 4)
        let pruning = try #require(papers.first { $0.title.hasPrefix("Pruning Attention Heads") })
        #expect(pruning.record.arxiv?.id == "2406.10101")
        #expect(pruning.record.details?.authors == ["Mina Takahashi"])
        #expect(
            papers.filter { $0.record.arxiv == nil }.map(\.title).sorted() == [
                "A Paper arXiv Has Never Seen", "Sparse Mixtures Revisited",
            ])

        // Asked once: a second run asks nothing and writes nothing.
        let before = treeSnapshot(site.path)
        let again = FetchLog()
        #expect(await Self.enrichment(site, server).run(output: again.output))
        #expect(server.requests.count == 3)
        #expect(treeSnapshot(site.path) == before)
        #expect(again.notes.first == "enrich: 2 titles already looked up (--refresh asks again)")
        #expect(again.problems.count == 1, "the shared title is still reported")

        // --refresh asks again about the titles still without an id, and keeps the export.
        #expect(await Self.enrichment(site, server, refresh: true).run(output: FetchLog().output))
        #expect(server.requests.count == 5)
        #expect(
            SourceCheck.arxivExport(try TestPaths.bytes(site.sub("digests/arxiv/enriched.xml")), path: "x").papers.map(
                \.arxivID) == ["2406.10101"])
    }

    @Test("a failed lookup writes nothing, neither the export nor the remembered lookups")
    func failure() async throws {
        let site = try Self.site()
        let counter = LockedCounter()
        let server = try ScriptedHTTPServer { request in
            counter.next() == 0
                ? .atom(ArxivAnswers.feed(query: "", total: 0, start: 0, entries: [])) : .status(503, retryAfter: "0")
        }
        let before = treeSnapshot(site.path)
        let log = FetchLog()
        #expect(await !Self.enrichment(site, server).run(output: log.output))
        #expect(treeSnapshot(site.path) == before)
        #expect(log.problems.count == 1)
        #expect(
            log.problems.first?.hasPrefix("enrich: arXiv answered 503 three times for the title '") == true,
            "\(log.problems)")
    }

    @Test("titles match after case, punctuation, spacing and TeX are normalized, and only then")
    func matching() {
        #expect(
            Enrichment.matchKey("Pruning Attention Heads Without a\n Calibration-Set.")
                == Enrichment.matchKey("pruning attention heads without a calibration set"))
        #expect(
            Enrichment.matchKey("$\\alpha$-Pruning with \\textit{Sparse} Masks")
                == Enrichment.matchKey("α-Pruning With Sparse Masks"))
        #expect(Enrichment.matchKey("T\\\"ULU 3") == Enrichment.matchKey("TÜLU 3"))
        #expect(
            Enrichment.matchKey("Pruning Attention Heads") != Enrichment.matchKey("Pruning Attention Heads, Revisited"))
    }
}
