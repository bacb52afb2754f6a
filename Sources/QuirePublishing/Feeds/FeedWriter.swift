import CLibXML2
import Foundation
import QuireCore

/// Writes the site's feeds: RSS 2.0 and Atom for the site and for every topic, a JSON Feed
/// for the site, RFC 5005 archives in Atom, and an OPML list of them all. XML goes
/// through libxml2's text writer and is parsed back before it is written; an ill-formed feed
/// fails the build.
public struct FeedWriter: Sendable {
    public static let generator = "Quire"
    public static let generatorURI = "https://github.com/quire-ssg/quire"

    let model: SiteModel
    let siteURL: SiteURL
    let feeds: [Feed]
    private let notes: RenderedNotes
    private let contents: [Int: String]

    /// `notes` are the papers' rendered notes; made here when not given.
    public init(model: SiteModel, siteURL: SiteURL, notes: RenderedNotes? = nil) {
        self.model = model
        self.siteURL = siteURL
        feeds = Feed.all(for: model)
        let renderer = MarkdownRenderer()
        let notes = notes ?? RenderedNotes(model: model)
        self.notes = notes
        // Every paper a current document carries in full (archives and authors' feeds carry a summary).
        let items = Set(feeds.filter { !$0.isAuthor }.flatMap(\.items)).sorted()
        let html = items.parallelMap { Self.content(model.papers[$0], notesHTML: notes.html[$0], renderer: renderer) }
        contents = Dictionary(uniqueKeysWithValues: zip(items, html))
    }

    /// The paths of every Atom document this writer writes.
    public var atomPaths: [String] {
        feeds.flatMap(\.documents).filter { $0.feed.formats(of: $0).contains(.atom) }.map { $0.path(.atom) }
    }

    /// Writes every feed into `output`, one feed per core at a time; returns how many files
    /// there are, and what each feed document was made from (to be saved for the next build).
    /// A document whose fingerprint `earlier` holds for its path is kept as the output holds it
    /// (an archive, once full, stays the same for good); with `verify`, it is made anyway and
    /// must give the bytes kept.
    public func writeAll(
        into output: some OutputSink, earlier: RenderedPages = RenderedPages(), papers: PaperFingerprints? = nil,
        verify: Bool = false
    ) throws -> (files: Int, rendered: RenderedPages) {
        xmlInitParser()  // once, before libxml2 is used from several threads
        let documents = feeds.flatMap(\.documents)
        let written = documents.parallelMap { document -> Result<[(Fingerprint128, RenderedPages.Record)], Error> in
            Result {
                // Without paper fingerprints nothing is kept: no record has the zero fingerprint.
                let values = papers.map { fingerprint(of: document, papers: $0) } ?? Fingerprint128(first: 0, second: 0)
                return try document.feed.formats(of: document).map { format in
                    let path = document.path(format)
                    let made = try earlier.keepOrWrite(
                        path, values: values, verify: verify, into: output
                    ) {
                        let bytes = try bytes(of: document, format)
                        if format != .json, let problem = XMLWellFormedness.problem(in: bytes) {
                            throw BuildFailure("internal error: the feed \(path) is not well-formed XML (\(problem))")
                        }
                        return bytes
                    }
                    return (made.path, made.record)
                }
            }
        }
        var rendered = RenderedPages(key: earlier.key, records: [:])
        var files = 1  // feeds.opml
        for result in written {
            let made = try result.get()
            files += made.count
            for (path, record) in made where papers != nil { rendered.records[path] = record }
        }
        try writeXML("feeds.opml", OPMLDocument(feeds: feeds, writer: self).bytes(), into: output)
        return (files, rendered)
    }

    /// One document of a feed in one format.
    private func bytes(of document: FeedDocument, _ format: Feed.Format) throws -> [UInt8] {
        switch format {
        case .rss: RSSFeedDocument(document: document, writer: self).bytes()
        case .atom: AtomFeedDocument(document: document, writer: self).bytes()
        case .json: try JSONFeedDocument(document: document, writer: self).bytes()
        }
    }

    /// A fingerprint of everything `document` shows: its feed's and its own links and titles,
    /// its items (each paper by its fingerprint), the site's title, author, language and
    /// address, and the topics its entries name.
    func fingerprint(of document: FeedDocument, papers: PaperFingerprints) -> Fingerprint128 {
        var hasher = StreamHasher()
        for text in [model.config.title, model.config.language, author] { hasher.add(text) }
        PaperFingerprints.addSurroundings(of: model, siteURL: siteURL, to: &hasher)
        let feed = document.feed
        for text in [feed.title, feed.description, feed.pagePath, feed.atomPath, feed.base] { hasher.add(text) }
        hasher.add(feed.isAuthor ? 1 : 0)
        hasher.add(document.archive)
        hasher.add(document.previousArchivePath)
        let updated = updated(document)
        hasher.add(updated.day)
        hasher.add(updated.secondsOfDay)
        hasher.add(document.items.count)
        for item in document.items { papers.add(item, to: &hasher) }
        return hasher.value
    }

