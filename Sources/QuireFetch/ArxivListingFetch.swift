import Foundation
import QuireCore
import QuireLoading

/// `quire fetch arxiv-listing`: the day's announcement feed of some arXiv categories, all in one
/// request (`GET {endpoint}/rss/cs.CL+cs.LG`), into
/// `digests/arxiv-listing/YYYY-MM-DD-<categories>.xml`, named by the day arXiv announced it and
/// written byte for byte as served, once the loader has read it as an announcement feed.
///
/// arXiv announces once a day (its feeds change at midnight in New York) and not on weekends or
/// holidays, when the feed is empty; an empty feed writes nothing. A day already on disk is not
/// asked for again (nor replaced) unless `refresh` is set.
public struct ArxivListingFetch: Sendable {
    public var folder: DigestFolder
    public var categories: [String]
    /// Fetch again when the day's feed is already on disk, replacing it.
    public var refresh: Bool
    /// The day to name the file by before the feed says which day it announces: today in UTC.
    public var today: Day
    public var endpoint: URL
    public var settings: FetchSettings

    public static let defaultEndpoint = URL(string: "https://rss.arxiv.org")!

    public init(
        folder: DigestFolder, categories: [String], refresh: Bool = false, today: Day = .todayUTC,
        endpoint: URL = defaultEndpoint, settings: FetchSettings
    ) {
        self.folder = folder
        self.categories = categories
        self.refresh = refresh
        self.today = today
        self.endpoint = endpoint
        self.settings = settings
    }

    /// `cs-cl-cs-lg` for `cs.CL cs.LG`.
    public static func slug(_ categories: [String]) -> String {
        Slug.make(from: categories.joined(separator: " "), fallback: "listing")
    }

    /// The file for the feed announced on `day`.
    public func path(for day: Day) -> String {
        folder.arxivListing + "/\(day)-\(Self.slug(categories)).xml"
    }

    /// The feed's URL: the categories joined by `+`, as arXiv takes several.
    var url: String {
        trimmedEndpoint(endpoint) + "/rss/" + categories.map(PercentEncoding.queryValue).joined(separator: "+")
    }

    /// Whether `text` is an arXiv category or archive (`cs.CL`, `math`), as feeds are asked for.
    public static func isCategory(_ text: String) -> Bool { ArxivIdentifier.isCategory(text) }

    /// Splits `quire fetch arxiv-listing`'s arguments into categories and the site folder: the
    /// last argument is the site when it is not an arXiv category, or when it is a folder holding
    /// a `quire.yml` (`isSite`); the site is `.` otherwise.
    public static func arguments(_ arguments: [String], isSite: (String) -> Bool) -> (
        categories: [String], site: String
    ) {
        guard let last = arguments.last, arguments.count > 1 || !ArxivIdentifier.isCategory(last) else {
            return (arguments, ".")
        }
        if !ArxivIdentifier.isCategory(last) || isSite(last) { return (Array(arguments.dropLast()), last) }
        return (arguments, ".")
    }

    /// What an answer that is no announcement feed is, for messages: `an error feed (Bad
    /// archive/category: cs.XX)`, `an HTML page, not a feed`, or the loader's complaint.
    static func describe(_ bytes: [UInt8], problem: String) -> String {
        let errorFeed = "arXiv answered with an error feed: "
        if problem.hasPrefix(errorFeed) {
            var message = problem.dropFirst(errorFeed.count)
            if message.hasSuffix("; no paper here") { message = message.dropLast("; no paper here".count) }
            return "with an error feed (\(message))"
        }
        let start = String(decoding: bytes.prefix(512), as: UTF8.self).lowercased()
        if bytes.isEmpty { return "nothing" }
        if start.contains("<html") || start.contains("<!doctype html") { return "an HTML page, not a feed" }
        var problem = problem
        if problem.hasSuffix("; skipped") { problem.removeLast("; skipped".count) }
        return "something that is not an announcement feed (\(problem))"
    }

    /// Fetches the feed; false when it failed (and nothing was written).
    public func run(output: FetchOutput) async -> Bool {
        let name = "fetch arxiv-listing \(categories.joined(separator: " "))"
        if !refresh && folder.exists(path(for: today)) {
            output.note(
                "\(name): \(folder.shown(path(for: today))) is already on disk; skipped (--refresh fetches it again)")
            return true
        }
        func fail(_ reason: String) -> Bool {
            output.problem(
                "fetch: arXiv \(reason) for the listing of \(categories.joined(separator: ", ")); nothing written")
            return false
        }
        output.progress("\(name): asking \(url)")
        let fetcher = HTTPFetcher(endpoint: endpoint, settings: settings, log: output.detail)
        let response: FetchedResponse
        do {
            response = try await fetcher.get(url)
        } catch let error as FetchError {
            await fetcher.shutdown()
            return fail("\(error)")
        } catch {
            await fetcher.shutdown()
            return fail("could not be asked (\(error))")
        }
        await fetcher.shutdown()
        let bytes = [UInt8](response.body)
        guard response.status == 200 else { return fail("answered \(response.status)") }
        let (check, announced, updates) = SourceCheck.arxivListing(bytes, path: url)
        if let failure = check.failure { return fail("answered \(Self.describe(bytes, problem: failure)),") }
        guard !check.papers.isEmpty else {
            output.note("\(name): arXiv announced nothing (it does not on weekends and holidays); nothing written")
            return true
        }
        let day = announced ?? today
        let path = path(for: day)
        if !refresh && folder.exists(path) {
            output.note(
                "\(name): the feed still announces \(day), already on disk as \(folder.shown(path)); nothing written")
            return true
        }
        do {
            try folder.write(bytes, to: path)
        } catch {
            return fail("was read, but \(folder.shown(path)) could not be written (\(error.localizedDescription)),")
        }
        let count = check.papers.count
        let updated = updates == 0 ? "" : ", \(updates) of them updates"
        output.note("\(name): wrote \(folder.shown(path)) (\(count) paper\(count == 1 ? "" : "s")\(updated))")
        return true
    }
}
