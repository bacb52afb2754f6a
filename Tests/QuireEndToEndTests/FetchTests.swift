import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireFetch
@testable import QuireKit

/// Collects what a fetch reports.
final class FetchLog: @unchecked Sendable {
    private let lock = NSLock()
    private var notesStore: [String] = []
    private var problemsStore: [String] = []

    var notes: [String] { lock.withLock { notesStore } }
    var problems: [String] { lock.withLock { problemsStore } }

    var output: FetchOutput {
        FetchOutput(
            note: { line in self.lock.withLock { self.notesStore.append(line) } },
            detail: { _ in },
            problem: { line in self.lock.withLock { self.problemsStore.append(line) } })
    }
}

/// A site folder to fetch into: `quire.yml` and an empty `digests/`.
func fetchSite(_ config: String = "title: Fetched\nbase_url: \"https://example.org/papers/\"\n") throws
    -> TemporaryFolder
{
    let site = try TemporaryFolder("quire-fetch")
    try site.write("quire.yml", config)
    try FileManager.default.createDirectory(atPath: site.sub("digests"), withIntermediateDirectories: true)
    return site
}

/// Fast settings: short timeouts and backoff, no proxy.
func testSettings(readTimeout: Double = 3) -> FetchSettings {
    FetchSettings(
        userAgent: FetchSettings.userAgent(baseURL: "https://example.org/papers/"), connectTimeout: 2,
        readTimeout: readTimeout, backoff: 0.05, environment: [:])
}

@Suite("quire fetch hf, against a loopback server")
struct DailyPapersFetchTests {
    static let served: [String: [UInt8]] = [
        "2024-06-05": try! TestPaths.bytes(TestPaths.fixture("fetch/hf-2024-06-05.json")),
        "2024-06-06": try! TestPaths.bytes(TestPaths.fixture("fetch/hf-2024-06-06.json")),
        "2024-06-07": Array("[]".utf8),
    ]

    static func dailyPapersServer() throws -> ScriptedHTTPServer {
        try ScriptedHTTPServer { request in
            guard request.path == "/api/daily_papers", let body = served[request.query["date"] ?? ""] else {
                return .status(404)
            }
            return ScriptedHTTPServer.Reply(headers: [("Content-Type", "application/json; charset=utf-8")], body: body)
        }
    }

    static func days(_ first: String, _ last: String) -> [Day] {
        Day.range(from: Day(iso: first)!, to: Day(iso: last)!)
    }

