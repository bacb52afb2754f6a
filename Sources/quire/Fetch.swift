import ArgumentParser
import Foundation
import QuireCore
import QuireFetch
import QuireKit
import QuireLoading

/// `quire fetch`: today's papers from Hugging Face and arXiv into the site's digests.
struct Fetch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Download papers from Hugging Face and arXiv into the site's digests.",
        discussion: """
            `quire fetch SITE_DIR` fetches every source listed under `fetch:` in quire.yml \
            (`fetch: {hf: true, arxiv: ["cat:cs.LG AND abs:pruning"], arxiv_listing: [cs.CL]}`); \
            `quire fetch hf`, `quire fetch arxiv` and `quire fetch arxiv-listing` fetch one source. A file is written only once its answer has been \
            read in full as a digest, and atomically; a file already on disk is not replaced \
            unless --refresh is given. Busy or slow servers are asked again (at most 3 requests, \
            waiting longer each time or as long as Retry-After says). Proxies are taken from \
            https_proxy, http_proxy and no_proxy. Exits with status 1 when a source failed.
            """,
        subcommands: [FetchConfigured.self, FetchHuggingFace.self, FetchArxiv.self, FetchArxivListing.self],
        defaultSubcommand: FetchConfigured.self
    )
}

/// Options every fetching command shares.
struct FetchOptions: ParsableArguments {
    @Option(help: "Seconds to wait for a connection, and for each part of an answer.")
    var timeout: Double = 30

    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds") }
    }
}

/// The site folder a fetch writes into, its configuration, and the fetch's settings.
struct FetchSite {
    var folder: DigestFolder
    var config: SiteConfig
    var settings: FetchSettings

    /// Reads `SITE_DIR/quire.yml`; a folder without one, or one with errors, is refused.
    init(_ siteDirectory: String, options: FetchOptions, command: String) throws {
        let terminal = options.outputOptions.terminal
        let configPath = siteDirectory + "/" + ConfigLoader.fileName
        guard FileManager.default.fileExists(atPath: configPath) else {
            terminal.error(
                "error: \(command): \(siteDirectory) has no \(ConfigLoader.fileName); \(command) writes into a site folder (`quire init` makes one)"
            )
            throw ExitCode.failure
        }
        let (config, diagnostics) = ConfigLoader().load(path: configPath)
        terminal.printDiagnostics(diagnostics, strict: false)
        guard diagnostics.errorCount == 0 else {
            terminal.error("error: \(command): \(configPath) has errors; nothing fetched")
            throw ExitCode.failure
        }
        folder = DigestFolder(siteDirectory: siteDirectory)
        self.config = config
        settings = FetchSettings(
            userAgent: FetchSettings.userAgent(baseURL: config.baseURL),
            connectTimeout: min(options.timeout, 10), readTimeout: options.timeout)
    }
}

