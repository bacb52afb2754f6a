/// The permanent names of every paper the site has published: its slug (so its page's URL) and the
/// id of its feed items. Kept in the site folder (`quire-ledger.yml`) and committed by the curator,
/// so neither changes once readers have seen it: not when a paper gains an arXiv id, not when a
/// later paper with the same title arrives, not when digests are renamed or reordered.
public struct PaperLedger: Hashable, Sendable {
    /// One published paper.
    public struct Entry: Hashable, Sendable {
        public var slug: String
        /// The merge key of the paper's title when it was first published (`TitleKeys.key(forTitle:)`).
        public var titleKey: String
        /// The paper's arXiv id, once any source knew it.
        public var arxiv: String?
        /// The feed id when it is not the page's path; most papers have none, which saves a
        /// string per paper on large sites.
        var customFeedID: String?
        /// For a slug that is no longer a paper's own (two published papers merged, a title was
        /// fixed): the slug of the paper it now leads to. Its old address redirects there.
        public var movedTo: String?

        public init(slug: String, titleKey: String, arxiv: String? = nil, feedID: String) {
            self.init(
                slug: slug, titleKey: titleKey, arxiv: arxiv,
                customFeedID: feedID == SitePaths.paper(slug) ? nil : feedID)
        }

        package init(slug: String, titleKey: String, arxiv: String?, customFeedID: String?) {
            self.slug = slug
            self.titleKey = titleKey
            self.arxiv = arxiv
            self.customFeedID = customFeedID
        }

        /// The feed items' id: an absolute URI, or a site path (`papers/x/`) under `base_url`.
        public var feedID: String { customFeedID ?? SitePaths.paper(slug) }
    }

    /// A page other than a paper's that a build published, kept so that a later build that no
    /// longer writes it leaves a redirect there: its site path (`digests/x/`, `dates/2025/07/16/`)
    /// and, for a digest's page, what the digest listed, to find it again under another file name.
    public struct Page: Hashable, Sendable {
        public var path: String
        /// For a digest's page: `listing(of:)` of the papers it listed.
        public var listing: String?

        public init(path: String, listing: String? = nil) {
            self.path = path
            self.listing = listing
        }

        /// What a digest listed, as 16 hex digits: a hash of its papers' slugs in order, the same
        /// whatever the file is named.
        public static func listing(of slugs: [String]) -> String {
            let bytes = Array(slugs.joined(separator: "\n").utf8)
            return ContentHash.hex(bytes.withUnsafeBytes { ContentHash.of($0) })
        }
    }

    /// An author with a page: the page's slug (`authors/<slug>/`) and the author key it belongs to.
    public struct AuthorEntry: Hashable, Sendable {
        public var slug: String
        /// `AuthorIndex.key` of the name; for namesakes `author_split` keeps apart, followed by
        /// ` @` and the first arXiv id of the group.
        public var key: String

        public init(slug: String, key: String) {
            self.slug = slug
            self.key = key
        }
    }

    /// Sorted by slug, which is unique.
    public private(set) var entries: [Entry]
    /// Every author page published, sorted by slug.
    public private(set) var authors: [AuthorEntry] = []
    /// Every page other than papers' that builds have published, sorted by path, which is unique.
    public var pages: [Page] = []
    /// Whether `assign` added papers or arXiv ids, or authors were added: only then does the file
    /// need writing.
    public private(set) var hasChanges = false

    public init(entries: [Entry] = [], pages: [Page] = [], authors: [AuthorEntry] = []) {
        self.authors = authors.sorted { $0.slug < $1.slug }
        self.pages =
            pages.indices.dropFirst().allSatisfy({ pages[$0 - 1].path < pages[$0].path })
            ? pages : pages.sorted { $0.path < $1.path }
        // Sorted on an array of slugs, so that sorting moves integers rather than entries; a
        // ledger read from its file is sorted already, and checking costs far less than sorting.
        let slugs = entries.map(\.slug)
        if slugs.indices.dropFirst().allSatisfy({ slugs[$0 - 1] < slugs[$0] }) {
            self.entries = entries
        } else {
            self.entries = slugs.indices.sorted { slugs[$0] < slugs[$1] }.map { entries[$0] }
        }
    }

