import Foundation
import QuireCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// How `quire fetch` and `quire enrich` talk to a server: who they say they are, how long they
/// wait, and how they retry.
public struct FetchSettings: Sendable {
    /// Sent with every request: names Quire, its version and the site.
    public var userAgent: String
    /// Seconds allowed for connecting. URLSession tells nothing of connections, so this only
    /// adds to the total a request may take, `connectTimeout + 4 × readTimeout`; the connection
    /// itself must be made within `readTimeout`.
    public var connectTimeout: Double
    /// Seconds to wait for the next bytes of an answer (the first ones counted from the start of
    /// the request, connecting included).
    public var readTimeout: Double
    /// Requests made in all for one URL, the first included, when the server is busy or slow.
    public var attempts: Int
    /// Seconds before the first retry; each later one waits twice as long as the one before.
    public var backoff: Double
    /// The longest `Retry-After` Quire waits for; a server asking for more is given up on.
    public var longestRetryAfter: Double
    /// The environment the proxy variables are read from.
    public var environment: [String: String]

    public init(
        userAgent: String, connectTimeout: Double = 10, readTimeout: Double = 30, attempts: Int = 3,
        backoff: Double = 2, longestRetryAfter: Double = 120,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
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
        case .retryAfterTooLong(let status, let seconds):
            "answered \(status) with Retry-After \(Int(seconds)) s, longer than Quire waits,"
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

/// GETs URLs one at a time with URLSession (on Linux, FoundationNetworking over the system's
/// libcurl): timeouts, the proxy from the environment, retries with exponential backoff honouring
/// `Retry-After` on 429, 5xx, timeouts and cut-off answers, and at least `spacing` seconds
/// between the end of one request and the start of the next (so the server sees them at least
/// that far apart, however long connecting took). Redirects are followed, at most
/// `maximumRedirects` of them and never back to a URL already visited. Nothing is cached and no
/// cookie is kept.
public actor HTTPFetcher {
    private let session: URLSession
    private let delegate: SessionDelegate
    private let settings: FetchSettings
    private let spacing: Double
    private let log: @Sendable (String) -> Void
    private var lastEnd: ContinuousClock.Instant?

    /// The largest answer read; daily-papers lists and arXiv pages are far smaller.
    static let maximumBodyBytes = 256 << 20
    /// How many times its announced size a compressed answer may grow to once decompressed.
    static let maximumInflation = 50
    /// Redirects followed for one request.
    static let maximumRedirects = 5

    /// A client for `endpoint`, whose host decides whether a proxy from the environment is used.
    /// `log` receives a line per request (for `--verbose`).
    public init(
        endpoint: URL, settings: FetchSettings, spacing: Double = 0,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        let configuration = URLSessionConfiguration.ephemeral
        // Every answer comes from the server: no cache, no cookies, no stored credentials.
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.urlCredentialStorage = nil
        let proxy = ProxySetting.proxy(for: endpoint, environment: settings.environment)
        configuration.connectionProxyDictionary = ProxySetting.connectionProxyDictionary(proxy)
        // Timeouts. URLSession has no connect timeout, only an idle one
        // (`timeoutIntervalForRequest`) and a total one (`timeoutIntervalForResource`), and on
        // Linux neither can be used as it is: FoundationNetworking cuts the idle timeout down to
        // whole seconds (0.3 s becomes 1 ms) and ignores the total one. So each request keeps its
        // own watch (`Transfer.expiry`), mapping the settings thus:
        // - `readTimeout` is the idle timeout: the longest silence from the start of the request,
        //   and after the answer's head and each piece of its body. Connecting falls within its
        //   first silence, since URLSession tells nothing of connections: a connection must be
        //   made within `readTimeout`, and the answer start within `readTimeout` of the request.
        // - `connectTimeout + 4 × readTimeout` is the total, redirects included: it bounds a
        //   server that drips bytes, as the deadline did before.
        // URLSession's own two are set past that total, as a backstop that never decides.
        let backstop = (Self.deadline(settings) + 1).rounded(.up)
        configuration.timeoutIntervalForRequest = backstop
        configuration.timeoutIntervalForResource = backstop
        delegate = SessionDelegate(proxy: proxy)
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
        self.settings = settings
        self.spacing = spacing
        self.log = log
    }

    /// Closes the connections; call once when done.
    public func shutdown() async {
        session.invalidateAndCancel()
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

    fileprivate struct Answer: Sendable {
        var status: Int
        var contentType: String?
        var retryAfter: Double?
        var body: Data
        var fetched: FetchedResponse { FetchedResponse(status: status, contentType: contentType, body: body) }
    }

    fileprivate enum Outcome: Sendable {
        case answered(Answer)
        case timedOut
        case truncated
        case unreachable(String)
    }

    /// Seconds a request may take in all, redirects included.
    private static func deadline(_ settings: FetchSettings) -> Double {
        settings.connectTimeout + settings.readTimeout * 4
    }

    private func requestOnce(_ url: String) async -> Outcome {
        let started = ContinuousClock.now
        guard let target = URL(string: url), ["http", "https"].contains(target.scheme?.lowercased()), target.host != nil
        else {
            log("GET \(url) → not an http or https URL")
            return .unreachable("not an http or https URL")
        }
        var request = URLRequest(url: target)
        request.httpMethod = "GET"
        let transfer = Transfer(
            url: target, userAgent: settings.userAgent, readTimeout: settings.readTimeout,
            deadline: started + .milliseconds(Int64(Self.deadline(settings) * 1000)))
        let task = session.dataTask(with: transfer.prepared(request))
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                transfer.begin(continuation)
                delegate.register(transfer, for: task)
                transfer.watch(task)
                task.resume()
            }
        } onCancel: {
            task.cancel()
        }
        switch outcome {
        case .answered(let answer):
            log("GET \(url) → \(answer.status) (\(answer.body.count) bytes, \(Self.milliseconds(since: started)))")
        case .timedOut:
            log("GET \(url) → timed out (\(Self.milliseconds(since: started)))")
        case .truncated:
            log("GET \(url) → cut off (\(Self.milliseconds(since: started)))")
        case .unreachable(let reason):
            log("GET \(url) → \(reason) (\(Self.milliseconds(since: started)))")
        }
        return outcome
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

// MARK: - URLSession's delegate

/// One request as URLSession reports it: the answer's head and body as they arrive, the
/// redirects followed, and what became of it. Filled in on URLSession's delegate queue and by
/// the request's watch, a timer that ends it when it times out.
private final class Transfer: @unchecked Sendable {
    /// Where the watches run: a dispatch queue rather than Swift's cooperative pool, so that
    /// work blocking the pool's few threads cannot hold a timeout back.
    private static let watchQueue = DispatchQueue(label: "Quire.HTTPFetcher.timeouts")
    private let lock = NSLock()
    private var timer: DispatchSourceTimer?
    private let userAgent: String
    private let readTimeout: Duration
    private let deadline: ContinuousClock.Instant
    private var visited: [URL]
    private var lastActivity = ContinuousClock.now
    private var response: HTTPURLResponse?
    private var body = Data()
    private var bodyLimit = HTTPFetcher.maximumBodyBytes
    /// What became of the request when Quire ended it (a timeout, an answer too large, too many
    /// redirects), which URLSession's own error then does not override.
    private var verdict: HTTPFetcher.Outcome?
    private var continuation: CheckedContinuation<HTTPFetcher.Outcome, Never>?
    private var finished = false

    init(url: URL, userAgent: String, readTimeout: Double, deadline: ContinuousClock.Instant) {
        self.userAgent = userAgent
        self.readTimeout = .milliseconds(Int64(readTimeout * 1000))
        self.deadline = deadline
        visited = [url]
    }

    /// `request` with Quire's headers: its name, and the compression it reads (URLSession
    /// decompresses the answer).
    func prepared(_ request: URLRequest) -> URLRequest {
        var request = request
        request.setValue(userAgent, forHTTPHeaderField: "User-Agent")
        request.setValue("gzip, deflate", forHTTPHeaderField: "Accept-Encoding")
        return request
    }

    func begin(_ continuation: CheckedContinuation<HTTPFetcher.Outcome, Never>) {
        lock.withLock { self.continuation = continuation }
    }

    /// When the request times out if nothing more arrives: a silence of `readTimeout`, or the
    /// deadline, whichever comes first; nil once it is finished.
    private func expiry() -> ContinuousClock.Instant? {
        lock.withLock { finished ? nil : min(lastActivity + readTimeout, deadline) }
    }

    /// Starts the watch, which cancels `task` as timed out at its expiry.
    func watch(_ task: URLSessionTask) {
        let timer = DispatchSource.makeTimerSource(queue: Self.watchQueue)
        lock.withLock { self.timer = timer }
        timer.setEventHandler { self.check(task) }
        check(task)
        timer.resume()
    }

    /// Times the request out if its expiry has come, or sets the watch for it.
    private func check(_ task: URLSessionTask) {
        guard let expiry = expiry() else { return }
        let left = ContinuousClock.now.duration(to: expiry)
        guard left > .zero else {
            if fail(.timedOut) { task.cancel() }
            return
        }
        let nanoseconds = left.components.seconds * 1_000_000_000 + left.components.attoseconds / 1_000_000_000
        lock.withLock { timer }?.schedule(deadline: .now() + .nanoseconds(Int(nanoseconds)), leeway: .milliseconds(1))
    }

    /// Ends the request as `outcome` unless it already has an outcome; whether it did.
    @discardableResult
    func fail(_ outcome: HTTPFetcher.Outcome) -> Bool {
        lock.withLock {
            guard verdict == nil, !finished else { return false }
            verdict = outcome
            return true
        }
    }

    /// The answer's head; false if its body is announced too large to read.
    func received(_ response: URLResponse) -> Bool {
        let allowed: Bool = lock.withLock {
            lastActivity = .now
            self.response = response as? HTTPURLResponse
            body = Data()
            let length = self.response?.value(forHTTPHeaderField: "Content-Length")
                .flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            let encoding = self.response?.value(forHTTPHeaderField: "Content-Encoding")?.trimmingCharacters(
                in: .whitespaces
            ).lowercased()
            if let encoding, !encoding.isEmpty, encoding != "identity" {
                // A compressed answer is read up to a multiple of its announced size (a bomb
                // stops there), and never past the cap.
                if let length { bodyLimit = min(HTTPFetcher.maximumBodyBytes, length * HTTPFetcher.maximumInflation) }
                return true
            }
            return (length ?? 0) <= HTTPFetcher.maximumBodyBytes
        }
        if !allowed { fail(.unreachable("answer larger than \(HTTPFetcher.maximumBodyBytes >> 20) MiB")) }
        return allowed
    }

    /// A piece of the body; false once the body passes its limit.
    func received(_ data: Data) -> Bool {
        let limit: Int? = lock.withLock {
            lastActivity = .now
            guard body.count + data.count <= bodyLimit else { return bodyLimit }
            body.append(data)
            return nil
        }
        guard let limit else { return true }
        fail(
            .unreachable(
                limit < HTTPFetcher.maximumBodyBytes
                    ? "compressed answer growing past \(HTTPFetcher.maximumInflation) times its size"
                    : "answer larger than \(HTTPFetcher.maximumBodyBytes >> 20) MiB"))
        return false
    }

    /// The request to follow a redirect with, or nil to stop there: a redirect to something
    /// other than http or https is not followed (its answer is the answer); too many redirects,
    /// or one back to a URL already visited, fail the request.
    func redirect(to request: URLRequest) -> URLRequest? {
        guard let url = request.url, ["http", "https"].contains(url.scheme?.lowercased()) else { return nil }
        let failure: String? = lock.withLock {
            lastActivity = .now
            if visited.count > HTTPFetcher.maximumRedirects {
                return "more than \(HTTPFetcher.maximumRedirects) redirects"
            }
            if visited.contains(url) { return "a redirect loop back to \(url.absoluteString)" }
            visited.append(url)
            return nil
        }
        if let failure {
            fail(.unreachable(failure))
            return nil
        }
        return prepared(request)
    }

    /// The request has ended, with URLSession's `error` if it failed.
    func finish(_ error: Error?) {
        let (ending, continuation, timer) = lock.withLock {
            finished = true
            defer { self.continuation = nil; self.timer = nil }
            return (verdict ?? outcome(of: error), self.continuation, self.timer)
        }
        timer?.cancel()
        continuation?.resume(returning: ending)
    }

    /// What an ending without a verdict of Quire's means (under the lock).
    private func outcome(of error: Error?) -> HTTPFetcher.Outcome {
        guard let error else {
            guard let response else { return .unreachable("no HTTP answer") }
            return .answered(
                HTTPFetcher.Answer(
                    status: response.statusCode, contentType: response.value(forHTTPHeaderField: "Content-Type"),
                    retryAfter: response.value(forHTTPHeaderField: "Retry-After").flatMap(
                        HTTPFetcher.retryAfterSeconds),
                    body: body))
        }
        let code = URLError.Code(rawValue: (error as NSError).code)
        switch code {
        case .timedOut:
            return .timedOut
        case .cannotConnectToHost:
            return .unreachable("connection refused")
        case .networkConnectionLost, .badServerResponse:
            // The connection closed before the answer (curl's "empty reply"), or during it.
            return .truncated
        case .cancelled:
            return .unreachable("cancelled")
        default:
            // Once the answer has begun, a failure is a body cut off before its end (curl's
            // "transfer closed with N bytes remaining"), unless all its Content-Length came.
            if let response, !complete(response) { return .truncated }
            return .unreachable(error.localizedDescription)
        }
    }

    /// Whether an uncompressed answer's body came whole (under the lock).
    private func complete(_ response: HTTPURLResponse) -> Bool {
        let encoding = response.value(forHTTPHeaderField: "Content-Encoding")?.lowercased() ?? "identity"
        guard encoding == "identity" || encoding.isEmpty,
            let length = response.value(forHTTPHeaderField: "Content-Length").flatMap({
                Int($0.trimmingCharacters(in: .whitespaces))
            })
        else { return false }
        return body.count >= length
    }
}

/// The session's delegate: hands each delegate call to the request's `Transfer`.
private final class SessionDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private var transfers: [Int: Transfer] = [:]
    private let proxy: ProxySetting.Proxy?

    init(proxy: ProxySetting.Proxy?) {
        self.proxy = proxy
    }

    func register(_ transfer: Transfer, for task: URLSessionTask) {
        lock.withLock { transfers[task.taskIdentifier] = transfer }
    }

    private func transfer(for task: URLSessionTask) -> Transfer? {
        lock.withLock { transfers[task.taskIdentifier] }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        guard transfer(for: dataTask)?.received(response) ?? true else {
            // FoundationNetworking ignores the disposition; cancelling works everywhere.
            completionHandler(.cancel)
            dataTask.cancel()
            return
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        if transfer(for: dataTask)?.received(data) == false { dataTask.cancel() }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(transfer(for: task)?.redirect(to: request))
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, willCacheResponse proposedResponse: CachedURLResponse,
        completionHandler: @escaping @Sendable (CachedURLResponse?) -> Void
    ) {
        completionHandler(nil)
    }

    #if !canImport(FoundationNetworking)
        /// The proxy's credentials, from its URL in the environment, when it asks for them (on
        /// Linux libcurl reads them from the same URL itself).
        func urlSession(
            _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
            completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
        ) {
            guard challenge.protectionSpace.isProxy(), challenge.previousFailureCount == 0,
                let username = proxy?.username
            else {
                completionHandler(.performDefaultHandling, nil)
                return
            }
            completionHandler(
                .useCredential, URLCredential(user: username, password: proxy?.password ?? "", persistence: .forSession)
            )
        }
    #endif

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        let transfer = lock.withLock { transfers.removeValue(forKey: task.taskIdentifier) }
        transfer?.finish(error)
    }
}
