import Foundation

/// A minimal HTTP/1.1 client over a loopback socket, for the preview server's tests.
/// Hand-written because URLSession on Linux cannot hand over a response while it is still
/// arriving, which reading an event stream needs.
enum LoopbackHTTP {
    struct Response: Sendable {
        var status: Int
        /// Header names lowercased.
        var headers: [String: String]
        var body: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `request` on a thread of its own, so a test waiting for the server never holds one of
    /// the few threads the server's own tasks run on.
    static func fetch(_ method: String = "GET", port: Int, path: String) async throws -> Response {
        try await offThePool { try request(method, port: port, path: path) }
    }

    static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Sends one request (`Connection: close`) and reads the whole response.
    static func request(_ method: String = "GET", port: Int, path: String, timeout: Double = 10) throws -> Response {
        let connection = try Connection(port: port, timeout: timeout)
        try connection.send("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
        var raw: [UInt8] = []
        while let chunk = try connection.receive() { raw += chunk }
        return try parse(raw)
    }

    static func parse(_ raw: [UInt8]) throws -> Response {
        let text = String(decoding: raw, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else {
            throw Failure(description: "no end of headers in: \(text.prefix(200))")
        }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusWords = lines[0].split(separator: " ")
        guard statusWords.count >= 2, let status = Int(statusWords[1]) else {
            throw Failure(description: "bad status line: \(lines[0])")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return Response(status: status, headers: headers, body: String(text[split.upperBound...]))
    }

    /// An open `GET` of an event stream, read as it arrives.
    final class EventStream: @unchecked Sendable {
        private let connection: Connection
        /// Everything received so far (chunk-size lines included: only searched for events).
        private(set) var received = ""

        init(port: Int, path: String) throws {
            connection = try Connection(port: port, timeout: 0.2)
            try connection.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n\r\n")
        }

        /// Waits, off the cooperative pool, until `text` has arrived after `offset` (a count of
        /// characters already seen), or `seconds` pass; returns whether it did.
        func wait(for text: String, after offset: Int = 0, seconds: Double) async -> Bool {
            (try? await LoopbackHTTP.offThePool { self.waitFor(text, after: offset, seconds: seconds) }) ?? false
        }

        /// How much has arrived so far, to wait for what comes after it.
        var mark: Int { received.count }

        private func waitFor(_ text: String, after offset: Int, seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while true {
                if received.dropFirst(offset).contains(text) { return true }
                guard Date() < deadline, let chunk = try? connection.receive(allowTimeout: true) else { return false }
                received += String(decoding: chunk, as: UTF8.self)
            }
        }
    }

    /// A TCP connection to 127.0.0.1 with a receive timeout.
    final class Connection {
        private let socket: Int32

        init(port: Int, timeout: Double) throws {
            socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard socket >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
            var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1e6))
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                close(socket)
                throw Failure(description: "connect to port \(port): \(String(cString: strerror(errno)))")
            }
        }

        deinit { close(socket) }

        func send(_ text: String) throws {
            let bytes = Array(text.utf8)
            guard Glibc.send(socket, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else {
                throw Failure(description: "send: \(String(cString: strerror(errno)))")
            }
        }

        /// The next bytes, nil at the end of the stream; a timeout is an empty chunk when
        /// `allowTimeout`, else an error.
        func receive(allowTimeout: Bool = false) throws -> [UInt8]? {
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = recv(socket, &buffer, buffer.count, 0)
            if count > 0 { return Array(buffer[..<count]) }
            if count == 0 { return nil }
            if allowTimeout && (errno == EAGAIN || errno == EWOULDBLOCK) { return [] }
            throw Failure(description: "recv: \(String(cString: strerror(errno)))")
        }
    }
}
