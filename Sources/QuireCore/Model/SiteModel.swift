/// The site as readers see it: papers with their slugs and topics, topics with their papers,
/// the calendar of listing days and the digests. Sorted and grouped once, here.
public struct SiteModel: Sendable {
    /// A paper placed in the site.
    public struct Paper: Sendable {
        public var record: PaperRecord
        public var slug: String
        /// Indices into `topics`, with the keywords that matched (none for the fallback topic).
        public var topics: [(topic: Int, keywords: [String])]
        /// When the paper was first listed: the earliest listing by any digest or export (to the
        /// second when the source gives a time); for a paper known from notes alone, its note's
        /// date. Nil when every source listing it is undated.
        public var firstListed: ListingTime?
        /// The id of the paper's feed items when the ledger gives one other than the page's path.
        package var customFeedID: String?
        /// The title as plain text: its TeX math as Unicode (`record.title` keeps the TeX, for pages).
        public var title: String
        /// The abstract as plain text, likewise, for feeds, excerpts, meta tags and the search index.
        public var plainAbstract: String { distinctPlainAbstract ?? record.abstract }
        /// The plain abstract when it differs from `record.abstract` (it has a formula); nil when
        /// the two are one text, which is then kept once (and spooled when the record's is).
        private var distinctPlainAbstract: String?
        /// The key of the paper's BibTeX entry (`chen2025sparse`), unique within the site.
        public var citationKey = ""

        public init(
            record: PaperRecord, slug: String, topics: [(topic: Int, keywords: [String])], firstListed: ListingTime?
        ) {
            self.record = record
            self.slug = slug
            self.topics = topics
            self.firstListed = firstListed
            title = MathText.plainText(record.title)
            let abstract = record.abstract
            let plainAbstract = MathText.plainText(abstract)
            distinctPlainAbstract = plainAbstract == abstract ? nil : plainAbstract
        }

        /// The abstract and its plain form, read once (a spooled abstract is read back each time
        /// either property is).
        public var abstracts: (text: String, plain: String) {
            let text = record.abstract
            return (text, distinctPlainAbstract ?? text)
        }

        /// A paper first listed on `listingDate`, at no particular time.
        public init(record: PaperRecord, slug: String, topics: [(topic: Int, keywords: [String])], listingDate: Day?) {
            self.init(record: record, slug: slug, topics: topics, firstListed: listingDate.map { ListingTime(day: $0) })
        }

        /// The paper's own publication date.
        public var date: Day? { record.date }
        /// The day the paper was first listed.
        public var listingDate: Day? { firstListed?.day }
        /// The id of the paper's feed items, from the ledger: an absolute URI, or a site path.
        public var feedID: String { customFeedID ?? SitePaths.paper(slug) }
    }

    /// A topic with its papers, newest first.
    public struct Topic: Sendable {
        public var rule: TopicRule
        /// The catch-all for papers that match no rule.
        public var isFallback: Bool
        public var papers: [Int]
        /// Those of the papers with upvotes, most upvoted first; ties keep `papers` order. A paper
        /// without upvotes is left out: ranked by none, it would only repeat the newest-first list.
        public var mostUpvoted: [Int] = []
    }

    /// The papers listed on one day, by every source of that day, each once, in the sources' order.
    public struct DayGroup: Sendable {
        public var day: Day
        public var papers: [Int]
        /// The digests of that day, in `digestsNewestFirst` order.
        public var digests: [Int] = []
    }

    public struct MonthGroup: Sendable {
        public var year: Int
        public var month: Int
        public var days: [DayGroup]
        /// Listings in the month: a paper listed on two of its days counts twice.
        public var paperCount: Int { days.reduce(0) { $0 + $1.papers.count } }
    }

    public struct YearGroup: Sendable {
        public var year: Int
        public var months: [MonthGroup]
        /// Listings in the year.
        public var paperCount: Int { months.reduce(0) { $0 + $1.paperCount } }
    }

