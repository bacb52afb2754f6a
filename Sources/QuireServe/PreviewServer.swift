import FlyingFox
import FlyingSocks
import Foundation
import QuireCore
import QuireKit
import QuireLoading
import QuireOutput

/// What `quire serve` previews and how.
public struct PreviewOptions: Sendable {
    public var siteDirectory: String
    /// The default theme's folder, or nil for the theme compiled into Quire; a folder is watched
    /// too, so theme work shows at once.
    public var themeDirectory: String?
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// How often the inputs are looked at.
    public var pollInterval: Duration
    /// How long the inputs must stay unchanged before a rebuild starts, so saving several
    /// files at once rebuilds once.
    public var quietPeriod: Duration
    /// Told how far each build has got.
    public var progress: (@Sendable (BuildProgress) -> Void)?

    public init(
        siteDirectory: String, themeDirectory: String? = nil, host: String = "127.0.0.1", port: Int = 8080,
        pollInterval: Duration = .milliseconds(300), quietPeriod: Duration = .milliseconds(150),
        progress: (@Sendable (BuildProgress) -> Void)? = nil
    ) {
        self.siteDirectory = siteDirectory
        self.themeDirectory = themeDirectory
        self.host = host
        self.port = port
        self.pollInterval = pollInterval
        self.quietPeriod = quietPeriod
        self.progress = progress
    }

    /// The site's inputs, as `quire build` reads them.
    var buildInputs: BuildOptions { BuildOptions(siteDirectory: siteDirectory, themeDirectory: themeDirectory) }
}

/// What the preview server tells the command line.
public enum PreviewEvent: Sendable {
    /// A build starts; `changes` are the input files that changed (none for the first build).
    case building(changes: [String])
    case built(BuildReport)
    /// A build failed; the last good build, if there is one, stays served.
    case failed(PreviewFailure, [Diagnostic], servingLastGoodBuild: Bool)
    /// The first build is done and the site is served at `url` (its subpath included), built
    /// into a folder under `temporaryFolder`.
    case serving(url: String, temporaryFolder: String)
    case request(method: String, path: String, status: Int)
    /// Asked to stop: closing the event streams and removing the temporary builds.
    case stopping
}

/// `quire serve`: builds the site into a temporary folder of its own, serves it over HTTP,
/// rebuilds when an input changes and tells open pages to reload.
public struct PreviewServer: Sendable {
    public let options: PreviewOptions
    let onEvent: @Sendable (PreviewEvent) -> Void

    public init(options: PreviewOptions, onEvent: @escaping @Sendable (PreviewEvent) -> Void) {
        self.options = options
        self.onEvent = onEvent
    }

