import QuireCore

/// One feed of the site (the whole site, or one topic): what it is called, where its documents
/// and its HTML page live, and its stream of items, split into documents as RFC 5005 archived
/// feeds are: the current document holds the newest `feed_limit` items; archive documents
/// hold the older ones, `feed_limit` each, counted from the oldest, so that an archive keeps its
/// items (and its bytes) from build to build until a listing older than it is added.
///
/// Archives are written in Atom only, the syntax RFC 5005 defines them for, and their entries
/// are short: in the site's archives a summary, topics and a link, in a topic's a link alone
/// (the site's archive has the rest). Written for every paper of every feed, full archives in
/// three syntaxes were half of a large site's bytes, while the readers that page back through
/// archives at all read Atom.
struct Feed {
    var title: String
    var description: String
    /// Site path of the HTML page the feed mirrors.
    var pagePath: String
    /// Where the feed's documents live: `feed.xml`, `topics/pruning/atom.xml`…
    var base: String
    /// Whether the feed also has JSON Feed documents (the site feed).
    var hasJSON: Bool
    /// Every item, newest first listing first (the site's stream order).
    var stream: [Int]
    /// The current document's items: the newest `feed_limit`.
    var items: [Int]
    /// The archives, oldest first: archive `n` is `archives[n - 1]`, its items newest first.
    var archives: [[Int]]
    /// The newest listing of the whole site, for feeds with no dated item.
    var siteNewest: ListingTime?

    /// The syntaxes a feed is written in.
    enum Format {
        case rss, atom, json

        var stem: String {
            switch self {
            case .rss: return "feed"
            case .atom: return "atom"
            case .json: return "feed"
            }
        }

        var fileExtension: String { self == .json ? "json" : "xml" }
    }

    /// Site path of the current document: `feed.xml`, `atom.xml`, `feed.json`.
    func currentPath(_ format: Format) -> String { "\(base)\(format.stem).\(format.fileExtension)" }

    /// Site path of archive `number` (1 is the oldest): `feed-archive-1.xml`.
    func archivePath(_ format: Format, _ number: Int) -> String {
        "\(base)\(format.stem)-archive-\(number).\(format.fileExtension)"
    }

    var rssPath: String { currentPath(.rss) }
    var atomPath: String { currentPath(.atom) }

    /// Every document of the feed: the current one, then the archives, newest first.
    var documents: [FeedDocument] {
        [FeedDocument(feed: self, archive: nil, items: items)]
            + archives.indices.reversed().map { FeedDocument(feed: self, archive: $0 + 1, items: archives[$0]) }
    }

    /// The syntaxes a document is written in: the current document in each of the feed's,
    /// archives in Atom alone.
    func formats(of document: FeedDocument) -> [Format] {
        if document.isArchive { return [.atom] }
        return hasJSON ? [.rss, .atom, .json] : [.rss, .atom]
    }
}

/// One document of a feed: the current one (`archive` nil) or archive `archive`.
struct FeedDocument {
    let feed: Feed
    let archive: Int?
    let items: [Int]

    var isArchive: Bool { archive != nil }

    func path(_ format: Feed.Format) -> String {
        archive.map { feed.archivePath(format, $0) } ?? feed.currentPath(format)
    }

    /// The next older document (RFC 5005 `prev-archive`), in Atom, the archives' one syntax:
    /// the newest archive from the current document, archive `n - 1` from archive `n`; nil from
    /// the oldest.
    var previousArchivePath: String? {
        let previous = archive.map { $0 - 1 } ?? feed.archives.count
        return previous >= 1 ? feed.archivePath(.atom, previous) : nil
    }
}

extension Feed {
    /// The site-wide feed and one per topic.
    static func all(for model: SiteModel) -> [Feed] {
        let siteNewest = model.newest.first.flatMap { model.papers[$0].firstListed }
        var feeds = [
            Feed(
                title: model.config.title,
                description: model.config.description.isEmpty ? model.config.title : model.config.description,
                pagePath: SitePaths.home, base: "", hasJSON: true, stream: model.newest, limit: model.config.feedLimit,
                siteNewest: siteNewest)
        ]
        for topic in model.topics {
            feeds.append(
                Feed(
                    title: "\(model.config.title): \(topic.rule.title)",
                    description: topic.rule.description ?? "Papers on \(topic.rule.title) from \(model.config.title).",
                    pagePath: SitePaths.topic(topic.rule.slug), base: SitePaths.topic(topic.rule.slug), hasJSON: false,
                    stream: topic.papers, limit: model.config.feedLimit, siteNewest: siteNewest))
        }
        return feeds
    }

    init(
        title: String, description: String, pagePath: String, base: String, hasJSON: Bool, stream: [Int], limit: Int,
        siteNewest: ListingTime?
    ) {
        self.title = title
        self.description = description
        self.pagePath = pagePath
        self.base = base
        self.hasJSON = hasJSON
        self.stream = stream
        self.siteNewest = siteNewest
        let current = min(limit, stream.count)
        items = Array(stream.prefix(current))
        // The rest, oldest first, cut into archives of `limit` from the oldest end.
        let older = Array(stream[current...].reversed())
        archives = stride(from: 0, to: older.count, by: limit).map { start in
            Array(older[start..<min(start + limit, older.count)].reversed())
        }
    }
}

/// Dates as feeds print them: the time the source gave, else midnight UTC.
enum FeedDates {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// RFC 822 (RSS): `Thu, 05 Jun 2025 00:00:00 +0000`.
    static func rfc822(_ time: ListingTime) -> String {
        let day = time.day
        return
            "\(weekdays[day.weekday]), \(day.dayString) \(MonthNames.short[day.month - 1]) \(day.yearString) \(time.clock) +0000"
    }

    /// RFC 3339 (Atom, JSON Feed): `2025-06-05T00:00:00Z`.
    static func rfc3339(_ time: ListingTime) -> String {
        "\(time.day)T\(time.clock)Z"
    }

    /// For a feed with no dated item at all.
    static let epoch = ListingTime(day: Day(year: 1970, month: 1, day: 1)!)
}
