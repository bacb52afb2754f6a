import Foundation
import QuireKit
import QuireTestSupport

@testable import QuireServe

/// `quire serve` on a copy of a site, on a free loopback port, for as long as a test needs it.
final class RunningPreview: Sendable {
    let folder: TemporaryFolder
    /// The copy of the site the server watches; tests edit it.
    let site: String
    let port: Int
    /// Where the site is served, subpath included: `http://127.0.0.1:PORT/reading/`.
    let url: String
    private let task: Task<Void, any Error>
    private let events: Locked<[PreviewEvent]>

    private init(
        folder: TemporaryFolder, site: String, port: Int, url: String, task: Task<Void, any Error>,
        events: Locked<[PreviewEvent]>
    ) {
        self.folder = folder
        self.site = site
        self.port = port
        self.url = url
        self.task = task
        self.events = events
    }

    /// Runs `body` with a server on a copy of `source`, and stops the server after it, even
    /// when it throws.
    static func with<T>(copying source: String, _ body: (RunningPreview) async throws -> T) async throws -> T {
        let preview = try await start(copying: source)
        do {
            let result = try await body(preview)
            await preview.stop()
            return result
        } catch {
            await preview.stop()
            throw error
        }
    }

    /// Copies `source` into a temporary folder, starts the server on it and waits for the first build.
    static func start(copying source: String) async throws -> RunningPreview {
        let folder = try TemporaryFolder("quire-serve-test")
        let site = folder.sub("site")
        try FileManager.default.copyItem(atPath: source, toPath: site)
        let events = Locked<[PreviewEvent]>([])
        let options = PreviewOptions(
            siteDirectory: site, themeDirectory: TestPaths.theme, port: 0,
            pollInterval: .milliseconds(100), quietPeriod: .milliseconds(50))
        let server = PreviewServer(options: options) { event in events.withLock { $0.append(event) } }
        let task = Task { try await server.run() }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let serving = events.withLock { list in
                list.lazy.compactMap { event -> String? in
                    if case .serving(let url, _) = event { return url }
                    return nil
                }.first
            }
            if let serving, let port = URL(string: serving)?.port {
                return RunningPreview(folder: folder, site: site, port: port, url: serving, task: task, events: events)
            }
            if task.isCancelled { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        task.cancel()
        throw LoopbackHTTP.Failure(
            description: "the preview server did not start within 30 s: \(events.withLock { $0 })")
    }

    /// The temporary folder the server builds into.
    var temporaryFolder: String? {
        events.withLock { list in
            list.lazy.compactMap { event -> String? in
                if case .serving(_, let folder) = event { return folder }
                return nil
            }.first
        }
    }

    /// The folders of the builds the server has made so far, in order.
    var builtOutputs: [String] { builtReports.map(\.outputDirectory) }

    /// The reports of the builds that succeeded, in order.
    var builtReports: [BuildReport] {
        events.withLock { list in
            list.compactMap { event -> BuildReport? in
                if case .built(let report) = event { return report }
                return nil
            }
        }
    }

    /// How many builds have finished, well or not.
    var finishedBuilds: Int {
        events.withLock { list in
            list.count { event in
                switch event {
                case .built, .failed: true
                default: false
                }
            }
        }
    }

    func get(_ path: String, method: String = "GET") async throws -> LoopbackHTTP.Response {
        try await LoopbackHTTP.fetch(method, port: port, path: path)
    }

    /// Requests `path` until `accept` holds for the answer, or `seconds` pass.
    func poll(_ path: String, seconds: Double = 10, until accept: (LoopbackHTTP.Response) -> Bool) async throws
        -> LoopbackHTTP.Response
    {
        let deadline = Date().addingTimeInterval(seconds)
        var response = try await get(path)
        while !accept(response) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            response = try await get(path)
        }
        return response
    }

    func openEvents() async throws -> LoopbackHTTP.EventStream {
        let port = self.port
        return try await LoopbackHTTP.offThePool {
            try LoopbackHTTP.EventStream(port: port, path: LiveReload.eventsPath)
        }
    }

    /// Stops the server as Ctrl-C would not: by cancelling it; waits until it has stopped.
    func stop() async {
        task.cancel()
        _ = await task.result
    }
}
