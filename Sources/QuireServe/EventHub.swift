import Foundation

/// One server-sent event: `event: NAME` and its data on one line.
struct ServerSentEvent: Sendable, Equatable {
    var name: String
    var data: String

    /// The event as it goes on the wire. Data never holds a line break (it is an id or JSON).
    var text: String { "event: \(name)\ndata: \(data)\n\n" }

    /// Tells a page which build is current, and the failure of the last rebuild, if any.
    static func hello(build: String?, failure: PreviewFailure?) -> ServerSentEvent {
        ServerSentEvent(name: "hello", data: json(HelloPayload(build: build, failure: failure)))
    }

    /// Tells pages to reload: the site was rebuilt.
    static func reload(build: String) -> ServerSentEvent {
        ServerSentEvent(name: "reload", data: json(build))
    }

    /// Tells pages a rebuild failed, with its diagnostics.
    static func failure(_ failure: PreviewFailure) -> ServerSentEvent {
        ServerSentEvent(name: "failure", data: json(failure))
    }

    private struct HelloPayload: Encodable {
        var build: String?
        var failure: PreviewFailure?
    }

    private static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // JSONEncoder escapes line breaks inside strings, so the data stays on one line.
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }
}

/// The open event streams of the browser tabs showing the site. Every stream gets every
/// event broadcast after it subscribed.
final class EventHub: Sendable {
    /// Nil once `finishAll` was called.
    private let subscribers = Locked<[UInt64: AsyncStream<String>.Continuation]?>([:])
    private let nextID = Locked<UInt64>(0)

    /// A new stream of wire texts; it ends when `finishAll` is called or the consumer stops
    /// (at once when `finishAll` was called already: a tab reconnecting while the server stops).
    func subscribe() -> AsyncStream<String> {
        let id = nextID.withLock { value in
            value += 1
            return value
        }
        let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(64))
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0?.removeValue(forKey: id) }
        }
        let open = subscribers.withLock { list in
            list?[id] = continuation
            return list != nil
        }
        if !open { continuation.finish() }
        return stream
    }

    func broadcast(_ event: ServerSentEvent) {
        send(event.text)
    }

    /// An SSE comment, which browsers ignore: it lets a stream whose tab was closed fail and end.
    func keepAlive() {
        send(": keep-alive\n\n")
    }

    private func send(_ text: String) {
        for continuation in subscribers.withLock({ $0.map { Array($0.values) } ?? [] }) { continuation.yield(text) }
    }

    /// Ends every stream, and every later one at once, so the server can shut down without
    /// waiting for tabs to close.
    func finishAll() {
        let open = subscribers.withLock { list in
            defer { list = nil }
            return list.map { Array($0.values) } ?? []
        }
        for continuation in open { continuation.finish() }
    }
}

/// A value guarded by a lock (Synchronization's `Mutex` needs macOS 15; Quire supports 14).
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
