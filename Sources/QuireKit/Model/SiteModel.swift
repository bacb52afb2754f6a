/// The site as readers see it: papers with their slugs and topics, topics with their papers,
/// the calendar of publication dates and the digests. Sorted and grouped once, here.
public struct SiteModel: Sendable {
    /// A paper placed in the site.
    public struct Paper: Sendable {
        public var record: PaperRecord
        public var slug: String
        /// Indices into `topics`, with the keywords that matched (none for the fallback topic).
        public var topics: [(topic: Int, keywords: [String])]
        /// The paper's own date, else the date of the earliest dated digest that listed it.
        public var listingDate: Day?
        /// The id of the paper's feed items when the ledger gives one other than the page's path.
        var customFeedID: String?
        /// The curator's notes as HTML, rendered once here; nil when there are none.
        public var notesHTML: String?
        /// The same notes as plain text, for the search index.
        public var notesText: String?
        /// The title as plain text: its TeX math as Unicode (`record.title` keeps the TeX, for pages).
        public var title: String
        /// The abstract as plain text, likewise, for feeds, excerpts, meta tags and the search index.
        public var plainAbstract: String
        /// The key of the paper's BibTeX entry (`chen2025sparse`), unique within the site.
        public var citationKey = ""

        public init(record: PaperRecord, slug: String, topics: [(topic: Int, keywords: [String])], listingDate: Day?) {
            self.record = record
            self.slug = slug
            self.topics = topics
            self.listingDate = listingDate
            title = MathText.plainText(record.title)
            plainAbstract = MathText.plainText(record.abstract)
        }

        public var date: Day? { record.date }
        /// The id of the paper's feed items, from the ledger: an absolute URI, or a site path.
        public var feedID: String { customFeedID ?? SitePaths.paper(slug) }
    }

    /// A topic with its papers, newest first.
    public struct Topic: Sendable {
        public var rule: TopicRule
        /// The catch-all for papers that match no rule.
        public var isFallback: Bool
        public var papers: [Int]
        /// The same papers, most upvoted first (no upvotes counts as 0); ties keep `papers` order.
        public var mostUpvoted: [Int] = []
    }

    /// Papers published on one day.
    public struct DayGroup: Sendable {
        public var day: Day
        public var papers: [Int]
    }

    public struct MonthGroup: Sendable {
        public var year: Int
        public var month: Int
        public var days: [DayGroup]
        public var paperCount: Int { days.reduce(0) { $0 + $1.papers.count } }
    }

    public struct YearGroup: Sendable {
        public var year: Int
        public var months: [MonthGroup]
        public var paperCount: Int { months.reduce(0) { $0 + $1.paperCount } }
    }

    public var config: SiteConfig
    public var papers: [Paper]
    public var topics: [Topic]
    public var digests: [Digest]
    /// Every paper, newest first (by listing date; undated last; ties by title).
    public var newest: [Int]
    /// Years, newest first; months and days inside newest first.
    public var years: [YearGroup]
    /// Papers with no publication date of their own, newest listing first.
    public var undated: [Int]
    public var entryCount: Int
    /// The ledger with this build's new papers and arXiv ids added, to be written after the
    /// build; nil when it had nothing to add (the ledger read is then not kept in memory).
    public var ledgerUpdate: PaperLedger?
    /// Papers whose title gives the same slug as an older paper's, so their URL has a suffix.
    public var slugCollisions: [SlugCollision]
    /// Published addresses of papers that moved (merged with another, title fixed), and where to.
    public var redirects: [PaperLedger.Redirect]
    /// Ordinary pages from `pages/*.md`, in navigation order.
    public var pages: [SitePage] = []
}

/// Two different papers whose titles make the same slug: `paper` got a numbered one.
public struct SlugCollision: Sendable, Equatable {
    /// Index of the paper with the suffixed slug.
    public var paper: Int
    /// Index of the paper holding the plain slug: the older one, or the one published first.
    public var holder: Int
}

extension SiteModel {
    public static let fallbackTopicSlug = "other"

