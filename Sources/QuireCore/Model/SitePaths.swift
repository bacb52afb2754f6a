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
        path.isEmpty || path.hasSuffix("/") ? path + "index.html" : path
    }
}