    @Test("each non-empty day is written as served, the empty day is not, and a second run asks nothing")
    func range() async throws {
        let server = try Self.dailyPapersServer()
        let site = try fetchSite()
        let fetch = DailyPapersFetch(
            folder: DigestFolder(siteDirectory: site.path), days: Self.days("2024-06-05", "2024-06-07"),
            endpoint: server.url, settings: testSettings())
        let log = FetchLog()
        #expect(await fetch.run(output: log.output))
        #expect(SiteInspection.files(in: site.sub("digests")) == ["hf/2024-06-05.json", "hf/2024-06-06.json"])
        #expect(try TestPaths.bytes(site.sub("digests/hf/2024-06-05.json")) == Self.served["2024-06-05"])
        #expect(try TestPaths.bytes(site.sub("digests/hf/2024-06-06.json")) == Self.served["2024-06-06"])
        #expect(
            log.notes == [
                "fetch hf: 2024-06-05: wrote digests/hf/2024-06-05.json (2 papers)",
                "fetch hf: 2024-06-06: wrote digests/hf/2024-06-06.json (1 paper)",
                "fetch hf: 2024-06-07: no papers that day; nothing written",
            ])
        #expect(server.requests.map { $0.query["date"] } == ["2024-06-05", "2024-06-06", "2024-06-07"])
        #expect(
            server.requests.allSatisfy { $0.userAgent == "Quire/\(QuireVersion.string) (+https://example.org/papers/)" }
        )

        #expect(try String(contentsOfFile: site.sub(".quire-hf-empty-days"), encoding: .utf8) == "2024-06-07\n")

        let before = treeSnapshot(site.path)
        let again = FetchLog()
        #expect(await fetch.run(output: again.output))
        #expect(server.requests.count == 3, "a second run asks nothing")
        #expect(treeSnapshot(site.path) == before, "and writes nothing")
        #expect(
            again.notes == [
                "fetch hf: 2024-06-05: digests/hf/2024-06-05.json is already on disk; skipped (--refresh fetches it again)",
                "fetch hf: 2024-06-06: digests/hf/2024-06-06.json is already on disk; skipped (--refresh fetches it again)",
                "fetch hf: 2024-06-07: had no papers when last asked; skipped (--refresh asks again)",
            ])

        var refreshing = fetch
        refreshing.refresh = true
        #expect(await refreshing.run(output: FetchLog().output))
        #expect(server.requests.count == 6)

        // The site builds from the fetched files, with their ids, organisations and dates.
        let (model, _, diagnostics) = SiteBuilder(
            options: BuildOptions(siteDirectory: site.path, themeDirectory: TestPaths.theme)
        ).load()
        #expect(diagnostics.filter { $0.severity != .note } == [])
        let papers = try #require(model).papers
        #expect(
            papers.map { $0.record.arxiv?.id }.compactMap { $0 }.sorted() == ["2406.02532", "2406.02871", "2406.03476"])
    }

    static let invalidAnswers: [(String, ScriptedHTTPServer.Reply, String)] = [
        (
            "HTML where JSON was expected",
            ScriptedHTTPServer.Reply(
                headers: [("Content-Type", "text/html")],
                body: Array("<!DOCTYPE html><html><body>Sign in</body></html>".utf8)),
            "fetch: Hugging Face answered an HTML or XML page, not JSON, for 2024-06-05; nothing written"
        ),
        (
            "JSON cut off inside its Content-Length",
            .json(
                String(
                    String(decoding: try! TestPaths.bytes(TestPaths.fixture("fetch/hf-2024-06-05.json")), as: UTF8.self)
                        .prefix(700))),
            "fetch: Hugging Face answered JSON that does not parse"
        ),
        (
            "an object instead of a list", .json("{\"error\": \"Invalid date\"}"),
            "fetch: Hugging Face answered an object, not a list of papers, for 2024-06-05; nothing written"
        ),
        (
            "a list of things that are not papers", .json("[{\"paper\": 3}]"),
            "fetch: Hugging Face answered a list whose items are not all papers"
        ),
        ("404", .status(404), "fetch: Hugging Face answered 404 for 2024-06-05; nothing written"),
    ]

    @Test("an answer that is not a daily-papers list is not written", arguments: 0..<invalidAnswers.count)
    func invalid(_ index: Int) async throws {
        let (_, reply, message) = Self.invalidAnswers[index]
        let server = try ScriptedHTTPServer { _ in reply }
        let site = try fetchSite()
        try site.write("digests/hf/2024-06-04.json", "[]")
        let before = treeSnapshot(site.sub("digests"))
        let log = FetchLog()
        let fetch = DailyPapersFetch(
            folder: DigestFolder(siteDirectory: site.path), days: Self.days("2024-06-05", "2024-06-05"),
            endpoint: server.url, settings: testSettings())
        #expect(await !fetch.run(output: log.output))
        #expect(treeSnapshot(site.sub("digests")) == before)
        #expect(log.problems.count == 1)
        #expect(log.problems.first?.hasPrefix(message) == true, "\(log.problems)")
        #expect(server.requests.count == 1, "a complete answer is not asked for again")
    }
}

@Suite("retries, timeouts and cut-off answers")
struct RetryTests {
    /// Replies in turn, the last one for every later request.
    static func sequence(_ replies: [ScriptedHTTPServer.Reply]) throws -> ScriptedHTTPServer {
        let counter = LockedCounter()
        return try ScriptedHTTPServer { _ in replies[min(counter.next(), replies.count - 1)] }
    }