    /// Gives every paper its slug and feed id and returns the ledger with the new papers added.
    ///
    /// A paper the ledger knows keeps its entry: found by arXiv id first, else by one of its title
    /// keys (when neither side has a different arXiv id). A known paper that has gained an arXiv id
    /// gets it recorded, its slug and feed id unchanged. New papers take slugs from their titles
    /// oldest first, never one the ledger holds, even for papers no longer in the digests.
    func assign(_ papers: inout [SiteModel.Paper], order: [Int]) -> PaperLedger {
        var updated = entries
        var changed = false
        var claimed = [Bool](repeating: false, count: entries.count)
        var entryByArxiv: [String: Int] = [:]
        // Titles are nearly always unique: one index per key, and lists only for the rare repeats.
        var entryByKey: [String: Int] = [:]
        var repeatedKeys: [String: [Int]] = [:]
        entryByKey.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() where entry.movedTo == nil {
            if let arxiv = entry.arxiv, entryByArxiv[arxiv] == nil { entryByArxiv[arxiv] = index }
            if let first = entryByKey[entry.titleKey] {
                repeatedKeys[entry.titleKey, default: [first]].append(index)
            } else {
                entryByKey[entry.titleKey] = index
            }
        }
        var assigned = [Bool](repeating: false, count: papers.count)
        func take(_ entryIndex: Int, for paper: Int) {
            claimed[entryIndex] = true
            assigned[paper] = true
            papers[paper].slug = updated[entryIndex].slug
            papers[paper].customFeedID = updated[entryIndex].customFeedID
            if updated[entryIndex].arxiv == nil, let arxiv = papers[paper].record.arxiv?.id {
                updated[entryIndex].arxiv = arxiv
                changed = true
            }
        }
        if !entries.isEmpty {
            for paper in order {
                guard let arxiv = papers[paper].record.arxiv?.id, let entry = entryByArxiv[arxiv], !claimed[entry]
                else { continue }
                take(entry, for: paper)
            }
            for paper in order where !assigned[paper] {
                // Fields are read through the array rather than by copying the record: this runs per paper.
                let arxiv = papers[paper].record.arxiv?.id
                // An entry of this title that no other paper has claimed and whose arXiv id, if any, is this paper's.
                func fits(_ entry: Int) -> Bool {
                    !claimed[entry] && (updated[entry].arxiv == nil || arxiv == nil || updated[entry].arxiv == arxiv)
                }
                func entry(forKey key: String) -> Int? {
                    if let repeated = repeatedKeys[key] { return repeated.first(where: fits) }
                    return entryByKey[key].flatMap { fits($0) ? $0 : nil }
                }
                if let match = entry(forKey: papers[paper].record.key)
                    ?? papers[paper].record.details?.otherTitleKeys.lazy.compactMap(entry(forKey:)).first
                    ?? TitleKeys.keyRecordedBeforeMath(forTitle: papers[paper].record.title).flatMap(entry(forKey:))
                {
                    take(match, for: paper)
                }
            }
        }
        // A published slug no paper holds any more leads to the paper that took its place: the one
        // it was merged into (sharing its arXiv id or one of its titles), or, for a paper whose
        // title was fixed, the one new paper whose title is a near miss of it.
        var heirs: [Int: Int] = [:]  // unclaimed entry → new paper taking its feed id
        if claimed.contains(false) {
            var paperByArxiv: [String: Int] = [:], paperByKey: [String: Int] = [:]
            for paper in order where assigned[paper] {
                if let arxiv = papers[paper].record.arxiv?.id { paperByArxiv[arxiv] = paper }
                for key in [papers[paper].record.key] + (papers[paper].record.details?.otherTitleKeys ?? []) {
                    paperByKey[key] = paper
                }
            }
            var orphans: [Int] = []
            for entry in updated.indices where !claimed[entry] && updated[entry].movedTo == nil {
                if let holder = updated[entry].arxiv.flatMap({ paperByArxiv[$0] })
                    ?? paperByKey[updated[entry].titleKey]
                {
                    updated[entry].movedTo = papers[holder].slug
                    changed = true
                } else {
                    orphans.append(entry)
                }
            }
            // Candidates by first word, which a subtitle or a typo further on leaves alone: an
            // orphan (a paper long gone stays one) is compared with a few papers, not all.
            func firstWord(_ key: String) -> Substring { key.prefix { $0 != " " } }
            var papersByFirstWord: [Substring: [Int]] = [:]
            for paper in order { papersByFirstWord[firstWord(papers[paper].record.key), default: []].append(paper) }
            var orphansByFirstWord: [Substring: [Int]] = [:]
            for entry in orphans { orphansByFirstWord[firstWord(updated[entry].titleKey), default: []].append(entry) }
            for entry in orphans {
                let key = updated[entry].titleKey
                let near = (papersByFirstWord[firstWord(key)] ?? []).filter {
                    TitleKeys.isNearMiss(key, papers[$0].record.key)
                }
                guard near.count == 1, !heirs.values.contains(near[0]),
                    (orphansByFirstWord[firstWord(key)] ?? []).count(where: {
                        TitleKeys.isNearMiss(updated[$0].titleKey, papers[near[0]].record.key)
                    }) == 1
                else { continue }
                if assigned[near[0]] {
                    updated[entry].movedTo = papers[near[0]].slug  // merged into a paper that kept its own entry
                    changed = true
                } else {
                    heirs[entry] = near[0]
                }
            }
        }
        let newPapers = order.filter { !assigned[$0] }
        guard !newPapers.isEmpty || changed else { return self }
        var taken = Set(entries.map(\.slug))
        taken.reserveCapacity(entries.count + newPapers.count)
        // The titles alone go to the other cores: a copy of `papers` held there would make the
        // first slug written below copy the whole array.
        let titles = newPapers.map { papers[$0].title }
        let bases = titles.parallelMap(SiteModel.baseSlug)
        for (paper, base) in zip(newPapers, bases) {
            var slug = base
            var suffix = 2
            while !taken.insert(slug).inserted {
                slug = "\(base)-\(suffix)"
                suffix += 1
            }
            let arxiv = papers[paper].record.arxiv
            // arXiv's abstract URL when the id is known (the same for every site and version), else
            // the page; a paper whose title was fixed keeps the feed id it was published with.
            var feedID = arxiv?.absURL
            if let previous = heirs.first(where: { $0.value == paper })?.key {
                feedID = updated[previous].feedID
                updated[previous].movedTo = slug
            }
            let entry = Entry(
                slug: slug, titleKey: papers[paper].record.key, arxiv: arxiv?.id,
                customFeedID: feedID == SitePaths.paper(slug) ? nil : feedID)
            updated.append(entry)
            changed = true
            papers[paper].slug = slug
            papers[paper].customFeedID = entry.customFeedID
        }
        guard changed else { return self }
        var ledger = PaperLedger(entries: updated, pages: pages, authors: authors)
        ledger.hasChanges = true
        return ledger
    }

    /// The ledger with `newAuthors` recorded.
    func adding(authors newAuthors: [AuthorEntry]) -> PaperLedger {
        guard !newAuthors.isEmpty else { return self }
        var ledger = self
        ledger.authors = (authors + newAuthors).sorted { $0.slug < $1.slug }
        ledger.hasChanges = true
        return ledger
    }

    /// A paper's old slug and the slug its page has now.
    public struct Redirect: Hashable, Sendable {
        public var from: String
        public var to: String
    }

    /// Old slugs and the slug each now leads to, following moves one after another, for every
    /// moved slug that ends at one of `published`; sorted by old slug.
    public func redirects(published: Set<String>) -> [Redirect] {
        var movedTo: [String: String] = [:]
        for entry in entries { if let target = entry.movedTo { movedTo[entry.slug] = target } }
        return entries.compactMap { entry in
            guard var target = entry.movedTo else { return nil }
            var seen: Set<String> = [entry.slug]
            while let next = movedTo[target], seen.insert(target).inserted { target = next }
            return published.contains(target) && !published.contains(entry.slug)
                ? Redirect(from: entry.slug, to: target) : nil
        }
    }
}
