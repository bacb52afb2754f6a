import CLibXML2
import Foundation
import QuireCore
import QuireKit
import QuireLoading
import Yams

/// `quire enrich`: finds on arXiv, by title, the site's papers that no source gives an arXiv id,
/// and writes the exact matches as an arXiv export, `digests/arxiv/enriched.xml`, which the
/// loader merges into those papers like any export.
///
/// A title matches when it equals the arXiv title after both are normalized as the loader
/// compares titles (case, punctuation, spacing, TeX). A title with more than one matching arXiv
/// paper is reported, not guessed. Every title asked about is remembered in
/// `SITE_DIR/quire-lookups.yml` with its answer, and not asked again unless `refresh`.
public struct Enrichment: Sendable {
    public var folder: DigestFolder
    /// Seconds between two requests.
    public var delay: Double
    /// Ask again about titles already looked up.
    public var refresh: Bool
    public var day: Day
    public var endpoint: URL
    public var settings: FetchSettings
    /// The titles of the papers to look up: those without an arXiv id.
    public var titles: [String]

    /// Results asked for per title; more than one exact match is already ambiguous.
    static let resultsPerTitle = 10
    public static let exportName = "enriched.xml"

    public init(
        folder: DigestFolder, titles: [String], delay: Double = 3, refresh: Bool = false, day: Day = .todayUTC,
        endpoint: URL = ArxivQueryFetch.defaultEndpoint, settings: FetchSettings
    ) {
        self.folder = folder
        self.titles = titles
        self.delay = delay
        self.refresh = refresh
        self.day = day
        self.endpoint = endpoint
        self.settings = settings
    }

    /// The titles of the site's papers that have no arXiv id, as the loader reads them.
    public static func titlesWithoutArxivID(siteDirectory: String) -> (titles: [String], diagnostics: [Diagnostic]) {
        let (model, _, diagnostics) = SiteBuilder(options: BuildOptions(siteDirectory: siteDirectory)).load()
        let titles = model?.papers.filter { $0.record.arxiv == nil }.map(\.title) ?? []
        return (titles, diagnostics)
    }

    /// The key two titles must share to match: the key the loader merges papers by (case,
    /// punctuation and spacing ignored, TeX accents, Greek letters and text commands read), so
    /// that every match found is merged into its paper by the next build.
    public static func matchKey(_ title: String) -> String {
        TitleKeys.key(forTitle: TextNormalizer.normalize(title))
    }

    public var exportPath: String { folder.arxiv + "/" + Self.exportName }
    public var lookupsPath: String { folder.siteDirectory + "/" + LookupFile.fileName }

    /// Looks the titles up; false when a request failed (then nothing is written).
    public func run(output: FetchOutput) async -> Bool {
        func fail(_ reason: String) -> Bool {
            output.problem("enrich: \(reason); nothing written")
            return false
        }
        var lookups: LookupFile
        do {
            lookups = try LookupFile.load(path: lookupsPath)
        } catch {
            return fail("\(folder.shown(lookupsPath)) cannot be read (\(error)); fix or remove it")
        }
        // The export is added to, never rewritten from scratch: entries the curator removed or
        // edited stay as they are.
        var existing: AtomPage?
        if folder.exists(exportPath) {
            guard let bytes = try? InputFile.read(exportPath), let page = AtomPage(bytes)
            else {
                return fail("\(folder.shown(exportPath)) is not an Atom feed Quire can add to; fix or remove it")
            }
            existing = page
        }
        var seen = Set<String>()
        let pending = titles.filter { title in
            let key = Self.matchKey(title)
            guard !key.isEmpty, seen.insert(key).inserted else { return false }
            return refresh || lookups.entries[key] == nil
        }
        let remembered = seen.count - pending.count
        if remembered > 0 {
            output.note(
                "enrich: \(remembered) title\(remembered == 1 ? "" : "s") already looked up (--refresh asks again)")
        }
        let fetcher = HTTPFetcher(endpoint: endpoint, settings: settings, spacing: delay, log: output.detail)
        var pages: [AtomPage] = []
        var matched: [(key: String, element: xmlNodePtr)] = []
        var failure: String?
        for (number, title) in pending.enumerated() {
            output.progress("enrich: \(number + 1)/\(pending.count) \(title)")
            switch await lookUp(title, with: fetcher) {
            case .failure(let problem):
                failure = "arXiv \(problem.reason) for the title '\(title)'"
            case .success(let (page, matches)):
                pages.append(page)
                let key = Self.matchKey(title)
                let ids = matches.map(\.id)
                lookups.entries[key] = LookupFile.Entry(
                    title: title, arxiv: ids.count == 1 ? ids[0] : nil,
                    candidates: ids.count > 1 ? ids : nil)
                if matches.count == 1 { matched.append((key, matches[0].element)) }
            }
            if failure != nil { break }
        }
        await fetcher.shutdown()
        if let failure { return fail(failure) }

        for (key, entry) in lookups.entries.sorted(by: { $0.key < $1.key }) where seen.contains(key) {
            if let candidates = entry.candidates {
                output.problem(
                    "enrich: '\(entry.title)' matches \(candidates.count) arXiv papers (\(candidates.joined(separator: ", "))); not guessed: a note with `arxiv:` chooses one"
                )
            }
        }
        let existingIDs = Set(existing?.entries.map(\.id) ?? [])
        var newEntries: [xmlNodePtr] = []
        var newIDs = Set<String>()
        for match in matched {
            let id = lookups.entries[match.key]!.arxiv!
            if !existingIDs.contains(id) && newIDs.insert(id).inserted { newEntries.append(match.element) }
        }
        do {
            if !newEntries.isEmpty {
                let writer = AtomExportWriter(
                    title: "arXiv: papers found by title with quire enrich",
                    id: trimmedEndpoint(endpoint) + "/api/query", day: "\(day)")
                let entries = (existing?.entries.map(\.element) ?? []) + newEntries
                let document = withExtendedLifetime((existing, pages)) { writer.document(entries: entries) }
                if let problem = SourceCheck.arxivExport(document, path: folder.shown(exportPath)).failure {
                    return fail("arXiv answered entries Quire cannot write back (\(problem))")
                }
                try folder.write(document, to: exportPath)
            }
            if !pending.isEmpty { try folder.write(lookups.bytes(), to: lookupsPath) }
        } catch {
            return fail(
                "cannot write \(folder.shown(exportPath)) or \(folder.shown(lookupsPath)) (\(error.localizedDescription))"
            )
        }
        let found = pending.filter { lookups.entries[Self.matchKey($0)]?.arxiv != nil }.count
        output.note(
            "enrich: asked about \(pending.count) title\(pending.count == 1 ? "" : "s"), \(found) found on arXiv"
                + (newEntries.isEmpty
                    ? "; nothing written" : "; added \(newEntries.count) to \(folder.shown(exportPath))"))
        return true
    }

