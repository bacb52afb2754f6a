import FlyingFox
import FlyingSocks
import Foundation
import QuireCore
import QuireKit
import QuireLoading

/// Answers the browser: the built site's files under its subpath, with the live-reload script
/// added to HTML, `404.html` with status 404 for what does not exist, and the event stream.
///
/// Hand-written rather than FlyingFox's DirectoryHTTPHandler, which can neither add the script
/// to pages nor answer a folder with its index.html or a missing path with the site's own 404 page.
struct PreviewResponder: HTTPHandler {
    let state: PreviewState
    let hub: EventHub
    let inFlight: InFlightRequests
    let onRequest: @Sendable (_ method: String, _ path: String, _ status: Int) -> Void

    /// What a request is answered with, before it goes on the wire.
    struct Reply {
        var status: HTTPStatusCode
        var headers: HTTPHeaders
        var body: [UInt8] = []
        /// Texts sent after `body` as they come, in chunks; the response ends with the stream.
        var stream: AsyncStream<String>?
    }

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        // Counts until the response is sent (or the connection drops), so a shutdown can wait for it.
        let token = inFlight.begin()
        var reply = await answer(request)
        onRequest(request.method.rawValue, request.target.rawValue, reply.status.code)
        if request.method == .HEAD {
            // The length of the body a GET would get, without the body (a stream has no length).
            if reply.stream == nil { reply.headers[.contentLength] = String(reply.body.count) }
            return HTTPResponse(statusCode: reply.status, headers: reply.headers)
        }
        let body = ResponseBody(first: reply.body, rest: reply.stream, token: token)
        return HTTPResponse(
            statusCode: reply.status, headers: reply.headers,
            body: reply.stream == nil
                ? HTTPBodySequence(from: body, count: reply.body.count, suggestedBufferSize: 65536)
                : HTTPBodySequence(from: body))
    }

    private func answer(_ request: HTTPRequest) async -> Reply {
        guard request.method == .GET || request.method == .HEAD else {
            return Reply(
                status: .methodNotAllowed,
                headers: [HTTPHeader("Allow"): "GET, HEAD", .contentType: "text/plain; charset=utf-8"],
                body: Array("quire serve only reads files: use GET or HEAD.\n".utf8))
        }
        // The path as sent, decoded here: FlyingFox's `request.path` has already resolved `..`
        // and dropped a trailing slash, both of which the resolver must see.
        let rawPath = request.target.path()
        let path = rawPath.removingPercentEncoding ?? rawPath
        switch path {
        case LiveReload.eventsPath: return events()
        case LiveReload.scriptPath:
            return Reply(
                status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-store"],
                body: Array(LiveReload.script.utf8))
        default: break
        }
        await state.waitUntilSettled()
        let current = state.snapshot
        guard current.build != nil, let outputDirectory = current.outputDirectory else {
            return Reply(
                status: .serviceUnavailable,
                headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: LiveReload.failurePage(current.failure))
        }
        switch SitePathResolver.resolve(path, basePath: current.basePath, outputDirectory: outputDirectory) {
        case .file(let file):
            if let reply = fileReply(file, status: .ok, build: current.build) { return reply }
            return notFound(in: outputDirectory, build: current.build)
        case .redirectToSubpath:
            return redirect(to: current.basePath, status: .found)
        case .redirectToFolder:
            let query = request.target.query()
            return redirect(to: rawPath + "/" + (query.isEmpty ? "" : "?" + query), status: .movedPermanently)
        case .notFound:
            return notFound(in: outputDirectory, build: current.build)
        }
    }

    private func redirect(to location: String, status: HTTPStatusCode) -> Reply {
        Reply(status: status, headers: [.location: location, .cacheControl: "no-store"])
    }

    private func fileReply(_ file: String, status: HTTPStatusCode, build: String?) -> Reply? {
        guard var bytes = FileManager.default.contents(atPath: file).map([UInt8].init) else { return nil }
        let contentType = ContentTypes.of(path: file)
        if contentType.hasPrefix("text/html") { bytes = LiveReload.inject(into: bytes, build: build) }
        // no-store: a page must never come from the browser's cache after a rebuild.
        return Reply(status: status, headers: [.contentType: contentType, .cacheControl: "no-store"], body: bytes)
    }

    private func notFound(in outputDirectory: String, build: String?) -> Reply {
        fileReply(outputDirectory + "/404.html", status: .notFound, build: build)
            ?? Reply(
                status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                body: Array("Not found.\n".utf8))
    }

    /// The server-sent event stream: a `hello` with the current build, then every event.
    private func events() -> Reply {
        let stream = hub.subscribe()
        let current = state.snapshot
        let hello = ServerSentEvent.hello(build: current.build, failure: current.failure)
        // A browser reconnects a second after the stream breaks (a restart of the server).
        return Reply(
            status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
            body: Array(("retry: 1000\n\n" + hello.text).utf8), stream: stream)
    }
}