    /// Builds the model from a loaded corpus: topics, slugs (kept from `ledger` for papers already
    /// published), sort orders and the calendar.
    public init(corpus: Corpus, config: SiteConfig, ledger: PaperLedger = PaperLedger()) {
        self.config = config
        self.digests = corpus.digests
        self.entryCount = corpus.entryCount

        let matcher = TopicMatcher(rules: config.topics)
        let sourceTopics = SourceTopics(rules: config.topics)
        let matches = corpus.papers.parallelMap { sourceTopics.add(to: matcher.match(title: $0.title, abstract: $0.abstract), for: $0) }
        var topics = config.topics.map { Topic(rule: $0, isFallback: false, papers: []) }
        let fallbackSlug = config.topics.contains { $0.slug == Self.fallbackTopicSlug } ? "other-papers" : Self.fallbackTopicSlug
        let fallbackIndex = topics.count
        topics.append(Topic(rule: TopicRule(slug: fallbackSlug, title: "Other",
                                            description: "Papers that match none of the topics.", keywords: []),
                            isFallback: true, papers: []))

        let digestDates = corpus.digests.map(\.date)
        papers = corpus.papers.enumerated().map { index, record in
            let listingDate = record.date ?? record.appearances.compactMap { digestDates[$0.digest] }.min()
            var paperTopics = matches[index]
            if paperTopics.isEmpty { paperTopics = [(fallbackIndex, [])] }
            return Paper(record: record, slug: "", topics: paperTopics, listingDate: listingDate)
        }
        let order = Self.slugOrder(papers)
        let assigned = ledger.assign(&papers, order: order)
        ledgerUpdate = assigned.hasChanges ? assigned : nil
        redirects = assigned.redirects(published: Set(papers.map(\.slug)))
        slugCollisions = Self.slugCollisions(papers, order: order)
        for (index, key) in CitationKeys.assign(papers, order: order).enumerated() { papers[index].citationKey = key }
        Self.renderNotes(&papers)

        let papers = self.papers
        // Sort on plain arrays of keys: reading whole Paper values in a comparator costs a
        // retain and release per field, millions of times on a large site.
        let days = papers.map { Self.ordinal($0.listingDate) }
        let titles = papers.map(\.title)
        let keys = papers.map(\.record.key)
        newest = papers.indices.sorted { a, b in
            if days[a] != days[b] { return days[a] > days[b] }  // undated (lowest ordinal) last
            if titles[a] != titles[b] { return titles[a] < titles[b] }
            return keys[a] < keys[b]
        }
        for index in newest {
            for (topic, _) in papers[index].topics { topics[topic].papers.append(index) }
        }
        if topics[fallbackIndex].papers.isEmpty { topics.removeLast() }
        for index in topics.indices {
            let byNewest = topics[index].papers
            topics[index].mostUpvoted = byNewest.indices.sorted { a, b in
                let (ua, ub) = (papers[byNewest[a]].record.upvotes ?? 0, papers[byNewest[b]].record.upvotes ?? 0)
                return ua != ub ? ua > ub : a < b
            }.map { byNewest[$0] }
        }
        self.topics = topics
        undated = newest.filter { papers[$0].date == nil }
        years = Self.calendar(papers: papers, newest: newest)
    }

    /// Unique ASCII slugs from titles. Older papers claim a slug first, so a paper added
    /// later gets the suffix and published URLs stay put. A title with nothing ASCII can spell
    /// (Arabic, Chinese, emoji) gets `paper-` and a hash of the title, the same in every build.
    /// Returns the papers that got a suffix.
    @discardableResult
    static func assignSlugs(_ papers: inout [Paper]) -> [SlugCollision] {
        let order = slugOrder(papers)
        _ = PaperLedger().assign(&papers, order: order)
        return slugCollisions(papers, order: order)
    }

    /// The order in which new papers claim slugs: oldest first (undated last), ties by merge key.
    static func slugOrder(_ papers: [Paper]) -> [Int] {
        // Undated papers come after dated ones: their ordinal counts as the highest.
        let days = papers.map { $0.listingDate == nil ? Int.max : ordinal($0.listingDate) }
        let keys = papers.map(\.record.key)
        return papers.indices.sorted { a, b in
            days[a] != days[b] ? days[a] < days[b] : keys[a] < keys[b]
        }
    }

    /// A title's slug before any number is added: `paper-` and a hash of the title when nothing
    /// in it spells ASCII, and never a Windows device name.
    static func baseSlug(_ title: String) -> String {
        var base = Slug.make(from: Slug.foldingCompatibilityCharacters(title), fallback: "")
        if base.isEmpty {
            var title = title
            base = "paper-" + ContentHash.hex(title.withUTF8 { ContentHash.of(UnsafeRawBufferPointer($0)) }).prefix(8)
        }
        return Slug.avoidingReservedNames(base, noun: "paper")
    }

    /// Papers whose slug is their title's base slug with a number, because another paper of
    /// this build holds the base slug (whether the number was given now or is kept from the
    /// ledger), oldest first. Only slugs ending in `-N` are looked at more closely.
    static func slugCollisions(_ papers: [Paper], order: [Int]) -> [SlugCollision] {
        var holders = [String: Int](minimumCapacity: papers.count)
        for index in papers.indices { holders[papers[index].slug] = index }
        var collisions: [SlugCollision] = []
        for index in order {
            let slug = papers[index].slug.utf8
            guard let dash = slug.lastIndex(of: 0x2D), slug.index(after: dash) < slug.endIndex,
                  slug[slug.index(after: dash)...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let base = String(slug[..<dash]), let holder = holders[base],
                  baseSlug(papers[index].title) == base else { continue }
            collisions.append(SlugCollision(paper: index, holder: holder))
        }
        return collisions
    }

    /// A day as one comparable number (nil lowest), for sorting.
    static func ordinal(_ day: Day?) -> Int {
        guard let day else { return Int.min }
        return (day.year * 13 + day.month) * 32 + day.day
    }

    /// Groups dated papers by year, month and day, newest first, keeping `newest` order inside a day.
    static func calendar(papers: [Paper], newest: [Int]) -> [YearGroup] {
        var years: [YearGroup] = []
        for index in newest {
            guard let day = papers[index].date else { continue }
            if years.last?.year != day.year { years.append(YearGroup(year: day.year, months: [])) }
            var year = years.removeLast()
            if year.months.last?.month != day.month { year.months.append(MonthGroup(year: day.year, month: day.month, days: [])) }
            var month = year.months.removeLast()
            if month.days.last?.day != day { month.days.append(DayGroup(day: day, papers: [])) }
            month.days[month.days.count - 1].papers.append(index)
            year.months.append(month)
            years.append(year)
        }
        return years
    }
}