    static func fetchDay(_ server: ScriptedHTTPServer, site: TemporaryFolder, readTimeout: Double = 3) async -> (
        Bool, FetchLog
    ) {
        let log = FetchLog()
        let fetch = DailyPapersFetch(
            folder: DigestFolder(siteDirectory: site.path), days: [Day(iso: "2024-06-06")!],
            endpoint: server.url, settings: testSettings(readTimeout: readTimeout))
        return (await fetch.run(output: log.output), log)
    }

    static let goodDay = ScriptedHTTPServer.Reply.json(
        String(decoding: try! TestPaths.bytes(TestPaths.fixture("fetch/hf-2024-06-06.json")), as: UTF8.self))

    @Test("503 three times: three requests, backing off, then a failure naming the source; nothing written")
    func unavailable() async throws {
        let server = try Self.sequence([.status(503)])
        let site = try fetchSite()
        let (succeeded, log) = await Self.fetchDay(server, site: site)
        #expect(!succeeded)
        #expect(log.problems == ["fetch: Hugging Face answered 503 three times for 2024-06-06; nothing written"])
        #expect(server.requests.count == 3)
        let gaps = zip(server.requests.dropFirst(), server.requests).map { $0.time - $1.time }
        #expect(gaps[0] >= .milliseconds(50) && gaps[1] >= .milliseconds(100), "backoff doubles: \(gaps)")
        #expect(SiteInspection.files(in: site.sub("digests")) == [])
    }

    @Test("429 and 503 with Retry-After are waited for as long as they ask, then the answer is written")
    func retryAfter() async throws {
        let server = try Self.sequence([.status(429, retryAfter: "1"), .status(503, retryAfter: "0"), Self.goodDay])
        let site = try fetchSite()
        let (succeeded, log) = await Self.fetchDay(server, site: site)
        #expect(succeeded, "\(log.problems)")
        #expect(server.requests.count == 3)
        #expect(server.requests[1].time - server.requests[0].time >= .seconds(1))
        #expect(SiteInspection.files(in: site.sub("digests")) == ["hf/2024-06-06.json"])
    }

