import Foundation

/// Every author named on the site's papers, and the authors who get a page of their own.
///
/// Names are one author when they are equal after Unicode NFC, lowercasing and folding runs of
/// whitespace into one space (`author key`): "Tri Dao", "tri  dao" and "TRI DAO" are one author,
/// "T. Dao" is not, unless `author_aliases` joins it. `author_split` keeps namesakes apart: a
/// name's papers whose arXiv ids one of its groups lists are that group's author. Initials are
/// never matched with full names.
///
/// Kept compact for 100,000 papers: an author is a number, a paper's authors are numbers in one
/// flat array, and only authors with a page keep their name, slug and papers.
public struct AuthorIndex: Sendable {
    /// An author with a page.
    public struct Author: Sendable, Equatable {
        /// The name as the papers spell it (the most common spelling; of equally common ones, the
        /// oldest paper's), or as `author_aliases` gives it.
        public var name: String
        /// What the ledger records for the author: the author key, and for an author that
        /// `author_split` separates, ` @` and the first arXiv id of the group.
        public var key: String
        public var slug: String
        /// The author's papers, newest listing first.
        public var papers: [Int]
    }

    /// Authors with a page, by family name (the last word of the name, suffixes such as `Jr.`
    /// aside), then whole name, then slug.
    public private(set) var pages: [Author] = []
    /// Paper `i`'s author numbers, one per name of `details.authors`, are `ids[offsets[i]..<offsets[i + 1]]`.
    private var offsets: [Int32] = [0]
    private var ids: [Int32] = []
    /// Per author number: the index into `pages`, or -1.
    private var pageOfAuthor: [Int32] = []

    public init() {}

    /// The author numbers of paper `index`, one per name its sources list, in their order.
    public func ids(of paper: Int) -> ArraySlice<Int32> {
        guard paper + 1 < offsets.count else { return [] }
        return ids[Int(offsets[paper])..<Int(offsets[paper + 1])]
    }

    /// The page (an index into `pages`) of the author named at `position` of paper `paper`'s
    /// author list, if that author has one.
    public func page(ofAuthorAt position: Int, inPaper paper: Int) -> Int? {
        let authors = ids(of: paper)
        guard position < authors.count else { return nil }
        let page = pageOfAuthor[Int(authors[authors.startIndex + position])]
        return page >= 0 ? Int(page) : nil
    }

