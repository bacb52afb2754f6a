/// A topic rule from the configuration: a paper belongs to the topic when one of `keywords`
/// occurs in its title or abstract as a whole word, or it is in one of `categories` on arXiv,
/// and none of `exclude` occurs.
public struct TopicRule: Hashable, Sendable {
    public var slug: String
    public var title: String
    public var description: String?
    public var keywords: [String]
    public var exclude: [String]
    /// arXiv categories (`cs.LG`) or whole archives (`cs`).
    public var categories: [String]

    public init(
        slug: String, title: String, description: String? = nil, keywords: [String], exclude: [String] = [],
        categories: [String] = []
    ) {
        self.slug = slug
        self.title = title
        self.description = description
        self.keywords = keywords
        self.exclude = exclude
        self.categories = categories
    }
}

/// The site configuration, `quire.yml`.
public struct SiteConfig: Sendable {
    public var title = "Quire"
    public var description = ""
    /// Where the site is published, e.g. `https://example.org/papers/`. Its path is the site's subpath.
    public var baseURL = "http://localhost:8000/"
    public var language = "en"
    public var author = ""
    /// Papers per list page; 0 puts every paper of a list on one page.
    public var pageSize = 25
    /// Items in a feed's current document; older items go to its archives.
    public var feedLimit = 50
    /// Which document of each feed `feeds.opml` subscribes to.
    public var opmlFeedFormat = OPMLFeedFormat.atom
    /// Pinned digest dates by file name; they win over file-name prefixes and inference.
    public var digestDates: [String: Day] = [:]
    public var topics: [TopicRule] = []
    /// Folders outside the site that its symlinks may lead to (a shared theme, shared digests),
    /// as written: absolute, or relative to the site folder. Links leading anywhere else are not followed.
    public var trustedFolders: [String] = []
    /// The announce types of arXiv's announcement feeds that list a paper on the feed's day
    /// (`arxiv_announce`); a paper announced with another type only has its fields updated.
    public var arxivAnnounce = ArxivAnnounceType.listedByDefault
    /// The sources `quire fetch` with no source named fetches.
    public var fetch = FetchSources()

    public init() {}
}

/// `fetch:` in `quire.yml`: `{hf: true, arxiv: ["cat:cs.LG AND abs:pruning"], arxiv_listing: [cs.CL]}`.
public struct FetchSources: Sendable, Equatable {
    /// Fetch today's Hugging Face daily papers.
    public var huggingFace = false
    /// arXiv API queries (`search_query`), each fetched into its own export.
    public var arxivQueries: [String] = []
    /// arXiv categories whose announcement feed is fetched, all in one feed (`cs.CL`, `cs.LG`).
    public var arxivListingCategories: [String] = []

    public init(huggingFace: Bool = false, arxivQueries: [String] = [], arxivListingCategories: [String] = []) {
        self.huggingFace = huggingFace
        self.arxivQueries = arxivQueries
        self.arxivListingCategories = arxivListingCategories
    }

    /// Whether no source is listed.
    public var isEmpty: Bool { !huggingFace && arxivQueries.isEmpty && arxivListingCategories.isEmpty }
}

/// The feed syntax `feeds.opml` points readers at: one outline per feed, in this syntax.
public enum OPMLFeedFormat: String, Sendable, CaseIterable {
    case atom
    case rss
}