    private struct Failure: Error {
        var reason: String
    }

    /// One title's answer and the entries in it whose title matches exactly, one per arXiv id.
    private func lookUp(_ title: String, with fetcher: HTTPFetcher) async -> Result<
        (AtomPage, [(id: String, element: xmlNodePtr)]), Failure
    > {
        // A double quote would end arXiv's phrase; the title is otherwise sent as it is.
        let phrase = title.replacingOccurrences(of: "\"", with: " ").split(whereSeparator: \.isWhitespace).joined(
            separator: " ")
        let url =
            trimmedEndpoint(endpoint)
            + "/api/query?search_query=\(PercentEncoding.queryValue("ti:\"\(phrase)\""))&start=0&max_results=\(Self.resultsPerTitle)"
        let response: FetchedResponse
        do {
            response = try await fetcher.get(url)
        } catch let error as FetchError {
            return .failure(Failure(reason: "\(error)"))
        } catch {
            return .failure(Failure(reason: "could not be asked (\(error))"))
        }
        let bytes = [UInt8](response.body)
        let page = AtomPage(bytes)
        if let message = page?.errorMessage { return .failure(Failure(reason: "answered with an error (\(message))")) }
        guard response.status == 200 else { return .failure(Failure(reason: "answered \(response.status)")) }
        guard let page, SourceCheck.arxivExport(bytes, path: url).failure == nil else {
            let problem = SourceCheck.arxivExport(bytes, path: "answer").failure
            return .failure(Failure(reason: "answered \(ArxivQueryFetch.describe(bytes, problem: problem))"))
        }
        let key = Self.matchKey(title)
        var matches: [(id: String, element: xmlNodePtr)] = []
        for entry in page.entries
        where Self.matchKey(AtomPage.title(of: entry.element)) == key && !matches.contains(where: { $0.id == entry.id })
        {
            matches.append(entry)
        }
        return .success((page, matches))
    }
}

/// `quire-lookups.yml`: the titles `quire enrich` asked arXiv about, and what it answered.
struct LookupFile {
    static let fileName = "quire-lookups.yml"

    struct Entry: Codable, Equatable {
        var title: String
        /// The one arXiv paper with this title.
        var arxiv: String?
        /// The arXiv papers sharing this title, when there are several.
        var candidates: [String]?
    }

    /// By match key.
    var entries: [String: Entry] = [:]

    static func load(path: String) throws -> LookupFile {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(path)
        } catch {
            // None yet is an empty file; one that cannot be read must not be taken for empty.
            guard FileStamp(path: path) == nil else { throw error }
            return LookupFile()
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let list = try YAMLDecoder().decode([Entry]?.self, from: text) ?? []
        var file = LookupFile()
        for entry in list { file.entries[Enrichment.matchKey(entry.title)] = entry }
        return file
    }

    /// The file's text: a comment, then the entries sorted by key.
    func bytes() throws -> [UInt8] {
        let list = entries.sorted { $0.key < $1.key }.map(\.value)
        let encoder = YAMLEncoder()
        encoder.options.sortKeys = true
        encoder.options.width = -1
        let header = """
            # Titles `quire enrich` asked arXiv about: the one arXiv paper with that title (arxiv), the
            # papers sharing it (candidates), or neither. Listed titles are not asked again unless
            # `quire enrich --refresh` is run. Written by Quire; commit it with the site.

            """
        return Array((header + (list.isEmpty ? "[]\n" : try encoder.encode(list))).utf8)
    }
}