/// A response body: its bytes, then the texts of a stream as they come. Each text is one
/// buffer, so FlyingFox writes it to the socket as a chunk of its own at once.
struct ResponseBody: AsyncBufferedSequence {
    typealias Element = UInt8

    let first: [UInt8]
    let rest: AsyncStream<String>?
    /// Held until the response is sent and dropped.
    let token: InFlightRequests.Token

    func makeAsyncIterator() -> Iterator {
        Iterator(pending: first[...], texts: rest?.makeAsyncIterator())
    }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var pending: ArraySlice<UInt8>
        var texts: AsyncStream<String>.Iterator?

        mutating func next() async -> UInt8? {
            await nextBuffer(suggested: 1)?.first
        }

        mutating func nextBuffer(suggested count: Int) async -> ArraySlice<UInt8>? {
            while pending.isEmpty {
                guard let text = await texts?.next() else { return nil }
                pending = Array(text.utf8)[...]
            }
            let buffer = pending.prefix(Swift.max(count, 1))
            pending = pending.dropFirst(buffer.count)
            return buffer
        }
    }
}

/// The requests being answered, so that stopping the server can wait for them.
final class InFlightRequests: Sendable {
    private let count = Locked(0)

    /// Counts one request until the token is released.
    final class Token: Sendable {
        let requests: InFlightRequests

        init(_ requests: InFlightRequests) {
            self.requests = requests
            requests.count.withLock { $0 += 1 }
        }

        deinit { requests.count.withLock { $0 -= 1 } }
    }

    func begin() -> Token { Token(self) }

    /// Returns once no request is being answered, or after `limit`.
    func drain(within limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while count.withLock({ $0 }) > 0, ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// Maps a request path to a file of the built site, the way static hosts do.
enum SitePathResolver {
    enum Resolution: Equatable {
        case file(String)
        /// `/` when the site lives under a subpath.
        case redirectToSubpath
        /// A folder asked for without its trailing slash.
        case redirectToFolder
        case notFound
    }

    /// `path` is percent-decoded. Outside the subpath only `/` is known (it leads to the subpath);
    /// a folder without its trailing slash is redirected to it; `..`, hidden files and NUL are refused.
    static func resolve(_ path: String, basePath: String, outputDirectory: String) -> Resolution {
        guard path.hasPrefix(basePath) else {
            if path == "/" || path + "/" == basePath { return .redirectToSubpath }
            return .notFound
        }
        let relative = path.dropFirst(basePath.count)
        let segments = relative.split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            if segment.isEmpty && !isLast { return .notFound }
            if segment.hasPrefix(".") || segment.contains("\0") { return .notFound }
        }
        var file = outputDirectory + "/" + relative
        var isDirectory: ObjCBool = false
        if relative.isEmpty || relative.hasSuffix("/") {
            file += "index.html"
        } else if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
            return .redirectToFolder
        }
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return .notFound
        }
        // Only files of the build itself: nothing a symlink in the output would lead to.
        guard let resolved = InputBoundary.resolved(file), let root = InputBoundary.resolved(outputDirectory),
            resolved.hasPrefix(root + "/")
        else { return .notFound }
        return .file(file)
    }
}