    /// Serves until cancelled or one of `shutdownSignals` (`SIGINT`, `SIGTERM`) arrives, then
    /// closes the event streams, waits up to 5 s for the requests under way, stops the server
    /// and removes the temporary output.
    public func run(shutdownSignals: [Int32] = []) async throws {
        let address = try Self.socketAddress(host: options.host, port: options.port)
        let folder = try TemporaryOutput()
        defer { folder.remove() }
        let state = PreviewState()
        let hub = EventHub()
        let inFlight = InFlightRequests()
        let stopping = Locked(false)
        let signals = SignalWatch(shutdownSignals) { stopping.withLock { $0 = true } }
        defer { signals.cancel() }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let onEvent = self.onEvent
        let responder = PreviewResponder(state: state, hub: hub, inFlight: inFlight) { method, path, status in
            onEvent(.request(method: method, path: path, status: status))
        }
        // quire prints its own messages.
        let server = HTTPServer(
            config: HTTPServer.Configuration(address: address, timeout: Self.requestTimeout, logger: .disabled),
            handler: responder)
        let rebuilder = Rebuilder(
            options: options, folder: folder, state: state, hub: hub, ports: ports, stopping: stopping,
            onEvent: onEvent)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // Ends the ports too, so a server that cannot listen also ends the rebuilder.
                defer { portContinuation.finish() }
                do {
                    try await server.run()
                } catch {
                    // Stopped as asked: FlyingFox ends `run` with an error then.
                    guard stopping.withLock({ $0 }) || Task.isCancelled else { throw error }
                }
            }
            group.addTask {
                try await server.waitUntilListening(timeout: Self.requestTimeout)
                switch await server.listeningAddress {
                case .ip4(_, let port), .ip6(_, let port): portContinuation.yield(Int(port))
                default: break
                }
                portContinuation.finish()
            }
            // Returns when asked to stop, having ended the event streams.
            await rebuilder.run()
            stopping.withLock { $0 = true }
            // FlyingFox's own stop waits its whole timeout (its accept loop does not notice the
            // closed socket), so the requests under way are waited for here, and it is told 0.
            await inFlight.drain(within: .seconds(5))
            await server.stop(timeout: 0)
            // Rethrows why the server could not listen, if it could not (`waitForAll` would first
            // wait for the child still waiting for the server to listen).
            while try await group.next() != nil {}
        }
    }

    /// How long a request may take: it waits for the first build, however long that takes
    /// (FlyingFox would answer it with a 500 after its default 15 s).
    static let requestTimeout: TimeInterval = 3600

    /// The address to listen on: an IPv4 or IPv6 address, or a name such as `localhost`.
    static func socketAddress(host: String, port: Int) throws -> any SocketAddress {
        let port = UInt16(clamping: port)
        if let address = try? sockaddr_in.inet(ip4: host, port: port) { return address }
        if let address = try? sockaddr_in6.inet6(ip6: host, port: port) { return address }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &found)
        defer { if let found { freeaddrinfo(found) } }
        var entry = status == 0 ? found : nil
        while let current = entry?.pointee {
            switch current.ai_family {
            case AF_INET:
                var address = current.ai_addr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee }
                address.sin_port = port.bigEndian
                return address
            case AF_INET6:
                var address = current.ai_addr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee }
                address.sin6_port = port.bigEndian
                return address
            default:
                entry = current.ai_next
            }
        }
        let reason = status == 0 ? "it has no IP address" : String(cString: gai_strerror(status))
        throw BuildFailure("\(reason); check --host")
    }

    /// `http://HOST:PORT`, with a wildcard host shown as `localhost` and IPv6 in brackets.
    static func origin(host: String, port: Int) -> String {
        let shown = host == "0.0.0.0" || host == "::" || host.isEmpty ? "localhost" : host
        return "http://\(shown.contains(":") ? "[\(shown)]" : shown):\(port)"
    }
}

/// Builds the site once the server listens, then watches the inputs and rebuilds on change,
/// until cancelled or asked to stop.
struct Rebuilder: Sendable {
    let options: PreviewOptions
    let folder: TemporaryOutput
    let state: PreviewState
    let hub: EventHub
    let ports: AsyncStream<Int>
    /// Set when a shutdown signal arrives.
    let stopping: Locked<Bool>
    let onEvent: @Sendable (PreviewEvent) -> Void
    /// Browsers keep idle streams open; a comment now and then ends those of closed tabs.
    static let keepAliveInterval: Duration = .seconds(15)

    func run() async {
        var listening = ports.makeAsyncIterator()
        guard let port = await listening.next() else { return }
        let origin = PreviewServer.origin(host: options.host, port: port)
        let inputs = options.buildInputs
        // The preview's own copy of the ledger: its builds record papers there, never in the site
        // folder, so a paper renamed while previewing does not reserve both names for good.
        folder.copyLedger(from: inputs.ledgerPath)
        func watcher() -> SiteWatcher {
            let config = ConfigLoader().load(path: inputs.configPath).0
            let inputs = inputs.inputs(config: config)
            return SiteWatcher(roots: inputs.all, boundary: inputs.boundary)
        }
        var watching = watcher()
        var snapshot = watching.snapshot()
        let basePath = await build(origin: origin, changes: [])
        onEvent(.serving(url: origin + basePath, temporaryFolder: folder.path))
        let clock = ContinuousClock()
        var lastKeepAlive = clock.now
        while !Task.isCancelled && !stopping.withLock({ $0 }) {
            try? await Task.sleep(for: options.pollInterval)
            if clock.now - lastKeepAlive > Self.keepAliveInterval {
                hub.keepAlive()
                lastKeepAlive = clock.now
            }
            var latest = watching.snapshot()
            guard latest != snapshot else { continue }
            // Wait until the files stop changing (an editor writing several, a copy under way).
            for _ in 0..<20 {
                try? await Task.sleep(for: options.quietPeriod)
                let again = watching.snapshot()
                if again == latest { break }
                latest = again
            }
            let changes = SiteWatcher.changes(from: snapshot, to: latest)
            if changes.contains(inputs.configPath) {
                // `trusted_folders` may have changed: watch where the build will read.
                watching = watcher()
                latest = watching.snapshot()
            }
            snapshot = latest
            _ = await build(origin: origin, changes: changes)
        }
        onEvent(.stopping)
        hub.finishAll()
    }

