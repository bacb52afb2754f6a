import Foundation
import QuireTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A tiny HTTP/1.0 file server on 127.0.0.1 for the browser tests: serves a built site from
/// `folder` under the URL path `prefix` (so the site is tried under a subpath, as deployed),
/// and records every request with its status. Hand-written over sockets because the package
/// has no HTTP server and the tests must not depend on python3.
final class StaticHTTPServer: @unchecked Sendable {
    let port: UInt16
    let folder: String
    let prefix: String
    private let listener: Int32
    private let lock = NSLock()
    private var requests: [(path: String, status: Int)] = []

    /// Starts listening on a free port.
    init(folder: String, prefix: String) throws {
        self.folder = folder
        self.prefix = prefix
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 32) == 0 else {
            close(fd)
            throw ServerError("bind/listen: \(String(cString: strerror(errno)))")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// The site's base URL, e.g. `http://127.0.0.1:40123/quire/`.
    var baseURL: String { "http://127.0.0.1:\(port)\(prefix)" }

    /// Stops accepting connections; the accept loop ends.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    /// Every request so far (path without the query) with the status it got.
    var log: [(path: String, status: Int)] {
        lock.withLock { requests }
    }

    func clearLog() {
        lock.withLock { requests.removeAll() }
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                close(listener)
                return
            }
            // One thread per connection: a browser may open a connection and send nothing on it.
            Thread { [self] in
                handle(connection)
                close(connection)
            }.start()
        }
    }

    private func handle(_ connection: Int32) {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while request.count < 65_536 {
            let count = recv(connection, &chunk, chunk.count, 0)
            if count <= 0 { return }
            request += chunk[..<count]
            if Self.endsHeaders(request) { break }
        }
        let firstLine = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self).split(separator: " ")
        guard firstLine.count >= 2, firstLine[0] == "GET" || firstLine[0] == "HEAD" else {
            respond(connection, status: 405, type: "text/plain", body: Array("method not allowed\n".utf8), path: "?")
            return
        }
        let target = String(firstLine[1])
        let path =
            (String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
                .removingPercentEncoding) ?? ""
        guard path.hasPrefix(prefix), !path.split(separator: "/").contains("..") else {
            respond(connection, status: 404, type: "text/plain", body: Array("not found\n".utf8), path: path)
            return
        }
        var relative = String(path.dropFirst(prefix.count))
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isDirectory),
            isDirectory.boolValue, !relative.isEmpty, !relative.hasSuffix("/")
        {
            respond(
                connection, status: 301, type: "text/plain", body: [], path: path,
                extraHeaders: "Location: \(path)/\r\n")
            return
        }
        if relative.isEmpty || relative.hasSuffix("/") { relative += "index.html" }
        if let body = FileManager.default.contents(atPath: folder + "/" + relative),
            FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isDirectory),
            !isDirectory.boolValue
        {
            respond(
                connection, status: 200, type: Self.contentType(of: relative), body: [UInt8](body), path: path,
                headOnly: firstLine[0] == "HEAD")
        } else {
            let page =
                FileManager.default.contents(atPath: folder + "/404.html").map { [UInt8]($0) }
                ?? Array("not found\n".utf8)
            respond(connection, status: 404, type: "text/html; charset=utf-8", body: page, path: path)
        }
    }

    private func respond(
        _ connection: Int32, status: Int, type: String, body: [UInt8], path: String,
        extraHeaders: String = "", headOnly: Bool = false
    ) {
        lock.withLock { requests.append((path, status)) }
        let reason =
            [200: "OK", 301: "Moved Permanently", 404: "Not Found", 405: "Method Not Allowed"][status] ?? "Error"
        let head =
            "HTTP/1.0 \(status) \(reason)\r\nContent-Type: \(type)\r\nContent-Length: \(body.count)\r\n\(extraHeaders)Connection: close\r\n\r\n"
        var bytes = Array(head.utf8)
        if !headOnly { bytes += body }
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if count <= 0 { return }
            sent += count
        }
    }

    /// Whether the bytes hold the blank line that ends an HTTP request's headers.
    static func endsHeaders(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return true
        }
        return false
    }

    static func contentType(of path: String) -> String {
        switch (path as NSString).pathExtension {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "xml", "opml": return "application/xml"
        case "svg": return "image/svg+xml"
        case "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }

    struct ServerError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// Headless Chromium (Debian's `chromium`), run once per page: the DOM after scripts ran and
/// every message the page wrote to the console.
enum Chromium {
    /// The browser, or nil when none is installed (`make test` installs Debian's `chromium`).
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in path.split(separator: ":")
            where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }()

    struct Page {
        /// The serialized DOM.
        var dom: String
        /// Console messages (errors, warnings, logs, uncaught exceptions), one per line.
        var console: [String]
    }

    /// Loads `url`, lets its scripts run for up to `budget` ms of virtual time, and returns the DOM.
    static func load(_ url: String, windowSize: String = "1280,900", budget: Int = 5000) throws -> Page {
        guard let executable else { throw StaticHTTPServer.ServerError("chromium not found") }
        let scratch = try TemporaryFolder("quire-chromium")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-extensions",
            "--user-data-dir=\(scratch.sub("profile"))", "--window-size=\(windowSize)",
            "--enable-logging=stderr", "--v=0", "--virtual-time-budget=\(budget)", "--dump-dom", url,
        ]
        let domPath = scratch.sub("dom.html"), logPath = scratch.sub("stderr.txt")
        try Data().write(to: URL(fileURLWithPath: domPath))
        try Data().write(to: URL(fileURLWithPath: logPath))
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: domPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try process.run()
        let deadline = Date().addingTimeInterval(90)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            throw StaticHTTPServer.ServerError("chromium did not finish loading \(url) in 90 s")
        }
        let log = SiteInspection.text(logPath)
        let console = log.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Page(dom: SiteInspection.text(domPath), console: console)
    }
}