    @Test("a Retry-After longer than Quire waits fails at once")
    func longRetryAfter() async throws {
        let server = try Self.sequence([.status(429, retryAfter: "86400")])
        let site = try fetchSite()
        let (succeeded, log) = await Self.fetchDay(server, site: site)
        #expect(!succeeded)
        #expect(
            log.problems == [
                "fetch: Hugging Face answered 429 with Retry-After 86400 s, longer than Quire waits, for 2024-06-06; nothing written"
            ])
        #expect(server.requests.count == 1)
    }

    @Test("an answer slower than the timeout is asked for three times, then fails")
    func slow() async throws {
        var slow = Self.goodDay
        slow.delay = 1.5
        let server = try Self.sequence([slow])
        let site = try fetchSite()
        let (succeeded, log) = await Self.fetchDay(server, site: site, readTimeout: 0.3)
        #expect(!succeeded)
        #expect(
            log.problems == [
                "fetch: Hugging Face was slower than the timeout three times for 2024-06-06; nothing written"
            ])
        #expect(server.requests.count == 3)
        #expect(SiteInspection.files(in: site.sub("digests")) == [])
    }

    @Test("a body cut off before its Content-Length is asked for again; a whole one is then written")
    func truncated() async throws {
        var cut = Self.goodDay
        cut.cutAfter = 200
        let failing = try Self.sequence([cut])
        let site = try fetchSite()
        let (succeeded, log) = await Self.fetchDay(failing, site: site)
        #expect(!succeeded)
        #expect(log.problems == ["fetch: Hugging Face cut its answer off three times for 2024-06-06; nothing written"])
        #expect(failing.requests.count == 3)
        #expect(SiteInspection.files(in: site.sub("digests")) == [])

        let recovering = try Self.sequence([cut, Self.goodDay])
        let (recovered, _) = await Self.fetchDay(recovering, site: site)
        #expect(recovered)
        #expect(try TestPaths.bytes(site.sub("digests/hf/2024-06-06.json")) == Self.goodDay.body)
    }

    @Test("Retry-After is read as seconds or as an HTTP date")
    func retryAfterForms() {
        #expect(HTTPFetcher.retryAfterSeconds("7") == 7)
        #expect(HTTPFetcher.retryAfterSeconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0)
        let soon = Date().addingTimeInterval(30)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let seconds = HTTPFetcher.retryAfterSeconds(formatter.string(from: soon))
        #expect(seconds.map { $0 > 25 && $0 <= 30 } == true, "\(String(describing: seconds))")
        #expect(HTTPFetcher.retryAfterSeconds("soon") == nil)
    }

    @Test("the proxy comes from https_proxy or http_proxy, and no_proxy bypasses it")
    func proxies() {
        let environment = [
            "https_proxy": "http://user:secret@proxy.example:3128", "http_proxy": "proxy.example:8080",
            "no_proxy": "localhost,.internal.example,127.0.0.1",
        ]
        let https = ProxySetting.proxy(for: URL(string: "https://huggingface.co")!, environment: environment)
        #expect(https?.host == "proxy.example" && https?.port == 3128)
        let http = ProxySetting.proxy(for: URL(string: "http://export.arxiv.org")!, environment: environment)
        #expect(http?.host == "proxy.example" && http?.port == 8080)
        #expect(ProxySetting.proxy(for: URL(string: "http://127.0.0.1:8000")!, environment: environment) == nil)
        #expect(ProxySetting.proxy(for: URL(string: "https://api.internal.example")!, environment: environment) == nil)
        #expect(ProxySetting.proxy(for: URL(string: "https://huggingface.co")!, environment: [:]) == nil)
        #expect(
            ProxySetting.proxy(
                for: URL(string: "http://export.arxiv.org")!, environment: ["HTTP_PROXY": "proxy.example:1"]) == nil,
            "upper-case HTTP_PROXY is not read, as curl does not")
    }

    @Test(
        "the proxy is handed to URLSession for http and https alike, with its credentials; none is an empty dictionary")
    func proxyDictionary() {
        let proxy = ProxySetting.proxy(
            for: URL(string: "https://huggingface.co")!,
            environment: ["HTTPS_PROXY": "http://us%40er:p%3Ass@proxy.example:3128"])
        #expect(
            proxy
                == ProxySetting.Proxy(
                    kind: .http, host: "proxy.example", port: 3128, username: "us@er", password: "p:ss"))
        let dictionary = ProxySetting.connectionProxyDictionary(proxy)
        #expect(
            dictionary["HTTPSEnable"] as? Int == 1 && dictionary["HTTPSProxy"] as? String == "proxy.example"
                && dictionary["HTTPSPort"] as? Int == 3128)
        #expect(
            dictionary["HTTPEnable"] as? Int == 1 && dictionary["HTTPProxy"] as? String == "proxy.example"
                && dictionary["HTTPPort"] as? Int == 3128)
        let socks = ProxySetting.proxy(
            for: URL(string: "http://export.arxiv.org")!, environment: ["ALL_PROXY": "socks5://proxy.example"])
        #expect(socks == ProxySetting.Proxy(kind: .socks, host: "proxy.example", port: 1080))
        let socksDictionary = ProxySetting.connectionProxyDictionary(socks)
        #expect(
            socksDictionary["SOCKSProxy"] as? String == "proxy.example" && socksDictionary["SOCKSPort"] as? Int == 1080)
        #expect(socksDictionary["HTTPEnable"] == nil)
        #expect(
            ProxySetting.connectionProxyDictionary(nil).isEmpty, "not nil: the system's settings are not used either")
    }
}

@Suite("the HTTP client: redirects, refused connections, compression")
struct HTTPClientTests {
    static func fetcher(_ server: ScriptedHTTPServer) -> HTTPFetcher {
        HTTPFetcher(endpoint: server.url, settings: testSettings())
    }