    /// One build, on a thread of its own (it keeps every core busy); returns the subpath it
    /// built for.
    ///
    /// Every build goes into the same folder, as `quire build` does: it is swapped in whole
    /// when it succeeds (a request reads the old build or the new one), and a rebuild renders
    /// and writes only the pages that changed.
    private func build(origin: String, changes: [String]) async -> String {
        onEvent(.building(changes: changes))
        let basePath = Self.basePath(configPath: options.buildInputs.configPath)
        let buildOptions = BuildOptions(
            siteDirectory: options.siteDirectory, outputDirectory: folder.outputPath,
            baseURL: origin + basePath, themeDirectory: options.themeDirectory,
            ledgerFile: folder.ledgerPath, progress: options.progress)
        let result: Result<BuildReport, any Error> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { try SiteBuilder(options: buildOptions).build() })
            }
        }
        switch result {
        case .success(let report):
            let build = state.succeeded(basePath: basePath, outputDirectory: report.outputDirectory)
            // Reported before the pages hear of it, so whoever watches both sees them in order.
            onEvent(.built(report))
            hub.broadcast(.reload(build: build))
            return basePath
        case .failure(let error):
            let diagnostics = (error as? BuildFailure)?.diagnostics ?? []
            var reason = (error as? BuildFailure)?.reason ?? "\(error)"
            // The last good build stays served: say so instead of talking of an output folder.
            for outcome in [SiteBuilder.outputUnchanged, SiteBuilder.nothingWritten] where reason.hasSuffix(outcome) {
                reason.removeLast(outcome.count)
            }
            // Errors first: they are why the page is stale; the warnings follow as the build printed them.
            let ordered = diagnostics.filter { $0.severity == .error } + diagnostics.filter { $0.severity != .error }
            let failure = PreviewFailure(reason: reason, diagnostics: ordered.map(\.description))
            state.failed(failure)
            onEvent(.failed(failure, diagnostics, servingLastGoodBuild: state.snapshot.build != nil))
            hub.broadcast(.failure(failure))
        }
        return basePath
    }

    /// The subpath of the configured `base_url`, which the preview keeps; `/` when the
    /// configuration cannot be read (the build then reports why).
    static func basePath(configPath: String) -> String {
        let (config, _) = ConfigLoader().load(path: configPath)
        return SiteURL(config.baseURL)?.basePath ?? "/"
    }
}

/// A temporary folder of the server's own; the builds go into a folder inside it, so no
/// folder of the user's is ever written or replaced.
struct TemporaryOutput: Sendable {
    let path: String

    /// Where the builds go (OutputWriter keeps its files beside it, in this folder).
    var outputPath: String { path + "/site" }

    /// The ledger the preview's builds read and write: a copy of the site's.
    var ledgerPath: String { path + "/" + LedgerFile.fileName }

    /// Starts the preview's ledger from the site's (when it has one), so published papers keep their slugs.
    func copyLedger(from sitePath: String) {
        try? FileManager.default.copyItem(atPath: sitePath, toPath: ledgerPath)
    }

    init() throws {
        var template = Array((FileManager.default.temporaryDirectory.path + "/quire-serve-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw BuildFailure("cannot create a temporary folder for the preview: \(String(cString: strerror(errno)))")
        }
        path = String(cString: created)
    }

    /// Deletes the folder and the builds in it: renamed aside (`…-removing`) and deleted by a
    /// detached process, so that Ctrl-C ends the preview at once (deleting a 100,000-paper
    /// preview and the earlier build kept beside it took 30 s on disk).
    func remove() {
        FileTree.removeDetached(path, aside: path + "-removing")
    }
}

/// Turns shutdown signals into a call of `handler`, instead of ending the process at once.
struct SignalWatch: @unchecked Sendable {
    private let signals: [Int32]
    private let sources: [any DispatchSourceSignal]

    init(_ signals: [Int32], handler: @escaping @Sendable () -> Void) {
        self.signals = signals
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    /// Stops watching: the signals end the process again.
    func cancel() {
        for source in sources { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }
}