    public var config: SiteConfig
    public var papers: [Paper]
    public var topics: [Topic]
    public var digests: [Digest]
    /// Digest indices by date, newest first; undated digests last; ties by path.
    public var digestsNewestFirst: [Int]
    /// Every paper as the stream of listings: newest first listing first; within one listing
    /// day in the order its sources list them; papers never listed on a known day last.
    public var newest: [Int]
    /// Listing days by year and month, newest first.
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
    /// The pages other than papers' that the ledger says earlier builds published.
    public var publishedPages: [PaperLedger.Page] = []
    /// Ordinary pages from `pages/*.md`, in navigation order.
    public var pages: [SitePage] = []
    /// Every paper's authors by number, and the authors with a page.
    public var authors = AuthorIndex()
    /// What `select` and `hide` published and left out.
    public var curation = CurationReport()
    /// Papers published before and hidden now: their pages say the curator removed them.
    public var removed: [RemovedPaper] = []
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

    /// Builds the model from a loaded corpus, in named steps: topics, slugs (kept from `ledger`
    /// for papers already published), citation keys, the listing stream, topic lists and the
    /// calendar.
    public init(corpus loaded: Corpus, config: SiteConfig, ledger: PaperLedger = PaperLedger()) {
        self.config = config
        let corpus: Corpus
        (corpus, curation) = Curation.apply(loaded, config: config)
        digests = corpus.digests
        entryCount = corpus.entryCount
        var (papers, topics) = Self.placeInTopics(corpus.papers, rules: config.topics)
        digestsNewestFirst = Self.newestFirst(corpus.digests)
        let order = Self.slugOrder(papers)
        let slugs = Self.assignSlugs(&papers, ledger: ledger, order: order)
        (ledgerUpdate, redirects, slugCollisions) = (slugs.ledgerUpdate, slugs.redirects, slugs.collisions)
        publishedPages = ledger.pages
        Self.assignCitationKeys(&papers, order: order)
        newest = Self.stream(papers, digests: corpus.digests, digestsNewestFirst: digestsNewestFirst)
        self.topics = Self.listTopics(topics, stream: newest, papers: papers)
        undated = newest.filter { papers[$0].date == nil }
        let authorIndex = AuthorIndex.make(
            papers: papers, stream: newest, order: order, config: config, recorded: ledger.authors)
        authors = authorIndex.index
        removed = Self.removedPapers(loaded.papers, config: config, ledger: ledgerUpdate ?? ledger, papers: papers)
        if !authorIndex.newEntries.isEmpty {
            ledgerUpdate = (ledgerUpdate ?? ledger).adding(authors: authorIndex.newEntries)
        }
        years = Self.calendar(papers: papers, digests: corpus.digests, digestsNewestFirst: digestsNewestFirst)
        self.papers = papers
    }

    /// The ledger's papers that the curator keeps off the site now and no published paper holds
    /// the page of: those `hide` names, and those still in the digests that `select` leaves out.
    /// (A paper that left the digests altogether gets no page, as before.)
    static func removedPapers(_ loaded: [PaperRecord], config: SiteConfig, ledger: PaperLedger, papers: [Paper])
        -> [RemovedPaper]
    {
        let hidden = HiddenPapers(config.hidden)
        guard !hidden.isEmpty || config.selection != nil else { return [] }
        let publishedSlugs = Set(papers.map(\.slug))
        let publishedKeys = Set(papers.map(\.record.key))
        let publishedIDs = Set(papers.compactMap(\.record.arxiv?.id))
        var titles: [String: String] = [:]
        for record in loaded {
            let isPublished =
                publishedKeys.contains(record.key) || record.arxiv.map { publishedIDs.contains($0.id) } == true
            guard !isPublished else { continue }
            if let id = record.arxiv?.id { titles[id] = MathText.plainText(record.title) }
            titles[record.key] = MathText.plainText(record.title)
        }
        return ledger.entries.compactMap { entry in
            guard entry.movedTo == nil, !publishedSlugs.contains(entry.slug) else { return nil }
            let known = entry.arxiv.flatMap { titles[$0] } ?? titles[entry.titleKey]
            guard known != nil || hidden.contains(entry) else { return nil }
            return RemovedPaper(
                slug: entry.slug, title: known ?? entry.titleKey,
                arxivURL: entry.arxiv.map { ArxivReference(id: $0).absURL })
        }
    }