    /// Answers `/hop/N` with a redirect to `/hop/N+1`, up to `/hop/last`, which answers "arrived".
    static func hops(last: Int) throws -> ScriptedHTTPServer {
        try ScriptedHTTPServer { request in
            guard let hop = Int(request.path.dropFirst("/hop/".count)) else { return .status(404) }
            guard hop < last else { return .json("\"arrived\"") }
            return ScriptedHTTPServer.Reply(status: 302, headers: [("Location", "/hop/\(hop + 1)")])
        }
    }

    @Test("redirects are followed, five at most, each with Quire's headers")
    func redirects() async throws {
        let server = try Self.hops(last: 5)
        let fetcher = Self.fetcher(server)
        let response = try await fetcher.get(server.endpoint + "/hop/0")
        await fetcher.shutdown()
        #expect(response.status == 200 && response.body == Data("\"arrived\"".utf8))
        #expect(server.requests.map(\.path) == (0...5).map { "/hop/\($0)" })
        #expect(server.requests.allSatisfy { $0.userAgent.hasPrefix("Quire/") && $0.acceptEncoding.contains("gzip") })

        let further = try Self.hops(last: 6)
        let giving = Self.fetcher(further)
        await #expect(throws: FetchError.unreachable("more than 5 redirects")) {
            try await giving.get(further.endpoint + "/hop/0")
        }
        await giving.shutdown()
        #expect(further.requests.count == 6, "the sixth redirect is not followed")
    }

    @Test("a redirect back to a URL already asked for fails at once")
    func redirectLoop() async throws {
        let server = try ScriptedHTTPServer { _ in
            ScriptedHTTPServer.Reply(status: 301, headers: [("Location", "/loop")])
        }
        let fetcher = Self.fetcher(server)
        await #expect(throws: FetchError.unreachable("a redirect loop back to \(server.endpoint)/loop")) {
            try await fetcher.get(server.endpoint + "/loop")
        }
        await fetcher.shutdown()
        #expect(server.requests.count == 1)
    }

    @Test("a refused connection is reported at once as unreachable, not retried")
    func refused() async throws {
        let closed = try ScriptedHTTPServer { _ in .status(200) }.endpoint
        let fetcher = HTTPFetcher(endpoint: URL(string: closed)!, settings: testSettings())
        await #expect(throws: FetchError.unreachable("connection refused")) { try await fetcher.get(closed + "/api") }
        await fetcher.shutdown()
    }

    @Test("a gzip answer is read decompressed; one inflating past 50 times its size is refused")
    func compression() async throws {
        // gzip of `[{"paper": {"id": "2406.02532"}}]`, and of 8,192 zero bytes (43 bytes).
        let json = Data(base64Encoded: "H4sIAAAAAAACA4uuVipILEgtUrJSqFbKTAFSSkYmBmZ6BkamxkZKtbWxAI7pdNIhAAAA")!
        let bomb = Data(base64Encoded: "H4sIAAAAAAACA+3BAQ0AAADCoPdPbQ43oAAAAAAAAACAdwOUmfTYACAAAA==")!
        let server = try ScriptedHTTPServer { request in
            ScriptedHTTPServer.Reply(
                headers: [("Content-Type", "application/json"), ("Content-Encoding", "gzip")],
                body: Array(request.path == "/bomb" ? bomb : json))
        }
        let fetcher = Self.fetcher(server)
        let response = try await fetcher.get(server.endpoint + "/json")
        #expect(String(decoding: response.body, as: UTF8.self) == #"[{"paper": {"id": "2406.02532"}}]"#)
        #expect(response.contentType == "application/json")
        await #expect(throws: FetchError.unreachable("compressed answer growing past 50 times its size")) {
            try await fetcher.get(server.endpoint + "/bomb")
        }
        await fetcher.shutdown()
        #expect(server.requests.count == 2, "a refused answer is not asked for again")
    }
}

/// A thread-safe counter for scripted servers.
final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// The count so far, then one more.
    func next() -> Int {
        lock.withLock {
            defer { value += 1 }
            return value
        }
    }
}
