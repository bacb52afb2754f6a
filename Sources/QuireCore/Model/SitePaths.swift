/// Where each page lives: site-relative folder paths ending in `/` (written as `…/index.html`).
public enum SitePaths {
    public static let home = ""
    public static let topics = "topics/"
    public static let dates = "dates/"
    public static let undated = "dates/undated/"
    public static let digests = "digests/"
    public static let notFound = "404.html"
    public static let search = "search/"
    /// Every author with a page, by family name.
    public static let authors = "authors/"

    public static func paper(_ slug: String) -> String { "papers/\(slug)/" }

    /// Whether `path` is an RSS or JSON Feed archive document of the kind Quire wrote before its
    /// archives were Atom only: `feed-archive-N.xml` or `.json`, for the site or under
    /// `topics/<slug>/` or `authors/<slug>/`. Such an address, once published, keeps answering.
    public static func isRetiredArchive(_ path: String) -> Bool {
        // Asked of every file of the last output and every page the ledger records: anything but
        // `.xml` and `.json` is answered at once.
        guard path.utf8.suffix(4).elementsEqual(".xml".utf8) || path.utf8.suffix(5).elementsEqual(".json".utf8) else {
            return false
        }
        var segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard let name = segments.popLast(), segments.isEmpty || segments.count == 2 else { return false }
        if segments.count == 2 {
            guard segments[0] == "topics" || segments[0] == "authors", !segments[1].isEmpty,
                segments[1].utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D })
            else { return false }
        }
        let stem: Substring
        if name.hasSuffix(".xml") {
            stem = name.dropLast(4)
        } else if name.hasSuffix(".json") {
            stem = name.dropLast(5)
        } else {
            return false
        }
        guard stem.hasPrefix("feed-archive-") else { return false }
        let number = stem.dropFirst("feed-archive-".count)
        return !number.isEmpty && number.count <= 9 && number.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }

    /// The Atom archive that took the place of a retired RSS or JSON Feed archive:
    /// `topics/x/feed-archive-3.json` → `topics/x/atom-archive-3.xml`.
    public static func atomArchive(replacing path: String) -> String {
        let folderEnd = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let name = path[folderEnd...]
        let number = name.dropFirst("feed-archive-".count).prefix { $0.isASCII && $0.isNumber }
        return path[..<folderEnd] + "atom-archive-\(number).xml"
    }
    public static func topic(_ slug: String) -> String { "topics/\(slug)/" }
    /// A topic's papers, most upvoted first.
    public static func topicByUpvotes(_ slug: String) -> String { "topics/\(slug)/top/" }
    public static func digest(_ slug: String) -> String { "digests/\(slug)/" }
    public static func author(_ slug: String) -> String { "authors/\(slug)/" }
    /// An ordinary page from `pages/<slug>.md`.
    public static func sitePage(_ slug: String) -> String { "\(slug)/" }
    public static func year(_ year: Int) -> String { "dates/\(Day.pad(year, 4))/" }
    public static func month(year: Int, month: Int) -> String { "dates/\(Day.pad(year, 4))/\(Day.pad(month, 2))/" }
    public static func day(_ day: Day) -> String { "dates/\(day.yearString)/\(day.monthString)/\(day.dayString)/" }

    /// Page `number` (1-based) of a paginated list at `base`; page 1 is the list's own folder.
    public static func page(_ number: Int, of base: String) -> String {
        number <= 1 ? base : "\(base)page/\(number)/"
    }

    /// The file a folder path is written to.
    public static func file(for path: String) -> String {
        guard path.isEmpty || path.hasSuffix("/") else { return path }
        // Made at its exact length: the output keeps every file's path until the build ends, and
        // `path + "index.html"` would leave room for twice as much.
        var file = ""
        file.reserveCapacity(path.utf8.count + "index.html".utf8.count)
        file += path
        file += "index.html"
        return file
    }
}