    /// Step 1: each paper with the topics whose rules it matches (or whose source categories
    /// map to one), and the fallback topic for papers that match none. Topics come back empty.
    static func placeInTopics(_ records: [PaperRecord], rules: [TopicRule]) -> ([Paper], [Topic]) {
        let matcher = TopicMatcher(rules: rules)
        let sourceTopics = SourceTopics(rules: rules)
        let matches = records.parallelMap {
            sourceTopics.add(to: matcher.match(title: $0.title, abstract: $0.abstract), for: $0)
        }
        var topics = rules.map { Topic(rule: $0, isFallback: false, papers: []) }
        let fallbackSlug =
            rules.contains { $0.slug == Self.fallbackTopicSlug } ? "other-papers" : Self.fallbackTopicSlug
        let fallbackIndex = topics.count
        topics.append(
            Topic(
                rule: TopicRule(
                    slug: fallbackSlug, title: "Other",
                    description: "Papers that match none of the topics.", keywords: []),
                isFallback: true, papers: []))
        let papers = records.enumerated().map { index, record in
            Paper(
                record: record, slug: "", topics: matches[index].isEmpty ? [(fallbackIndex, [])] : matches[index],
                firstListed: Self.firstListing(record))
        }
        return (papers, topics)
    }

    /// Step 2: slugs and feed ids, from the ledger for papers it records, new ones oldest first
    /// for the rest; the ledger to write back when it gained anything, the redirects of moved
    /// papers, and the papers whose slug got a number.
    static func assignSlugs(_ papers: inout [Paper], ledger: PaperLedger, order: [Int])
        -> (ledgerUpdate: PaperLedger?, redirects: [PaperLedger.Redirect], collisions: [SlugCollision])
    {
        let assigned = ledger.assign(&papers, order: order)
        let redirects = assigned.redirects(published: Set(papers.map(\.slug)))
        return (assigned.hasChanges ? assigned : nil, redirects, slugCollisions(papers, order: order))
    }

    /// Step 3: BibTeX keys, unique within the site, claimed in slug order.
    static func assignCitationKeys(_ papers: inout [Paper], order: [Int]) {
        for (index, key) in CitationKeys.assign(papers, order: order).enumerated() { papers[index].citationKey = key }
    }

    /// Step 5: each topic's papers in stream order, and its upvoted ones by upvotes; the fallback topic dropped
    /// when no paper needs it.
    static func listTopics(_ topics: [Topic], stream: [Int], papers: [Paper]) -> [Topic] {
        var topics = topics
        for index in stream {
            for (topic, _) in papers[index].topics { topics[topic].papers.append(index) }
        }
        if topics.last?.isFallback == true, topics.last?.papers.isEmpty == true { topics.removeLast() }
        for index in topics.indices {
            let upvoted = topics[index].papers.filter { (papers[$0].record.upvotes ?? 0) > 0 }
            topics[index].mostUpvoted = upvoted.indices.sorted { a, b in
                let (ua, ub) = (papers[upvoted[a]].record.upvotes ?? 0, papers[upvoted[b]].record.upvotes ?? 0)
                return ua != ub ? ua > ub : a < b
            }.map { upvoted[$0] }
        }
        return topics
    }

    /// The earliest listing of a paper; for a paper no digest lists, its note's date.
    static func firstListing(_ record: PaperRecord) -> ListingTime? {
        guard !record.appearances.isEmpty else { return record.date.map { ListingTime(day: $0) } }
        var first: ListingTime?
        for appearance in record.appearances {
            if let listed = appearance.listed, first.map({ listed < $0 }) ?? true { first = listed }
        }
        return first
    }

    /// Digests newest first, undated last, ties by path (then file name, for equal paths in tests).
    static func newestFirst(_ digests: [Digest]) -> [Int] {
        digests.indices.sorted { a, b in
            let (dayA, dayB) = (ordinal(digests[a].date), ordinal(digests[b].date))
            if dayA != dayB { return dayA > dayB }
            return digests[a].path != digests[b].path ? digests[a].path < digests[b].path : a < b
        }
    }

