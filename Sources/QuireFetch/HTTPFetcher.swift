import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import QuireCore
import QuireLoading

/// How `quire fetch` and `quire enrich` talk to a server: who they say they are, how long they
/// wait, and how they retry.
public struct FetchSettings: Sendable {
    /// Sent with every request: names Quire, its version and the site.
    public var userAgent: String
    /// Seconds to wait for a connection.
    public var connectTimeout: Double
    /// Seconds to wait for the next bytes of an answer.
    public var readTimeout: Double
    /// Requests made in all for one URL, the first included, when the server is busy or slow.
    public var attempts: Int
    /// Seconds before the first retry; each later one waits twice as long as the one before.
    public var backoff: Double
    /// The longest `Retry-After` Quire waits for; a server asking for more is given up on.
    public var longestRetryAfter: Double
    /// The environment the proxy variables are read from.
    public var environment: [String: String]

    public init(userAgent: String, connectTimeout: Double = 10, readTimeout: Double = 30, attempts: Int = 3,
                backoff: Double = 2, longestRetryAfter: Double = 120,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.userAgent = userAgent
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.attempts = attempts
        self.backoff = backoff
        self.longestRetryAfter = longestRetryAfter
        self.environment = environment
    }

    /// `Quire/0.3.0 (+https://example.org/papers/)`.
    public static func userAgent(baseURL: String) -> String {
        "Quire/\(QuireVersion.string) (+\(baseURL))"
    }
}

/// A complete answer with status 2xx, 3xx or 4xx other than 429 (those are the caller's to judge).
public struct FetchedResponse: Sendable {
    public var status: Int
    public var contentType: String?
    public var body: Data
}

/// Why a request failed after its retries, worded to follow "… answered" or "… for 'query':".
public enum FetchError: Error, Equatable, CustomStringConvertible {
    /// The server kept answering 429 or 5xx.
    case status(Int, attempts: Int)
    /// The server kept being slower than the timeout.
    case timedOut(attempts: Int)
    /// The answer kept being cut off before its end.
    case truncated(attempts: Int)
    /// The server asked to wait longer than Quire will.
    case retryAfterTooLong(status: Int, seconds: Double)
    /// No connection could be made, or another transport failure.
    case unreachable(String)

    public var description: String {
        switch self {
        case .status(let status, let attempts): "answered \(status) \(Self.times(attempts))"
        case .timedOut(let attempts): "was slower than the timeout \(Self.times(attempts))"
        case .truncated(let attempts): "cut its answer off \(Self.times(attempts))"
        case .retryAfterTooLong(let status, let seconds): "answered \(status) with Retry-After \(Int(seconds)) s, longer than Quire waits,"
        case .unreachable(let reason): "could not be reached (\(reason))"
        }
    }

    private static func times(_ count: Int) -> String {
        switch count {
        case 1: "once"
        case 2: "twice"
        case 3: "three times"
        default: "\(count) times"
        }
    }
}

