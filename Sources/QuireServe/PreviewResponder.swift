import Foundation
import Hummingbird
import QuireCore
import QuireKit
import QuireLoading
import ServiceLifecycle

/// Answers the browser: the built site's files under its subpath, with the live-reload script
/// added to HTML, `404.html` with status 404 for what does not exist, and the event stream.
///
/// Hand-written rather than Hummingbird's FileMiddleware, which can neither add the script to
/// pages nor answer a missing path with the site's own 404 page.
struct PreviewResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let state: PreviewState
    let hub: EventHub
    let onRequest: @Sendable (_ method: String, _ path: String, _ status: Int) -> Void

    func respond(to request: Request, context: Context) async throws -> Response {
        let response = await answer(request)
        onRequest(request.method.rawValue, request.uri.description, response.status.code)
        return request.method == .head ? response.createHeadResponse() : response
    }

    private func answer(_ request: Request) async -> Response {
        guard request.method == .get || request.method == .head else {
            return Response(
                status: .methodNotAllowed, headers: [.allow: "GET, HEAD", .contentType: "text/plain; charset=utf-8"],
                body: body("quire serve only reads files: use GET or HEAD.\n"))
        }
        let path = request.uri.path.removingPercentEncoding ?? request.uri.path
        switch path {
        case LiveReload.eventsPath: return events(headOnly: request.method == .head)
        case LiveReload.scriptPath:
            return Response(
                status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-store"],
                body: body(LiveReload.script))
        default: break
        }
        await state.waitUntilSettled()
        let current = state.snapshot
        guard current.build != nil, let outputDirectory = current.outputDirectory else {
            return Response(
                status: .serviceUnavailable,
                headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: LiveReload.failurePage(current.failure))))
        }
        switch SitePathResolver.resolve(path, basePath: current.basePath, outputDirectory: outputDirectory) {
        case .file(let file):
            if let response = fileResponse(file, status: .ok, build: current.build) { return response }
            return notFound(in: outputDirectory, build: current.build)
        case .redirectToSubpath:
            return redirect(to: current.basePath, status: .found)
        case .redirectToFolder:
            let query = request.uri.query.map { "?" + $0 } ?? ""
            return redirect(to: request.uri.path + "/" + query, status: .movedPermanently)
        case .notFound:
            return notFound(in: outputDirectory, build: current.build)
        }
    }

    private func redirect(to location: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.location: location, .cacheControl: "no-store"])
    }

    private func fileResponse(_ file: String, status: HTTPResponse.Status, build: String?) -> Response? {
        guard var bytes = FileManager.default.contents(atPath: file).map([UInt8].init) else { return nil }
        let contentType = ContentTypes.of(path: file)
        if contentType.hasPrefix("text/html") { bytes = LiveReload.inject(into: bytes, build: build) }
        // no-store: a page must never come from the browser's cache after a rebuild.
        return Response(
            status: status, headers: [.contentType: contentType, .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private func notFound(in outputDirectory: String, build: String?) -> Response {
        fileResponse(outputDirectory + "/404.html", status: .notFound, build: build)
            ?? Response(
                status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: body("Not found.\n"))
    }

    /// The server-sent event stream: a `hello` with the current build, then every event.
    private func events(headOnly: Bool) -> Response {
        let headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"]
        if headOnly { return Response(status: .ok, headers: headers) }
        let stream = hub.subscribe()
        let current = state.snapshot
        let hello = ServerSentEvent.hello(build: current.build, failure: current.failure)
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                // A browser reconnects a second after the stream breaks (a restart of the server).
                try await writer.write(ByteBuffer(string: "retry: 1000\n\n" + hello.text))
                for await text in stream.cancelOnGracefulShutdown() {
                    try await writer.write(ByteBuffer(string: text))
                }
                try await writer.finish(nil)
            })
    }

    private func body(_ text: String) -> ResponseBody {
        ResponseBody(byteBuffer: ByteBuffer(string: text))
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
