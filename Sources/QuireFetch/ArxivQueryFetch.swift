import CLibXML2
import Foundation
import QuireCore
import QuireLoading

/// `quire fetch arxiv`: the newest papers of one arXiv API query into one Atom export,
/// `digests/arxiv/YYYY-MM-DD-<query-slug>.xml`, paging as arXiv asks (at most 2,000 results
/// a request, `delay` seconds apart, one request at a time).
///
/// It stops at `maximum` papers, at the end of the results, or at the first page whose papers
/// are all in the site's earlier exports of the same query; the export holds only papers those
/// exports do not.
public struct ArxivQueryFetch: Sendable {
    public var folder: DigestFolder
    public var query: String
    public var maximum: Int
    /// Seconds between two requests.
    public var delay: Double
    public var day: Day
    /// Fetch again when today's export of the query is already on disk, replacing it.
    public var refresh: Bool
    public var endpoint: URL
    public var settings: FetchSettings

    public static let defaultEndpoint = URL(string: "http://export.arxiv.org")!
    /// The most results arXiv gives in one answer.
    public static let largestPage = 2000

    public init(
        folder: DigestFolder, query: String, maximum: Int = 200, delay: Double = 3, day: Day = .todayUTC,
        refresh: Bool = false, endpoint: URL = defaultEndpoint, settings: FetchSettings
    ) {
        self.folder = folder
        self.query = query
        self.maximum = maximum
        self.delay = delay
        self.day = day
        self.refresh = refresh
        self.endpoint = endpoint
        self.settings = settings
    }

    /// `cat-cs-lg-and-abs-pruning` for `cat:cs.LG AND abs:pruning`: lowercase letters and digits,
    /// runs of anything else as one `-`, at most 60 characters.
    public static func slug(_ query: String) -> String {
        var slug = Slug.make(from: query, fallback: "query")
        if slug.utf8.count > 60 {
            slug = String(slug.prefix(60))
            while slug.hasSuffix("-") { slug.removeLast() }
        }
        return slug
    }

    /// The export this run writes.
    public var path: String { folder.arxiv + "/\(day)-\(Self.slug(query)).xml" }

    /// The URL of one page of results.
    func pageURL(start: Int, count: Int) -> String {
        trimmedEndpoint(endpoint)
            + "/api/query?search_query=\(PercentEncoding.queryValue(query))&start=\(start)&max_results=\(count)"
            + "&sortBy=submittedDate&sortOrder=descending"
    }

    /// Fetches the query; false when it failed (and nothing was written).
    public func run(output: FetchOutput) async -> Bool {
        let path = path
        let name = "fetch arxiv '\(query)'"
        if !refresh && folder.exists(path) {
            output.note("\(name): \(folder.shown(path)) is already on disk; skipped (--refresh fetches it again)")
            return true
        }
        let known = earlierExportIDs(excluding: path)
        let fetcher = HTTPFetcher(endpoint: endpoint, settings: settings, spacing: delay, log: output.detail)
        let outcome = await collect(with: fetcher, known: known, output: output)
        await fetcher.shutdown()
        func fail(_ reason: String) -> Bool {
            output.problem("fetch: arXiv \(reason) for '\(query)'; nothing written")
            return false
        }
        let collected: Collected
        switch outcome {
        case .failure(let failure): return fail(failure.reason)
        case .success(let value): collected = value
        }
        guard !collected.entries.isEmpty else {
            output.note(
                "\(name): no papers that earlier exports lack (stopped at \(collected.stopReason)); nothing written")
            return true
        }
        let writer = AtomExportWriter(
            title: "arXiv query: \(query)", id: pageURL(start: 0, count: maximum), day: "\(day)")
        let document = withExtendedLifetime(collected.pages) { writer.document(entries: collected.entries) }
        // The file is read back as the loader will read it before it is written.
        if let failure = SourceCheck.arxivExport(document, path: folder.shown(path)).failure {
            return fail("answered entries Quire cannot write back (\(failure)),")
        }
        do {
            try folder.write(document, to: path)
        } catch {
            return fail("was read, but \(folder.shown(path)) could not be written (\(error.localizedDescription)),")
        }
        let count = collected.entries.count
        output.note(
            "\(name): wrote \(folder.shown(path)) (\(count) paper\(count == 1 ? "" : "s"), stopped at \(collected.stopReason))"
        )
        return true
    }