/// GETs URLs one at a time with AsyncHTTPClient: timeouts, the proxy from the environment,
/// retries with exponential backoff honouring `Retry-After` on 429, 5xx, timeouts and cut-off
/// answers, and at least `spacing` seconds between the end of one request and the start of the
/// next (so the server sees them at least that far apart, however long connecting took).
public actor HTTPFetcher {
    private let client: HTTPClient
    private let settings: FetchSettings
    private let spacing: Double
    private let log: @Sendable (String) -> Void
    private var lastEnd: ContinuousClock.Instant?

    /// The largest answer read; daily-papers lists and arXiv pages are far smaller.
    static let maximumBodyBytes = 256 << 20

    /// A client for `endpoint`, whose host decides whether a proxy from the environment is used.
    /// `log` receives a line per request (for `--verbose`).
    public init(endpoint: URL, settings: FetchSettings, spacing: Double = 0, log: @escaping @Sendable (String) -> Void = { _ in }) {
        var configuration = HTTPClient.Configuration(
            timeout: .init(connect: .milliseconds(Int64(settings.connectTimeout * 1000)),
                           read: .milliseconds(Int64(settings.readTimeout * 1000))),
            proxy: ProxySetting.proxy(for: endpoint, environment: settings.environment))
        configuration.decompression = .enabled(limit: .ratio(50))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.settings = settings
        self.spacing = spacing
        self.log = log
    }

    /// Closes the connections; call once when done.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// The answer to `GET url`, after at most `settings.attempts` requests.
    public func get(_ url: String) async throws -> FetchedResponse {
        var attempt = 1
        while true {
            await waitForTurn()
            let outcome = await requestOnce(url)
            lastEnd = .now
            let retryWait: Double
            let failure: FetchError
            switch outcome {
            case .answered(let response):
                guard response.status == 429 || (500...599).contains(response.status) else { return response.fetched }
                failure = .status(response.status, attempts: attempt)
                let backoff = settings.backoff * Double(1 << (attempt - 1))
                if let asked = response.retryAfter {
                    guard asked <= settings.longestRetryAfter else {
                        throw FetchError.retryAfterTooLong(status: response.status, seconds: asked)
                    }
                    retryWait = asked
                } else {
                    retryWait = backoff
                }
            case .timedOut:
                failure = .timedOut(attempts: attempt)
                retryWait = settings.backoff * Double(1 << (attempt - 1))
            case .truncated:
                failure = .truncated(attempts: attempt)
                retryWait = settings.backoff * Double(1 << (attempt - 1))
            case .unreachable(let reason):
                throw FetchError.unreachable(reason)
            }
            guard attempt < settings.attempts else { throw failure }
            log("  retrying in \(Self.seconds(retryWait)): the server \(failure)")
            try await Task.sleep(for: .milliseconds(Int64(retryWait * 1000)))
            attempt += 1
        }
    }

    // MARK: - One request

    private struct Answer {
        var status: Int
        var contentType: String?
        var retryAfter: Double?
        var body: Data
        var fetched: FetchedResponse { FetchedResponse(status: status, contentType: contentType, body: body) }
    }

    private enum Outcome {
        case answered(Answer)
        case timedOut
        case truncated
        case unreachable(String)
    }

    private func requestOnce(_ url: String) async -> Outcome {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: settings.userAgent)
        request.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
        let started = ContinuousClock.now
        // The read timeout covers silences; the deadline bounds a server that drips bytes.
        let deadline = NIODeadline.now() + .milliseconds(Int64((settings.connectTimeout + settings.readTimeout * 4) * 1000))
        do {
            let response = try await client.execute(request, deadline: deadline)
            let body = try await response.body.collect(upTo: Self.maximumBodyBytes)
            let status = Int(response.status.code)
            log("GET \(url) → \(status) (\(body.readableBytes) bytes, \(Self.milliseconds(since: started)))")
            return .answered(Answer(status: status, contentType: response.headers.first(name: "Content-Type"),
                                    retryAfter: response.headers.first(name: "Retry-After").flatMap(Self.retryAfterSeconds),
                                    body: Data(body.readableBytesView)))
        } catch let error as HTTPClientError {
            log("GET \(url) → \(error) (\(Self.milliseconds(since: started)))")
            switch error {
            case .readTimeout, .deadlineExceeded, .connectTimeout, .writeTimeout: return .timedOut
            case .remoteConnectionClosed, .bodyLengthMismatch: return .truncated
            default: return .unreachable("\(error)")
            }
        } catch let error as HTTPParserError where error == .invalidEOFState {
            // The server closed the connection before the end its Content-Length announced.
            log("GET \(url) → cut off (\(Self.milliseconds(since: started)))")
            return .truncated
        } catch {
            log("GET \(url) → \(error) (\(Self.milliseconds(since: started)))")
            let text = String(describing: error)
            if text.lowercased().contains("timeout") || text.lowercased().contains("timed out") { return .timedOut }
            if text.contains("Connection refused") { return .unreachable("connection refused") }
            return .unreachable(text)
        }
    }

    /// Sleeps until `spacing` seconds have passed since the previous request ended.
    private func waitForTurn() async {
        guard let lastEnd, spacing > 0 else { return }
        let next = lastEnd + .milliseconds(Int64(spacing * 1000))
        if next > ContinuousClock.now { try? await Task.sleep(until: next, clock: .continuous) }
    }

    /// `Retry-After` as seconds: a number of seconds or an HTTP date.
    static func retryAfterSeconds(_ value: String) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return max(0, date.timeIntervalSinceNow)
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> String {
        let elapsed = ContinuousClock.now - start
        return "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000) ms"
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}
