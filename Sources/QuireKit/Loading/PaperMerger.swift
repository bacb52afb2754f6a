/// Merges listings of the same paper (same normalized title) across digests into one record,
/// keeping every digest it appeared in, a date over a missing one and the highest upvote count.
struct PaperMerger {
    private(set) var papers: [PaperRecord] = []
    private(set) var digests: [Digest] = []
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var entryCount = 0
    private var indexByKey: [String: Int] = [:]
    private var digestSlugs = Set<String>()

    mutating func add(_ loaded: DigestLoader.LoadedDigest) {
        let digestIndex = digests.count
        var paperIndices: [Int] = []
        paperIndices.reserveCapacity(loaded.entries.count)
        for entry in loaded.entries {
            entryCount += 1
            let appearance = Appearance(digest: digestIndex, location: entry.location)
            guard let existing = indexByKey[entry.key] else {
                indexByKey[entry.key] = papers.count
                paperIndices.append(papers.count)
                papers.append(PaperRecord(key: entry.key, title: entry.title, abstract: entry.abstract, date: entry.date,
                                          byline: entry.byline, upvotes: entry.upvotes, appearances: [appearance]))
                continue
            }
            // Appearances come in digest order, so a paper already listed here has this digest last
            // (searching `paperIndices` instead made merging quadratic in a digest's size).
            if papers[existing].appearances.last?.digest == digestIndex {
                diagnostics.append(.warning(entry.location, "'\(papers[existing].title)' is listed twice in this digest; the second listing is merged into the first"))
            } else {
                paperIndices.append(existing)
            }
            var paper = papers[existing]
            merge(entry, appearance, into: &paper)
            papers[existing] = paper
        }
        digests.append(Digest(fileName: loaded.source.fileName, path: loaded.source.path,
                              slug: uniqueSlug(for: loaded.source.fileName), date: loaded.date,
                              dateSource: loaded.dateSource, headerDate: loaded.headerDate, headerLine: loaded.headerLine,
                              papers: paperIndices))
    }

    private mutating func merge(_ entry: DigestLoader.NormalizedEntry, _ appearance: Appearance, into paper: inout PaperRecord) {
        if let date = entry.date {
            if let known = paper.date, known != date {
                diagnostics.append(.warning(entry.location, "'\(paper.title)' is dated \(date) here but \(known) at \(paper.appearances[0].location); keeping \(known)"))
            } else if paper.date == nil {
                paper.date = date
            }
        }
        if let upvotes = entry.upvotes { paper.upvotes = max(paper.upvotes ?? 0, upvotes) }
        if paper.byline == nil { paper.byline = entry.byline }
        if paper.abstract.isEmpty { paper.abstract = entry.abstract }
        paper.appearances.append(appearance)
    }

    /// The file name without extension, made URL-safe, unique among digests.
    private mutating func uniqueSlug(for fileName: String) -> String {
        let stem = fileName.split(separator: ".").dropLast().joined(separator: ".")
        let base = Slug.make(from: stem.isEmpty ? fileName : stem, keepUnderscore: true, fallback: "digest")
        var slug = base
        var suffix = 2
        while !digestSlugs.insert(slug).inserted {
            slug = "\(base)-\(suffix)"
            suffix += 1
        }
        return slug
    }
}