/// `quire fetch [SITE_DIR]`: every source `fetch:` in quire.yml lists.
struct FetchConfigured: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "configured",
        abstract: "Fetch every source listed under `fetch:` in quire.yml (the default).",
        discussion: """
            Runs `quire fetch hf` for today when `fetch: {hf: true}`, `quire fetch arxiv \
            --query Q` for each query of `fetch: {arxiv: [Q, …]}`, and `quire fetch arxiv-listing` \
            for the categories of `fetch: {arxiv_listing: [cs.CL, …]}`. This is the command for a \
            daily cron line or a scheduled CI job.
            """
    )

    @Argument(help: "The site folder, holding quire.yml and digests/.", completion: .directory)
    var siteDirectory: String = "."

    @Flag(help: "Fetch again what is already on disk, replacing it.")
    var refresh = false

    @Option(help: "Seconds between two requests to arXiv (arXiv asks for 3).")
    var delay: Double = 3

    @Option(name: .customLong("hf-endpoint"), help: "The Hugging Face server (default: https://huggingface.co).")
    var huggingFaceEndpoint: String?

    @Option(name: .customLong("arxiv-endpoint"), help: "The arXiv API server (default: http://export.arxiv.org).")
    var arxivEndpoint: String?

    @Option(
        name: .customLong("arxiv-listing-endpoint"),
        help: "The arXiv announcement feeds' server (default: https://rss.arxiv.org).")
    var arxivListingEndpoint: String?

    @OptionGroup var fetchOptions: FetchOptions

    func validate() throws {
        guard delay >= 0 else { throw ValidationError("--delay cannot be negative") }
    }

    func run() async throws {
        let site = try FetchSite(siteDirectory, options: fetchOptions, command: "fetch")
        let output = FetchConsole(terminal: fetchOptions.outputOptions.terminal).output
        let sources = site.config.fetch
        guard !sources.isEmpty else {
            fetchOptions.outputOptions.terminal.error(
                """
                error: fetch: \(siteDirectory)/\(ConfigLoader.fileName) lists no source under `fetch:`; nothing fetched
                  add for example `fetch: {hf: true, arxiv: ["cat:cs.LG AND abs:pruning"], arxiv_listing: [cs.CL]}`, or run `quire fetch hf`, `quire fetch arxiv --query Q` or `quire fetch arxiv-listing cs.CL`
                """)
            throw ExitCode.failure
        }
        var succeeded = true
        if sources.huggingFace {
            let fetch = DailyPapersFetch(
                folder: site.folder, days: [.todayUTC], refresh: refresh,
                endpoint: try parseEndpoint(huggingFaceEndpoint, DailyPapersFetch.defaultEndpoint),
                settings: site.settings)
            succeeded = await fetch.run(output: output) && succeeded
        }
        for query in sources.arxivQueries {
            let fetch = ArxivQueryFetch(
                folder: site.folder, query: query, delay: delay, refresh: refresh,
                endpoint: try parseEndpoint(arxivEndpoint, ArxivQueryFetch.defaultEndpoint), settings: site.settings)
            succeeded = await fetch.run(output: output) && succeeded
        }
        if !sources.arxivListingCategories.isEmpty {
            let fetch = ArxivListingFetch(
                folder: site.folder, categories: sources.arxivListingCategories, refresh: refresh,
                endpoint: try parseEndpoint(arxivListingEndpoint, ArxivListingFetch.defaultEndpoint),
                settings: site.settings)
            succeeded = await fetch.run(output: output) && succeeded
        }
        output.progress("")
        if !succeeded { throw ExitCode.failure }
    }
}

/// `quire fetch hf`: Hugging Face daily papers, one file per day.
struct FetchHuggingFace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hf",
        abstract: "Fetch Hugging Face daily papers into digests/hf/YYYY-MM-DD.json.",
        discussion: """
            Asks {endpoint}/api/daily_papers?date=YYYY-MM-DD for each day (default: today, in UTC) \
            and writes the answer, byte for byte, to digests/hf/YYYY-MM-DD.json once it has been \
            read as a list of papers. A day already on disk is skipped unless --refresh is given; \
            a day with no papers writes nothing.
            """
    )

    @Argument(help: "The site folder, holding quire.yml and digests/.", completion: .directory)
    var siteDirectory: String = "."

    @Option(help: "The day to fetch, YYYY-MM-DD (default: today in UTC).")
    var date: String?

    @Option(help: "The first day of a range to fetch, YYYY-MM-DD (with --to).")
    var from: String?

    @Option(help: "The last day of the range, YYYY-MM-DD (with --from).")
    var to: String?

    @Flag(help: "Fetch days already on disk again, replacing their files.")
    var refresh = false

    @Option(help: "The Hugging Face server (default: https://huggingface.co).")
    var endpoint: String?

    @OptionGroup var fetchOptions: FetchOptions

    /// The days asked for.
    func days() throws -> [Day] {
        func day(_ text: String, _ option: String) throws -> Day {
            guard let day = Day(iso: text) else {
                throw ValidationError("\(option) '\(text)' is not a date as YYYY-MM-DD")
            }
            return day
        }
        if let date {
            guard from == nil, to == nil else { throw ValidationError("give --date, or --from and --to, not both") }
            return [try day(date, "--date")]
        }
        switch (from, to) {
        case (nil, nil): return [.todayUTC]
        case (let from?, let to?):
            let (first, last) = (try day(from, "--from"), try day(to, "--to"))
            guard first <= last else { throw ValidationError("--from \(first) is after --to \(last)") }
            let days = Day.range(from: first, to: last)
            guard days.count <= 3660 else {
                throw ValidationError("--from and --to span \(days.count) days; ask for ten years at most")
            }
            return days
        default: throw ValidationError("--from and --to go together")
        }
    }

    func validate() throws {
        _ = try days()
        _ = try parseEndpoint(endpoint, DailyPapersFetch.defaultEndpoint)
    }

    func run() async throws {
        let site = try FetchSite(siteDirectory, options: fetchOptions, command: "fetch hf")
        let console = FetchConsole(terminal: fetchOptions.outputOptions.terminal)
        let fetch = DailyPapersFetch(
            folder: site.folder, days: try days(), refresh: refresh,
            endpoint: try parseEndpoint(endpoint, DailyPapersFetch.defaultEndpoint), settings: site.settings)
        let succeeded = await fetch.run(output: console.output)
        console.output.progress("")
        if !succeeded { throw ExitCode.failure }
    }
}