    /// The pages read and the entries chosen from them (which point into the pages' trees).
    private struct Collected {
        var pages: [AtomPage] = []
        var entries: [xmlNodePtr] = []
        var stopReason = "the end of the results"
    }

    private struct Failure: Error {
        var reason: String
    }

    /// Asks for pages until `maximum` new entries, the end, or a page of known entries.
    private func collect(with fetcher: HTTPFetcher, known: Set<String>, output: FetchOutput) async -> Result<
        Collected, Failure
    > {
        var collected = Collected()
        var chosenIDs = Set<String>()
        var start = 0
        while collected.entries.count < maximum {
            let count = min(Self.largestPage, maximum - collected.entries.count)
            output.progress(
                "fetch arxiv '\(query)': \(collected.entries.count)/\(maximum) papers, asking from \(start)")
            let response: FetchedResponse
            do {
                response = try await fetcher.get(pageURL(start: start, count: count))
            } catch let error as FetchError {
                return .failure(Failure(reason: "\(error)"))
            } catch {
                return .failure(Failure(reason: "could not be asked (\(error))"))
            }
            let bytes = [UInt8](response.body)
            let page = AtomPage(bytes)
            if let message = page?.errorMessage {
                return .failure(Failure(reason: "answered with an error (\(message))"))
            }
            guard response.status == 200 else { return .failure(Failure(reason: "answered \(response.status)")) }
            let check = SourceCheck.arxivExport(bytes, path: "answer")
            guard let page, check.failure == nil else {
                return .failure(
                    Failure(reason: "answered \(Self.describe(bytes, problem: check.failure)) (results from \(start)),")
                )
            }
            collected.pages.append(page)
            guard !page.entries.isEmpty else { break }
            if page.entries.allSatisfy({ known.contains($0.id) }) {
                collected.stopReason = "a page whose papers are all in earlier exports of the query"
                break
            }
            for entry in page.entries
            where collected.entries.count < maximum && !known.contains(entry.id) && chosenIDs.insert(entry.id).inserted
            {
                collected.entries.append(entry.element)
            }
            start += page.entries.count
            if let total = page.totalResults, start >= total { break }
            if collected.entries.count >= maximum { collected.stopReason = "--max \(maximum)" }
        }
        return .success(collected)
    }

    /// What an answer that is not an arXiv export is, for messages.
    static func describe(_ bytes: [UInt8], problem: String?) -> String {
        let start = String(decoding: bytes.prefix(512), as: UTF8.self).lowercased()
        if bytes.isEmpty { return "nothing" }
        if start.contains("<html") || start.contains("<!doctype html") { return "an HTML page, not an Atom feed" }
        var problem = problem ?? "not an Atom feed"
        if problem.hasSuffix("; skipped") { problem.removeLast("; skipped".count) }
        return "something that is not an arXiv export: \(problem)"
    }

    /// The arXiv ids in the site's earlier exports of this query (`*-<slug>.xml` in `digests/arxiv/`).
    func earlierExportIDs(excluding current: String) -> Set<String> {
        let suffix = "-\(Self.slug(query)).xml"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.arxiv)) ?? []
        var ids = Set<String>()
        for name in names
        where name.hasSuffix(suffix) && name.count == 10 + suffix.count && Day(iso: name.prefix(10)) != nil {
            let path = folder.arxiv + "/" + name
            guard path != current, let bytes = try? InputFile.read(path), let export = AtomPage(bytes)
            else { continue }
            ids.formUnion(export.entries.map(\.id))
        }
        return ids
    }
}
