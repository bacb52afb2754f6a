import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// An HTTP server on 127.0.0.1 that answers like the Hugging Face and arXiv APIs, for the
/// fetch tests: `respond` picks each answer, which is written byte for byte, so the server can
/// also misbehave as real ones do (an answer later than the timeout, a body shorter than its
/// `Content-Length`, HTML where JSON was expected). Every request is recorded with its time.
/// On SwiftNIO rather than Hummingbird, which would correct a wrong `Content-Length`.
final class ScriptedHTTPServer: @unchecked Sendable {
    struct Request: Sendable {
        var path: String
        /// The query's parameters, percent-decoded.
        var query: [String: String]
        var userAgent: String
        var acceptEncoding: String
        var time: ContinuousClock.Instant
    }

    struct Reply: Sendable {
        var status = 200
        var headers: [(String, String)] = []
        var body: [UInt8] = []
        /// Seconds before the answer is sent.
        var delay: Double = 0
        /// Send only this many bytes of the body (with the full `Content-Length`), then close.
        var cutAfter: Int?

        static func json(_ text: String) -> Reply {
            Reply(headers: [("Content-Type", "application/json; charset=utf-8")], body: Array(text.utf8))
        }

        static func atom(_ text: String, status: Int = 200) -> Reply {
            Reply(
                status: status, headers: [("Content-Type", "application/atom+xml; charset=utf-8")],
                body: Array(text.utf8))
        }

        static func status(_ status: Int, retryAfter: String? = nil) -> Reply {
            Reply(status: status, headers: retryAfter.map { [("Retry-After", $0)] } ?? [], body: Array("busy".utf8))
        }
    }

    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var channel: Channel!
    private let lock = NSLock()
    private var recorded: [Request] = []
    let respond: @Sendable (Request) -> Reply

    /// The server's port.
    var port: Int { channel.localAddress!.port! }
    /// `http://127.0.0.1:PORT`.
    var endpoint: String { "http://127.0.0.1:\(port)" }
    /// `endpoint` as a URL.
    var url: URL { URL(string: endpoint)! }

    /// The requests so far, in order.
    var requests: [Request] { lock.withLock { recorded } }

    init(respond: @escaping @Sendable (Request) -> Reply) throws {
        self.respond = respond
        channel = try ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [unowned self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder()))
                    try channel.pipeline.syncOperations.addHandler(Handler(server: self))
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
    }

    deinit {
        try? channel?.close().wait()
        try? group.syncShutdownGracefully()
    }

    fileprivate func record(_ head: HTTPRequestHead) -> Reply {
        let components = URLComponents(string: "http://localhost" + head.uri)
        var query: [String: String] = [:]
        for item in components?.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let request = Request(
            path: components?.path ?? head.uri, query: query,
            userAgent: head.headers.first(name: "User-Agent") ?? "",
            acceptEncoding: head.headers.first(name: "Accept-Encoding") ?? "", time: .now)
        lock.withLock { recorded.append(request) }
        return respond(request)
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = ByteBuffer
        unowned let server: ScriptedHTTPServer
        var head: HTTPRequestHead?

        init(server: ScriptedHTTPServer) { self.server = server }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): self.head = head
            case .body: break
            case .end:
                guard let head else { return }
                let reply = server.record(head)
                var text = "HTTP/1.1 \(reply.status) \(HTTPResponseStatus(statusCode: reply.status).reasonPhrase)\r\n"
                text += "Content-Length: \(reply.body.count)\r\nConnection: close\r\n"
                for (name, value) in reply.headers { text += "\(name): \(value)\r\n" }
                text += "\r\n"
                let bytes = Array(text.utf8) + reply.body.prefix(reply.cutAfter ?? reply.body.count)
                let channel = context.channel
                channel.eventLoop.scheduleTask(in: .milliseconds(Int64(reply.delay * 1000))) {
                    channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).whenComplete { _ in
                        channel.close(promise: nil)
                    }
                }
            }
        }
    }
}