/// `quire fetch arxiv`: the newest papers of an arXiv API query.
struct FetchArxiv: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arxiv",
        abstract: "Fetch the newest papers of an arXiv query into digests/arxiv/YYYY-MM-DD-<query>.xml.",
        discussion: """
            Pages through {endpoint}/api/query?search_query=Q, newest first, at most 2,000 results \
            a request and --delay seconds apart, until --max papers, the end of the results, or a \
            page whose papers are all in the site's earlier exports of the query. Writes the new \
            papers as one Atom export titled with the query, which `quire build` reads.
            """
    )

    @Argument(help: "The site folder, holding quire.yml and digests/.", completion: .directory)
    var siteDirectory: String = "."

    @Option(help: "The arXiv API query (search_query), e.g. \"cat:cs.LG AND abs:pruning\".")
    var query: String

    @Option(help: "The most papers to fetch.")
    var max = 200

    @Option(help: "Seconds between two requests (arXiv asks for 3).")
    var delay: Double = 3

    @Flag(help: "Fetch again when today's export of the query is already on disk, replacing it.")
    var refresh = false

    @Option(help: "The arXiv API server (default: http://export.arxiv.org).")
    var endpoint: String?

    @OptionGroup var fetchOptions: FetchOptions

    func validate() throws {
        guard !query.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--query cannot be empty")
        }
        guard max > 0 else { throw ValidationError("--max must be at least 1") }
        guard delay >= 0 else { throw ValidationError("--delay cannot be negative") }
        _ = try parseEndpoint(endpoint, ArxivQueryFetch.defaultEndpoint)
    }

    func run() async throws {
        let site = try FetchSite(siteDirectory, options: fetchOptions, command: "fetch arxiv")
        let console = FetchConsole(terminal: fetchOptions.outputOptions.terminal)
        let fetch = ArxivQueryFetch(
            folder: site.folder, query: query, maximum: max, delay: delay, refresh: refresh,
            endpoint: try parseEndpoint(endpoint, ArxivQueryFetch.defaultEndpoint), settings: site.settings)
        let succeeded = await fetch.run(output: console.output)
        console.output.progress("")
        if !succeeded { throw ExitCode.failure }
    }
}

/// `quire fetch arxiv-listing cs.CL cs.LG [SITE_DIR]`: the day's announcement feed of arXiv categories.
struct FetchArxivListing: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arxiv-listing",
        abstract: "Fetch the day's arXiv announcement feed of some categories into digests/arxiv-listing/.",
        discussion: """
            Asks {endpoint}/rss/CATEGORY+CATEGORY… once, and writes the feed byte for byte to \
            digests/arxiv-listing/YYYY-MM-DD-<categories>.xml, named by the day arXiv announced it, \
            once it has been read as an announcement feed. arXiv announces nothing on weekends and \
            holidays: an empty feed writes nothing. A day already on disk is not asked for again \
            unless --refresh is given. The last argument is the site folder when it is not a \
            category or is a folder holding quire.yml (default: the current folder).
            """
    )

    @Argument(help: "arXiv categories (cs.CL, cs.LG, math), then optionally the site folder.")
    var arguments: [String]

    @Flag(help: "Fetch again when the day's feed is already on disk, replacing it.")
    var refresh = false

    @Option(help: "The arXiv announcement feeds' server (default: https://rss.arxiv.org).")
    var endpoint: String?

    @OptionGroup var fetchOptions: FetchOptions

    /// The categories and the site folder the arguments name.
    var split: (categories: [String], site: String) {
        ArxivListingFetch.arguments(arguments) { argument in
            FileManager.default.fileExists(atPath: argument + "/" + ConfigLoader.fileName)
        }
    }

    func validate() throws {
        let categories = split.categories
        guard !categories.isEmpty else { throw ValidationError("name at least one arXiv category, such as cs.CL") }
        for category in categories where !ArxivListingFetch.isCategory(category) {
            throw ValidationError("'\(category)' is not an arXiv category such as cs.CL or math")
        }
        _ = try parseEndpoint(endpoint, ArxivListingFetch.defaultEndpoint)
    }

    func run() async throws {
        let (categories, siteDirectory) = split
        let site = try FetchSite(siteDirectory, options: fetchOptions, command: "fetch arxiv-listing")
        let console = FetchConsole(terminal: fetchOptions.outputOptions.terminal)
        let fetch = ArxivListingFetch(
            folder: site.folder, categories: categories, refresh: refresh,
            endpoint: try parseEndpoint(endpoint, ArxivListingFetch.defaultEndpoint), settings: site.settings)
        let succeeded = await fetch.run(output: console.output)
        console.output.progress("")
        if !succeeded { throw ExitCode.failure }
    }
}

