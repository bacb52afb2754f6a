/// The permanent names of every paper the site has published: its slug (so its page's URL) and the
/// id of its feed items. Kept in the site folder (`quire-ledger.yml`) and committed by the curator,
/// so neither changes once readers have seen it: not when a paper gains an arXiv id, not when a
/// later paper with the same title arrives, not when digests are renamed or reordered.
public struct PaperLedger: Hashable, Sendable {
    /// One published paper.
    public struct Entry: Hashable, Sendable {
        public var slug: String
        /// The merge key of the paper's title when it was first published (`TextNormalizer.mergeKey`).
        public var titleKey: String
        /// The paper's arXiv id, once any source knew it.
        public var arxiv: String?
        /// The feed items' id: an absolute URI, or a site path (`papers/x/`) under `base_url`.
        public var feedID: String

        public init(slug: String, titleKey: String, arxiv: String? = nil, feedID: String) {
            self.slug = slug
            self.titleKey = titleKey
            self.arxiv = arxiv
            self.feedID = feedID
        }
    }

    /// Sorted by slug, which is unique.
    public private(set) var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = entries.sorted { $0.slug < $1.slug }
    }

    /// The feed id a new paper gets: arXiv's abstract URL when the id is known (the same for
    /// every site and version), else the paper's page.
    static func newFeedID(arxiv: ArxivReference?, slug: String) -> String {
        arxiv?.absURL ?? SitePaths.paper(slug)
    }

    /// Gives every paper its slug and feed id and returns the ledger with the new papers added.
    ///
    /// A paper the ledger knows keeps its entry: found by arXiv id first, else by one of its title
    /// keys (when neither side has a different arXiv id). A known paper that has gained an arXiv id
    /// gets it recorded, its slug and feed id unchanged. New papers take slugs from their titles
    /// oldest first, never one the ledger holds, even for papers no longer in the digests.
    func assign(_ papers: inout [SiteModel.Paper], order: [Int]) -> PaperLedger {
        var updated = entries
        var claimed = [Bool](repeating: false, count: entries.count)
        var entryByArxiv: [String: Int] = [:]
        var entriesByKey: [String: [Int]] = [:]
        for (index, entry) in entries.enumerated() {
            if let arxiv = entry.arxiv { entryByArxiv[arxiv] = entryByArxiv[arxiv] ?? index }
            entriesByKey[entry.titleKey, default: []].append(index)
        }
        var assigned = [Bool](repeating: false, count: papers.count)
        func take(_ entryIndex: Int, for paper: Int) {
            claimed[entryIndex] = true
            assigned[paper] = true
            papers[paper].slug = updated[entryIndex].slug
            papers[paper].feedID = updated[entryIndex].feedID
            if updated[entryIndex].arxiv == nil, let arxiv = papers[paper].record.arxiv?.id {
                updated[entryIndex].arxiv = arxiv
            }
        }
        if !entries.isEmpty {
            for paper in order {
                guard let arxiv = papers[paper].record.arxiv?.id, let entry = entryByArxiv[arxiv], !claimed[entry] else { continue }
                take(entry, for: paper)
            }
            for paper in order where !assigned[paper] {
                let record = papers[paper].record
                let keys = [record.key] + (record.details?.otherTitleKeys ?? [])
                let match = keys.lazy.compactMap { entriesByKey[$0] }.joined().first { entry in
                    !claimed[entry] && (updated[entry].arxiv == nil || record.arxiv == nil || updated[entry].arxiv == record.arxiv?.id)
                }
                if let match { take(match, for: paper) }
            }
        }
        var taken = Set(entries.map(\.slug))
        for paper in order where !assigned[paper] {
            let base = Slug.make(from: papers[paper].title, fallback: "paper")
            var slug = base
            var suffix = 2
            while !taken.insert(slug).inserted {
                slug = "\(base)-\(suffix)"
                suffix += 1
            }
            let record = papers[paper].record
            let entry = Entry(slug: slug, titleKey: record.key, arxiv: record.arxiv?.id,
                              feedID: Self.newFeedID(arxiv: record.arxiv, slug: slug))
            updated.append(entry)
            papers[paper].slug = slug
            papers[paper].feedID = entry.feedID
        }
        return PaperLedger(entries: updated)
    }
}