    /// Step 4, papers in stream order: by first-listed day, newest first; within a day in source order
    /// (the digests of the day in `digestsNewestFirst` order, each in its own order). Papers with
    /// no listing day follow, in the same source order; papers known from notes alone come last.
    static func stream(_ papers: [Paper], digests: [Digest], digestsNewestFirst: [Int]) -> [Int] {
        // Sort on plain arrays of keys: reading whole Paper values in a comparator costs a
        // retain and release per field, millions of times on a large site.
        var sourceRank = [Int](repeating: Int.max, count: papers.count)
        var rank = 0
        for digest in digestsNewestFirst {
            for paper in digests[digest].papers {
                let listedHere = papers[paper].record.appearances.first { $0.digest == digest }?.listed
                if listedHere?.day == papers[paper].listingDate, sourceRank[paper] == Int.max {
                    sourceRank[paper] = rank
                }
                rank += 1
            }
        }
        let days = papers.map { ordinal($0.listingDate) }
        let keys = papers.map(\.record.key)
        return papers.indices.sorted { a, b in
            if days[a] != days[b] { return days[a] > days[b] }  // undated (lowest ordinal) last
            if sourceRank[a] != sourceRank[b] { return sourceRank[a] < sourceRank[b] }
            return keys[a] < keys[b]
        }
    }

    /// Unique ASCII slugs from titles. Older papers claim a slug first, so a paper added
    /// later gets the suffix and published URLs stay put. A title with nothing ASCII can spell
    /// (Arabic, Chinese, emoji) gets `paper-` and a hash of the title, the same in every build.
    /// Returns the papers that got a suffix.
    @discardableResult
    static func assignSlugs(_ papers: inout [Paper]) -> [SlugCollision] {
        assignSlugs(&papers, ledger: PaperLedger(), order: slugOrder(papers)).collisions
    }

    /// The order in which new papers claim slugs: oldest first by publication date, else first
    /// listing (undated last), ties by merge key.
    static func slugOrder(_ papers: [Paper]) -> [Int] {
        // Undated papers come after dated ones: their ordinal counts as the highest.
        let days = papers.map { paper in (paper.date ?? paper.listingDate).map { ordinal($0) } ?? Int.max }
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
                baseSlug(papers[index].title) == base
            else { continue }
            collisions.append(SlugCollision(paper: index, holder: holder))
        }
        return collisions
    }

    /// A day as one comparable number (nil lowest), for sorting.
    static func ordinal(_ day: Day?) -> Int {
        guard let day else { return Int.min }
        return (day.year * 13 + day.month) * 32 + day.day
    }

    /// Step 6: groups the listings by year, month and day, newest first. A day holds every paper some
    /// source listed that day, each once, in source order; a paper known from notes alone is
    /// on its note's day.
    static func calendar(papers: [Paper], digests: [Digest], digestsNewestFirst: [Int]) -> [YearGroup] {
        var byDay: [Day: DayGroup] = [:]
        for digest in digestsNewestFirst {
            for paper in digests[digest].papers {
                for appearance in papers[paper].record.appearances where appearance.digest == digest {
                    guard let day = appearance.listed?.day else { continue }
                    var group = byDay[day] ?? DayGroup(day: day, papers: [])
                    if group.digests.last != digest { group.digests.append(digest) }
                    group.papers.append(paper)
                    byDay[day] = group
                    break
                }
            }
        }
        for index in papers.indices where papers[index].record.appearances.isEmpty {
            guard let day = papers[index].listingDate else { continue }
            byDay[day, default: DayGroup(day: day, papers: [])].papers.append(index)
        }
        var years: [YearGroup] = []
        for day in byDay.keys.sorted(by: >) {
            var group = byDay[day]!
            var seen = Set<Int>()
            group.papers = group.papers.filter { seen.insert($0).inserted }
            if years.last?.year != day.year { years.append(YearGroup(year: day.year, months: [])) }
            if years[years.count - 1].months.last?.month != day.month {
                years[years.count - 1].months.append(MonthGroup(year: day.year, month: day.month, days: []))
            }
            let last = years[years.count - 1].months.count - 1
            years[years.count - 1].months[last].days.append(group)
        }
        return years
    }
}