/// `quire enrich`: arXiv ids for papers found by title.
struct Enrich: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the site's papers that have no arXiv id on arXiv, by their exact title.",
        discussion: """
            Asks the arXiv API for each title (search_query=ti:"…"), keeps only titles equal after \
            normalizing case, punctuation, spacing and TeX, and adds the matches to \
            digests/arxiv/enriched.xml, which gives those papers their arXiv id, authors, dates and \
            links at the next build. A title shared by several arXiv papers is reported, not \
            guessed. Titles asked about are remembered in SITE_DIR/quire-lookups.yml and not asked \
            again unless --refresh is given.
            """
    )

    @Argument(help: "The site folder, holding quire.yml and digests/.", completion: .directory)
    var siteDirectory: String = "."

    @Option(help: "Seconds between two requests (arXiv asks for 3).")
    var delay: Double = 3

    @Flag(help: "Ask again about titles already looked up.")
    var refresh = false

    @Option(help: "The arXiv API server (default: http://export.arxiv.org).")
    var endpoint: String?

    @OptionGroup var fetchOptions: FetchOptions

    func validate() throws {
        guard delay >= 0 else { throw ValidationError("--delay cannot be negative") }
        _ = try parseEndpoint(endpoint, ArxivQueryFetch.defaultEndpoint)
    }

    func run() async throws {
        let site = try FetchSite(siteDirectory, options: fetchOptions, command: "enrich")
        let terminal = fetchOptions.outputOptions.terminal
        let (titles, diagnostics) = Enrichment.titlesWithoutArxivID(siteDirectory: siteDirectory)
        if diagnostics.errorCount > 0 {
            terminal.printDiagnostics(diagnostics, strict: false)
            terminal.error("error: enrich: the site has errors; nothing looked up")
            throw ExitCode.failure
        }
        let console = FetchConsole(terminal: terminal)
        let enrichment = Enrichment(
            folder: site.folder, titles: titles, delay: delay, refresh: refresh,
            endpoint: try parseEndpoint(endpoint, ArxivQueryFetch.defaultEndpoint), settings: site.settings)
        let succeeded = await enrichment.run(output: console.output)
        console.output.progress("")
        if !succeeded { throw ExitCode.failure }
    }
}

/// An `http(s)` endpoint from an option, or the default.
func parseEndpoint(_ text: String?, _ fallback: URL) throws -> URL {
    guard let text else { return fallback }
    guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
        url.host?.isEmpty == false,
        url.query == nil, url.fragment == nil
    else {
        throw ValidationError("--endpoint '\(text)' is not an http(s) URL such as https://huggingface.co")
    }
    return url
}

/// Prints a fetch's report: notes on standard output, problems on standard error, requests
/// under `--verbose`, and a progress line on standard error when it is a terminal.
struct FetchConsole {
    let terminal: Terminal

    var output: FetchOutput {
        let terminal = terminal
        let drawsProgress =
            !terminal.quiet && !terminal.verbose && isatty(STDERR_FILENO) == 1
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        let clear: @Sendable () -> Void = {
            if drawsProgress { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        }
        return FetchOutput(
            note: { line in
                clear(); terminal.note(line)
            },
            detail: { line in terminal.detail(line) },
            problem: { line in
                clear(); terminal.error(line)
            },
            progress: { line in
                guard drawsProgress else { return }
                FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line.prefix(120)).utf8))
            })
    }
}
