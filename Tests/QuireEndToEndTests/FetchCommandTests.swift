import Foundation
import QuireTestSupport
import Testing
import Yams

@testable import QuireCore

/// `quire fetch` and `quire enrich` run as a user runs them, against a loopback server.
@Suite("quire fetch and enrich on the command line")
struct FetchCommandTests {
    @Test("fetch hf over a range writes the non-empty days, exits 0, and a build reads them")
    func fetchRange() async throws {
        let server = try DailyPapersFetchTests.dailyPapersServer()
        let site = try fetchSite()
        let result = try await LoopbackHTTP.offThePool {
            try QuireCommand.run(
                [
                    "fetch", "hf", site.path, "--from", "2024-06-05", "--to", "2024-06-07", "--endpoint",
                    server.endpoint,
                ], theme: false)
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == """
                fetch hf: 2024-06-05: wrote digests/hf/2024-06-05.json (2 papers)
                fetch hf: 2024-06-06: wrote digests/hf/2024-06-06.json (1 paper)
                fetch hf: 2024-06-07: no papers that day; nothing written

                """)
        let before = treeSnapshot(site.path)
        let again = try await LoopbackHTTP.offThePool {
            try QuireCommand.run(
                [
                    "fetch", "hf", site.path, "--from", "2024-06-05", "--to", "2024-06-07", "--endpoint",
                    server.endpoint,
                ], theme: false)
        }
        #expect(again.status == 0)
        #expect(server.requests.count == 3, "a second run asks nothing")
        #expect(treeSnapshot(site.path) == before, "and writes nothing")
        let build = try QuireCommand.run(["build", site.path, "--output", site.sub("public"), "--quiet"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(
            FileManager.default.fileExists(
                atPath: site.sub("public/papers/distilling-reward-models-without-reward-hacking/index.html")))
    }

    @Test("a failing source exits 1 with a message naming it, and leaves digests/ as it was")
    func failure() async throws {
        let server = try ScriptedHTTPServer { _ in .status(503, retryAfter: "0") }
        let site = try fetchSite()
        try site.write("digests/note.md", "---\ntitle: Kept\n---\nA note.\n")
        let before = treeSnapshot(site.sub("digests"))
        let result = try await LoopbackHTTP.offThePool {
            try QuireCommand.run(
                ["fetch", "arxiv", site.path, "--query", "cat:cs.LG", "--delay", "0", "--endpoint", server.endpoint],
                theme: false)
        }
        #expect(result.status == 1)
        #expect(result.errorLines == ["fetch: arXiv answered 503 three times for 'cat:cs.LG'; nothing written"])
        #expect(treeSnapshot(site.sub("digests")) == before)
    }

    #if os(Linux)
        /// Proxy variables, `PROXY` standing for the proxy's address, and whether the request goes
        /// through it. On Linux libcurl reads them itself (FoundationNetworking does not take a
        /// proxy), so this checks that the rules ProxySetting documents are the ones applied.
        static let proxyCases: [([String: String], Bool)] = [
            (["http_proxy": "PROXY"], true),
            (["HTTP_PROXY": "PROXY"], false),
            (["all_proxy": "PROXY"], true),
            (["https_proxy": "PROXY", "HTTPS_PROXY": "PROXY"], false),
            (["http_proxy": "PROXY", "no_proxy": "localhost,127.0.0.1"], false),
            (["http_proxy": "PROXY", "NO_PROXY": ".example.org, 127.0.0.1"], false),
            (["http_proxy": "PROXY", "no_proxy": "example.org"], true),
            (["http_proxy": "PROXY", "no_proxy": "*"], false),
        ]

        @Test(
            "the proxy comes from the environment: http_proxy (not HTTP_PROXY) or all_proxy, unless no_proxy lists the host",
            arguments: 0..<proxyCases.count)
        func proxy(_ index: Int) async throws {
            let (variables, proxied) = Self.proxyCases[index]
            let server = try DailyPapersFetchTests.dailyPapersServer()
            let proxy = try ScriptedHTTPServer { _ in RetryTests.goodDay }
            let site = try fetchSite()
            let names: Set = [
                "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy",
                "NO_PROXY",
            ]
            let environment = ProcessInfo.processInfo.environment.filter { !names.contains($0.key) }
                .merging(variables.mapValues { $0.replacingOccurrences(of: "PROXY", with: proxy.endpoint) }) { $1 }
            let status = try await LoopbackHTTP.offThePool {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: QuireCommand.executable)
                process.arguments = [
                    "fetch", "hf", site.path, "--from", "2024-06-06", "--to", "2024-06-06", "--endpoint",
                    server.endpoint,
                ]
                process.environment = environment
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                process.waitUntilExit()
                return process.terminationStatus
            }
            #expect(status == 0)
            #expect(proxy.requests.count == (proxied ? 1 : 0), "\(variables)")
            #expect(server.requests.count == (proxied ? 0 : 1), "\(variables)")
            #expect(SiteInspection.files(in: site.sub("digests")) == ["hf/2024-06-06.json"])
        }
    #endif

    @Test("fetch with no source named runs the sources quire.yml lists under fetch:")
    func configured() async throws {
        let hf = try ScriptedHTTPServer { _ in .json("[]") }
        let arxiv = try ScriptedHTTPServer { ArxivAnswers.pagedReply($0, total: 3, pageSize: 100) }
        let site = try fetchSite(
            "base_url: \"https://example.org/\"\nfetch:\n  hf: true\n  arxiv: [\"cat:cs.LG AND abs:pruning\", \"ti:sparse\"]\n"
        )
        let result = try await LoopbackHTTP.offThePool {
            try QuireCommand.run(
                ["fetch", site.path, "--delay", "0", "--hf-endpoint", hf.endpoint, "--arxiv-endpoint", arxiv.endpoint],
                theme: false)
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(hf.requests.count == 1)
        #expect(hf.requests.first?.query["date"] == Day.todayUTC.description)
        #expect(arxiv.requests.compactMap { $0.query["search_query"] } == ["cat:cs.LG AND abs:pruning", "ti:sparse"])
        let files = SiteInspection.files(in: site.sub("digests"))
        #expect(
            files == ["arxiv/\(Day.todayUTC)-cat-cs-lg-and-abs-pruning.xml", "arxiv/\(Day.todayUTC)-ti-sparse.xml"])
    }

    @Test("fetch refuses a folder without quire.yml, and a quire.yml without fetch:")
    func refusals() throws {
        let empty = try TemporaryFolder("quire-fetch-empty")
        let bare = try QuireCommand.run(["fetch", "hf", empty.path, "--endpoint", "http://127.0.0.1:9"], theme: false)
        #expect(bare.status == 1)
        #expect(
            bare.errorLines == [
                "error: fetch hf: \(empty.path) has no quire.yml; fetch hf writes into a site folder (`quire init` makes one)"
            ])
        #expect(SiteInspection.files(in: empty.path) == [])
        let site = try fetchSite()
        let unlisted = try QuireCommand.run(["fetch", site.path], theme: false)
        #expect(unlisted.status == 1)
        #expect(
            unlisted.errorLines.first
                == "error: fetch: \(site.path)/quire.yml lists no source under `fetch:`; nothing fetched")
    }

    @Test("enrich gives the papers arXiv knows by their exact title an arXiv link")
    func enrich() async throws {
        let site = try EnrichTests.site()
        let server = try EnrichTests.server()
        let result = try await LoopbackHTTP.offThePool {
            try QuireCommand.run(["enrich", site.path, "--delay", "0", "--endpoint", server.endpoint], theme: false)
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.errorLines == [
                "enrich: 'Sparse Mixtures Revisited' matches 2 arXiv papers (2406.20001, 2311.20002); not guessed: a note with `arxiv:` chooses one"
            ])
        let build = try QuireCommand.run(["build", site.path, "--output", site.sub("public"), "--quiet"])
        #expect(build.status == 0, "\(build.stderr)")
        let page = SiteInspection.text(
            site.sub("public/papers/pruning-attention-heads-without-a-calibration-set/index.html"))
        #expect(page.contains("https://arxiv.org/abs/2406.10101"))
        let other = SiteInspection.text(site.sub("public/papers/sparse-mixtures-revisited/index.html"))
        #expect(!other.contains("arxiv.org/abs/"))
    }

    @Test(
        "the README shows the GitHub Actions workflow of docs/ as it is, and it schedules fetch, build, commit and deploy"
    )
    func workflow() throws {
        let workflow = SiteInspection.text(TestPaths.repositoryRoot + "/docs/quire-site-workflow.yml")
        let readme = SiteInspection.text(TestPaths.repositoryRoot + "/README.md")
        #expect(readme.contains("```yaml\n" + workflow + "```\n"))
        // As GitHub reads it: `on` is a key, not YAML 1.1's true.
        let document = try #require(try Yams.load(yaml: workflow, Resolver.default.removing(.bool)) as? [String: Any])
        let triggers = try #require(document["on"] as? [String: Any])
        let schedule = try #require(triggers["schedule"] as? [[String: String]])
        #expect(schedule.first?["cron"]?.split(separator: " ").count == 5)
        let jobs = try #require(document["jobs"] as? [String: Any])
        let update = try #require(jobs["update"] as? [String: Any])
        let steps = try #require(update["steps"] as? [[String: Any]])
        let runs = steps.compactMap { $0["run"] as? String }.joined(separator: "\n")
        let uses = steps.compactMap { $0["uses"] as? String }
        #expect(runs.contains("quire fetch \"site/$SITE_DIR\""))
        #expect(runs.contains("quire build \"site/$SITE_DIR\""))
        #expect(
            runs.contains("git add -A -- \"$SITE_DIR/digests\"") && runs.contains("quire-ledger.yml")
                && runs.contains("git push"))
        #expect(uses.contains { $0.hasPrefix("actions/cache@") })
        #expect(uses.contains { $0.hasPrefix("actions/deploy-pages@") })
        let permissions = try #require(document["permissions"] as? [String: String])
        #expect(permissions == ["contents": "write", "pages": "write", "id-token": "write"])
    }
}