    /// A name as authors are compared: NFC, lowercased, whitespace folded into single spaces.
    public static func key(_ name: String) -> String {
        let isASCII = name.utf8.allSatisfy { $0 < 0x80 }
        let text = isASCII ? name : name.precomposedStringWithCanonicalMapping
        return text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// A name with its whitespace folded into single spaces, case kept: how it is shown.
    static func spelling(_ name: String) -> String {
        let isASCII = name.utf8.allSatisfy { $0 < 0x80 }
        let text = isASCII ? name : name.precomposedStringWithCanonicalMapping
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The word a name is sorted by: its last, unless that is a suffix (`Jr.`, `III`).
    static func familyName(_ name: String) -> String {
        let suffixes: Set<String> = ["jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d."]
        var words = key(name).split(separator: " ")
        while words.count > 1, let last = words.last, suffixes.contains(last.trimmingCharacters(in: [","])) {
            words.removeLast()
        }
        return String(words.last ?? "").trimmingCharacters(in: [","])
    }
}

extension AuthorIndex {
    /// Numbers every author of `papers`, and gives a page and a slug to every author with at
    /// least `config.authorPages` papers (none when it is 0), and to every author the ledger
    /// records who still has a paper, since a published page stays. Slugs come from the ledger,
    /// else from the name, claimed in the `order` of each author's oldest paper; a slug another
    /// author holds (or held) gets `-2`, `-3`…. Returns the index and the authors new to the ledger.
    static func make(
        papers: [SiteModel.Paper], stream: [Int], order: [Int], config: SiteConfig,
        recorded: [PaperLedger.AuthorEntry]
    ) -> (index: AuthorIndex, newEntries: [PaperLedger.AuthorEntry]) {
        var index = AuthorIndex()
        guard config.authorPages > 0 else { return (index, []) }
        let names = Names(config: config)
        let keys = papers.parallelMap { paper in
            (paper.record.details?.authors ?? []).map { names.resolve($0, arxiv: paper.record.arxiv?.id) }
        }
        var numbers: [String: Int32] = [:]
        var authorKeys: [String] = []
        var counts: [Int32] = []
        index.offsets.reserveCapacity(papers.count + 1)
        for paperKeys in keys {
            let start = index.ids.count
            for key in paperKeys {
                let number: Int32
                if let known = numbers[key] {
                    number = known
                } else {
                    number = Int32(authorKeys.count)
                    numbers[key] = number
                    authorKeys.append(key)
                    counts.append(0)
                }
                // A name listed twice on one paper counts once.
                if !index.ids[start...].contains(number) { counts[Int(number)] += 1 }
                index.ids.append(number)
            }
            index.offsets.append(Int32(index.ids.count))
        }
        let recordedSlugs = Dictionary(recorded.map { ($0.key, $0.slug) }, uniquingKeysWith: { first, _ in first })
        // Who gets a page: enough papers, or a page published before.
        var withPage: [Int] = []
        for number in authorKeys.indices
        where counts[number] >= config.authorPages || (counts[number] > 0 && recordedSlugs[authorKeys[number]] != nil) {
            withPage.append(number)
        }
        // Each page author's name: the spelling most of its papers use; of equal ones, the oldest paper's.
        var pageOf = [Int32](repeating: -1, count: authorKeys.count)
        for (position, number) in withPage.enumerated() { pageOf[number] = Int32(position) }
        // Per spelling: how many papers use it, and the slug-order rank of the oldest that does.
        var spellings = [[String: (count: Int, oldest: Int)]](repeating: [:], count: withPage.count)
        var oldest = [Int](repeating: Int.max, count: withPage.count)
        var rank = [Int](repeating: 0, count: papers.count)
        for (position, paper) in order.enumerated() { rank[paper] = position }
        for paper in papers.indices {
            let authors = papers[paper].record.details?.authors ?? []
            for (position, number) in index.ids(of: paper).enumerated() where pageOf[Int(number)] >= 0 {
                let page = Int(pageOf[Int(number)])
                let written = spelling(authors[position])
                let seen = spellings[page][written] ?? (0, Int.max)
                spellings[page][written] = (seen.count + 1, min(seen.oldest, rank[paper]))
                oldest[page] = min(oldest[page], rank[paper])
            }
        }
        var pages = withPage.enumerated().map { position, number in
            let key = authorKeys[number]
            let name =
                names.displayName(of: key)
                ?? spellings[position].max { a, b in
                    a.value.count != b.value.count ? a.value.count < b.value.count : a.value.oldest > b.value.oldest
                }!.key
            return Author(name: name, key: key, slug: recordedSlugs[key] ?? "", papers: [])
        }
        // New authors claim slugs oldest first, never one the ledger holds.
        var taken = Set(recorded.map(\.slug))
        var newEntries: [PaperLedger.AuthorEntry] = []
        let claimOrder = pages.indices.filter { pages[$0].slug.isEmpty }.sorted {
            oldest[$0] != oldest[$1] ? oldest[$0] < oldest[$1] : pages[$0].key < pages[$1].key
        }
        for page in claimOrder {
            let base = baseSlug(pages[page].name, key: pages[page].key)
            var slug = base
            var suffix = 2
            while !taken.insert(slug).inserted {
                slug = "\(base)-\(suffix)"
                suffix += 1
            }
            pages[page].slug = slug
            newEntries.append(PaperLedger.AuthorEntry(slug: slug, key: pages[page].key))
        }
        for paper in stream {
            for number in index.ids(of: paper) where pageOf[Int(number)] >= 0 {
                let page = Int(pageOf[Int(number)])
                if pages[page].papers.last != paper { pages[page].papers.append(paper) }
            }
        }
        // Alphabetical by family name; the sort keys are made once.
        let sortKeys = pages.map { (familyName($0.name), key($0.name), $0.slug) }
        let sorted = pages.indices.sorted { sortKeys[$0] < sortKeys[$1] }
        var newPosition = [Int32](repeating: 0, count: pages.count)
        for (position, page) in sorted.enumerated() { newPosition[page] = Int32(position) }
        index.pages = sorted.map { pages[$0] }
        index.pageOfAuthor = pageOf.map { $0 >= 0 ? newPosition[Int($0)] : -1 }
        return (index, newEntries)
    }

    /// A page slug from an author's name: `paper`-style ASCII, `author-` and a hash of the key
    /// when nothing in the name spells ASCII, never a Windows device name.
    static func baseSlug(_ name: String, key: String) -> String {
        var base = Slug.make(from: Slug.foldingCompatibilityCharacters(name), fallback: "")
        if base.isEmpty {
            var key = key
            base = "author-" + ContentHash.hex(key.withUTF8 { ContentHash.of(UnsafeRawBufferPointer($0)) }).prefix(8)
        }
        return Slug.avoidingReservedNames(base, noun: "author")
    }

    /// `author_aliases` and `author_split` as lookups by author key.
    struct Names: Sendable {
        /// A variant's key → the key of the name it is an alias of.
        private var aliasOf: [String: String] = [:]
        /// The names `author_aliases` gives, by key.
        private var displayNames: [String: String] = [:]
        /// A split name's key → arXiv id → the group's suffix (` @` and the group's first id).
        private var groups: [String: [String: String]] = [:]

        init(config: SiteConfig) {
            for (name, variants) in config.authorAliases {
                let key = AuthorIndex.key(name)
                displayNames[key] = AuthorIndex.spelling(name)
                for variant in variants { aliasOf[AuthorIndex.key(variant)] = key }
            }
            for (name, lists) in config.authorSplit {
                let key = aliasOf[AuthorIndex.key(name)] ?? AuthorIndex.key(name)
                for list in lists {
                    guard let first = list.first else { continue }
                    for id in list { groups[key, default: [:]][id] = " @" + first }
                }
            }
        }

        /// The author key a name on a paper (with this arXiv id) is filed under.
        func resolve(_ name: String, arxiv: String?) -> String {
            let key = AuthorIndex.key(name)
            let resolved = aliasOf[key] ?? key
            guard !groups.isEmpty, let arxiv, let suffix = groups[resolved]?[arxiv] else { return resolved }
            return resolved + suffix
        }

        /// The name `author_aliases` gives an author key (a split group's too), if it gives one.
        func displayName(of key: String) -> String? {
            if let name = displayNames[key] { return name }
            guard let at = key.range(of: " @") else { return nil }
            return displayNames[String(key[..<at.lowerBound])]
        }
    }
}