    private func writeXML(_ path: String, _ bytes: [UInt8], into output: some OutputSink) throws {
        if let problem = XMLWellFormedness.problem(in: bytes) {
            throw BuildFailure("internal error: the feed \(path) is not well-formed XML (\(problem))")
        }
        try output.write(path, bytes)
    }

    // MARK: - Shared item values

    func url(_ sitePath: String) -> String { siteURL.absolute(sitePath) }

    func paperURL(_ index: Int) -> String { url(SitePaths.paper(model.papers[index].slug)) }

    /// The item's permanent id, from the ledger: arXiv's abstract URL for papers first published
    /// with an arXiv id, else the page's URL (a site path in the ledger, under `base_url`).
    func itemID(_ index: Int) -> String {
        guard let id = model.papers[index].customFeedID else { return paperURL(index) }
        return Self.hasScheme(id) ? id : url(id)
    }

    /// Whether the item's id is its page's URL (RSS's `isPermaLink`).
    func itemIDIsPageURL(_ index: Int) -> Bool { itemID(index) == paperURL(index) }

    /// `https:`, `urn:`, `tag:`…: a scheme before any `/`.
    static func hasScheme(_ id: String) -> Bool {
        guard let colon = id.firstIndex(of: ":") else { return false }
        let scheme = id[..<colon]
        return !scheme.isEmpty
            && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }

    /// The item's HTML: the publication date, the curator's note when there is one, then the abstract.
    func contentHTML(_ index: Int) -> String {
        contents[index] ?? Self.content(model.papers[index], notesHTML: notes.html[index], renderer: MarkdownRenderer())
    }

    /// Whether the document's items carry the full content: the current documents of the site's
    /// and the topics' feeds. Archives and authors' feeds carry `summary` and a link: an author
    /// with a page has three feeds, and a site has thousands of authors.
    func carriesContent(_ document: FeedDocument) -> Bool { !document.isArchive && !document.feed.isAuthor }

    /// An archive or author feed entry's summary: the abstract's first sentences, as the pages'
    /// descriptions.
    func summary(_ index: Int) -> String {
        TextExcerpt.firstSentences(of: model.papers[index].plainAbstract, limit: 160)
    }

    static func content(_ paper: SiteModel.Paper, notesHTML: String?, renderer: MarkdownRenderer) -> String {
        let published = paper.date.map { "<p>Published \($0.display).</p>\n" } ?? ""
        let abstract = renderer.html(plainText: paper.plainAbstract) + linksHTML(paper)
        guard let notes = notesHTML else { return published + abstract }
        return published + "<p><strong>Curator’s note</strong></p>\n" + notes
            + (abstract.isEmpty ? "" : "<p><strong>Abstract</strong></p>\n" + abstract)
    }

    /// A paragraph linking the paper's code and project page, when its sources know them.
    static func linksHTML(_ paper: SiteModel.Paper) -> String {
        guard let details = paper.record.details else { return "" }
        var links: [String] = []
        if let repo = details.githubRepo {
            let stars = details.githubStars.map { " (\($0) stars)" } ?? ""
            links.append(
                "Code: <a href=\"\(HTMLEscaping.escaped(repo))\">\(HTMLEscaping.escaped(PageContexts.repositoryName(repo)))</a>\(stars)"
            )
        }
        if let project = details.projectPage {
            links.append("<a href=\"\(HTMLEscaping.escaped(project))\">Project page</a>")
        }
        return links.isEmpty ? "" : "<p>" + links.joined(separator: " · ") + "</p>\n"
    }

    /// The paper's code repository and project page, for `related` links.
    func relatedLinks(_ index: Int) -> [(url: String, title: String)] {
        guard let details = model.papers[index].record.details else { return [] }
        var links: [(url: String, title: String)] = []
        if let repo = details.githubRepo { links.append((repo, "Code")) }
        if let project = details.projectPage { links.append((project, "Project page")) }
        return links
    }

    /// The paper's arXiv abstract page, when it has an arXiv id.
    func arxivURL(_ index: Int) -> String? { model.papers[index].record.arxiv?.absURL }

    /// The authors' names when a source lists them, else the organisation; never a count of
    /// authors, which is no name (the item then has no author of its own).
    func authors(_ index: Int) -> [String] {
        if let names = model.papers[index].record.details?.authors, !names.isEmpty { return names }
        if case .organization(_, let name)? = model.papers[index].record.byline { return [name] }
        return []
    }

    /// When the item was first listed; nil for an undated listing.
    func listed(_ index: Int) -> ListingTime? { model.papers[index].firstListed }

    /// The document's `updated` time: its newest listing, else the site's newest.
    func updated(_ document: FeedDocument) -> ListingTime {
        document.items.lazy.compactMap { listed($0) }.first ?? document.feed.siteNewest ?? FeedDates.epoch
    }

    func topics(_ index: Int) -> [TopicRule] { model.papers[index].topics.map { model.topics[$0.topic].rule } }

    var author: String { model.config.author.isEmpty ? model.config.title : model.config.author }
}
