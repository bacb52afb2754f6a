import QuireCore

/// Merges every source's entries into papers, keeping every digest a paper appeared in and every
/// note written about it.
///
/// Identity: entries that share an arXiv id are one paper; so are entries whose normalized titles
/// are equal, unless that would join two different arXiv ids (two papers with one title). Both
/// relations go into one union–find over the entries, so the result does not depend on the order
/// the sources are read in: a text listing, an HF JSON entry, an arXiv record and a note on the
/// same paper end up as one record however they are spread over files.
///
/// Fields: a date over a missing one, the highest upvote count, an organisation over an author
/// count; for the title, abstract, date and author list the richest source that has one (an
/// arXiv export, then an arXiv announcement feed, then HF JSON or daily-arXiv, then the text
/// digest, then a note), the first of equally rich ones, except that between two of arXiv's own
/// records naming different versions the later version's title, abstract and authors win. Two
/// equally rich sources that disagree on the date are reported.
///
/// An entry that only updates its paper (an arXiv `replace` announcement that `arxiv_announce`
/// does not list) adds no listing: its fields are merged into the paper the other sources list,
/// and a paper that nothing else lists or notes is left out.
struct PaperMerger {
    private(set) var papers: [PaperRecord] = []
    private(set) var digests: [Digest] = []
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var entryCount = 0
    private var digestSlugs = Set<String>()

    /// Every loaded file in order, with the index of its digest (nil for notes) and of its first entry.
    private var sources: [(loaded: DigestLoader.LoadedDigest, digest: Int?, firstEntry: Int)] = []
    /// Union–find over all entries, numbered in reading order; a root is its component's earliest entry.
    private var parent: [Int32] = []
    private var arxivIDOfRoot: [Int: String] = [:]
    private var rootByArxivID: [String: Int] = [:]
    private var rootByKey: [String: Int] = [:]
    private var reportedConflicts = Set<[String]>()
    /// Entries with no title (notes naming their paper by arXiv id alone).
    private var untitledEntries = 0
    /// Entries that only update their paper and list it nowhere.
    private var updateEntries = 0

    mutating func add(_ loaded: DigestLoader.LoadedDigest) {
        var digestIndex: Int?
        if loaded.isPublished {
            digestIndex = digests.count
            digests.append(
                Digest(
                    fileName: loaded.source.fileName, path: loaded.source.path,
                    slug: uniqueSlug(for: loaded.source.fileName), date: loaded.date,
                    dateSource: loaded.dateSource, headerDate: loaded.headerDate, headerLine: loaded.headerLine,
                    papers: [], format: loaded.format, sourceTitle: loaded.title))
        }
        let first = parent.count
        sources.append((loaded, digestIndex, first))
        entryCount += loaded.entries.count
        // No reserveCapacity(parent.count + n) here: it grows the array to exactly that, so calling
        // it once per digest copied the whole array each time (28 GB of copying at 14,000 digests).
        // Fields are read through the array, not by copying each entry out: this runs per listing.
        let entries = loaded.entries
        for offset in entries.indices {
            let index = first + offset
            parent.append(Int32(index))
            if entries[offset].title.isEmpty { untitledEntries += 1 }
            if !entries[offset].lists { updateEntries += 1 }
            if let id = entries[offset].details?.value.arxiv?.id {
                if let root = rootByArxivID[id] {
                    union(index, root)
                } else {
                    rootByArxivID[id] = index
                    arxivIDOfRoot[index] = id
                }
            }
            let key = entries[offset].key
            guard !key.isEmpty else { continue }
            guard let other = rootByKey[key] else {
                rootByKey[key] = index
                continue
            }
            let (a, b) = (find(index), find(other))
            guard a != b else { continue }
            let (idA, idB) = (arxivIDOfRoot[a], arxivIDOfRoot[b])
            if idA == nil || idB == nil || idA == idB {
                union(a, b)
            } else if reportedConflicts.insert([idA!, idB!].sorted()).inserted {
                diagnostics.append(
                    Diagnostic(
                        .note, entries[offset].location,
                        "'\(entries[offset].title)' is arXiv \(idA!) here but a paper of the same title is arXiv \(idB!) at \(location(ofEntry: b)); they are kept as two papers"
                    ))
            }
        }
    }

    /// Builds the papers once every source is added: one per component, in order of first appearance.
    mutating func finish() {
        // Whether some entry of each component has a title; all do when every entry has one.
        var titled = [Bool](repeating: untitledEntries == 0, count: parent.count)
        if untitledEntries > 0 {
            for (loaded, _, first) in sources {
                for offset in loaded.entries.indices where !loaded.entries[offset].title.isEmpty {
                    titled[find(first + offset)] = true
                }
            }
        }
        // Whether each component is listed somewhere or noted; all are when no entry is an update.
        var kept = [Bool](repeating: updateEntries == 0, count: parent.count)
        if updateEntries > 0 {
            for (loaded, _, first) in sources {
                for offset in loaded.entries.indices where loaded.entries[offset].lists {
                    kept[find(first + offset)] = true
                }
            }
        }
        var paperOfRoot = [Int32](repeating: -1, count: parent.count)
        var provenance: [Provenance] = []
        // The last digest each paper was seen in, to spot a paper listed twice in one digest.
        var lastDigestOfPaper: [Int] = []
        for (loaded, digestIndex, first) in sources {
            let richness = Int8(loaded.format.richness)
            var listed: [Int] = []
            var unlistedUpdates = 0
            listed.reserveCapacity(loaded.entries.count)
            let entries = loaded.entries
            for offset in entries.indices {
                let root = find(first + offset)
                guard titled[root] else {
                    diagnostics.append(
                        .warning(
                            entries[offset].location,
                            "no source gives a title for arXiv \(entries[offset].details?.value.arxiv?.id ?? "?"): add 'title' to this note; skipped"
                        ))
                    continue
                }
                guard kept[root] else {
                    unlistedUpdates += 1
                    continue
                }
                let lists = entries[offset].lists
                let rank = Rank(
                    richness: richness,
                    arxivVersion: loaded.format.isArxivRecord ? entries[offset].details?.value.arxiv?.version : nil)
                // Listed when the source says, to the second; else on its digest's day.
                let appearance = (lists ? digestIndex : nil).map { digest in
                    Appearance(
                        digest: digest, location: entries[offset].location,
                        listed: entries[offset].listed ?? digests[digest].date.map { ListingTime(day: $0) })
                }
                let here = Int32(first + offset)
                var paperIndex = Int(paperOfRoot[root])
                if paperIndex < 0 {
                    paperIndex = papers.count
                    paperOfRoot[root] = Int32(paperIndex)
                    var record = PaperRecord(
                        key: entries[offset].key, title: entries[offset].title, abstract: "",
                        date: entries[offset].date,
                        byline: entries[offset].byline, upvotes: entries[offset].upvotes,
                        appearances: appearance.map { [$0] } ?? [],
                        details: entries[offset].details?.value)
                    record.storedAbstract = entries[offset].abstract
                    papers.append(record)
                    provenance.append(Provenance(rank: rank, date: entries[offset].date == nil ? nil : here))
                    lastDigestOfPaper.append(-1)
                } else {
                    var paper = papers[paperIndex]
                    merge(
                        entries[offset], rank: rank, appearance: appearance, here: here,
                        into: &paper, provenance: &provenance[paperIndex])
                    papers[paperIndex] = paper
                }
                guard let digestIndex, lists else { continue }
                if lastDigestOfPaper[paperIndex] == digestIndex {
                    diagnostics.append(
                        .warning(
                            entries[offset].location,
                            "'\(papers[paperIndex].title)' is listed twice in this digest; the second listing is merged into the first"
                        ))
                } else {
                    lastDigestOfPaper[paperIndex] = digestIndex
                    listed.append(paperIndex)
                }
            }
            if let digestIndex { digests[digestIndex].papers = listed }
            if unlistedUpdates > 0 {
                let (papers, are) = unlistedUpdates == 1 ? ("1 paper", "is") : ("\(unlistedUpdates) papers", "are")
                diagnostics.append(
                    Diagnostic(
                        .note, SourceLocation(path: loaded.source.path),
                        "\(papers) announced here only as a new version (replace, replace-cross) \(are) listed by no source of the site, so left out; arxiv_announce in quire.yml can list such announcements"
                    ))
            }
        }
        for index in papers.indices where papers[index].details?.otherTitleKeys.isEmpty == false {
            let key = papers[index].key
            papers[index].details?.otherTitleKeys.removeAll { $0 == key }
        }
        sources = []
    }

    /// Near-miss warnings written in one build at most; the rest are counted in one more.
    static let nearMissWarningLimit = 50

    /// Two papers whose titles differ only by a subtitle or a typo are probably one paper that
    /// failed to merge: each such pair gets a warning naming both and saying how to join them,
    /// up to `nearMissWarningLimit`. `NearMissIndex` finds the pairs in time linear in the papers.
    static func nearMissWarnings(_ papers: [PaperRecord]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var pairs = NearMissIndex.pairs(papers.map(\.key)).filter { a, b in
            (papers[a].arxiv == nil || papers[b].arxiv == nil) && papers[a].firstLocation != nil
                && papers[b].firstLocation != nil
        }
        let unreported = pairs.count - min(pairs.count, Self.nearMissWarningLimit)
        for (a, b) in pairs.prefix(Self.nearMissWarningLimit) {
            let (first, second) = (papers[a], papers[b])
            let how =
                TitleKeys.isWordPrefix(first.key, of: second.key) || TitleKeys.isWordPrefix(second.key, of: first.key)
                ? "one is the other with its subtitle or ending left out" : "they differ by a letter or two"
            diagnostics.append(
                .warning(
                    second.firstLocation!,
                    "'\(second.title)' looks like '\(first.title)' (\(first.firstLocation!)): \(how), so they are kept as two papers; if they are one, give both the same title (or the same arxiv id in a note)"
                ))
        }
        if unreported > 0 {
            pairs.removeFirst(Self.nearMissWarningLimit)
            let (a, b) = pairs[0]
            diagnostics.append(
                .warning(
                    papers[b].firstLocation!,
                    "\(unreported) more pair\(unreported == 1 ? "" : "s") of papers have titles that look alike ('\(papers[b].title)' and '\(papers[a].title)' first); only the first \(Self.nearMissWarningLimit) are named"
                ))
        }
        return diagnostics
    }

    /// How a source ranks for the title, abstract and authors: its format's richness and, for
    /// one of arXiv's own records, the version of the paper it describes.
    private struct Rank {
        var richness: Int8
        var arxivVersion: Int?

        /// Whether a field from this source replaces one from `current`: a later version of
        /// arXiv's record over an earlier one, else a richer source over a poorer one.
        func beats(_ current: Rank) -> Bool {
            if let version = arxivVersion, let known = current.arxivVersion, version != known { return version > known }
            return richness > current.richness
        }
    }

    /// How the source of each chosen field ranked.
    private struct Provenance {
        var title: Rank
        var abstract: Rank
        var byline: Int8
        var authors: Rank
        var dateRichness: Int8
        /// The entry (in reading order) the date came from.
        var date: Int32?

        init(rank: Rank, date: Int32?) {
            (title, abstract, authors) = (rank, rank, rank)
            (byline, dateRichness) = (rank.richness, rank.richness)
            self.date = date
        }
    }

    private mutating func merge(
        _ entry: DigestLoader.NormalizedEntry, rank: Rank, appearance: Appearance?, here: Int32,
        into paper: inout PaperRecord, provenance: inout Provenance
    ) {
        let richness = rank.richness
        var otherKey: String?
        if !entry.title.isEmpty, paper.title.isEmpty || rank.beats(provenance.title) {
            if entry.key != paper.key, !paper.key.isEmpty { otherKey = paper.key }
            paper.title = entry.title
            paper.key = entry.key
            provenance.title = rank
        } else if !entry.key.isEmpty, entry.key != paper.key {
            otherKey = entry.key
        }
        if !entry.abstract.isEmpty, paper.storedAbstract.isEmpty || rank.beats(provenance.abstract) {
            paper.storedAbstract = entry.abstract
            provenance.abstract = rank
        }
        if let date = entry.date {
            if paper.date == nil || richness > provenance.dateRichness {
                paper.date = date
                provenance.dateRichness = richness
                provenance.date = here
            } else if let known = paper.date, known != date, richness == provenance.dateRichness {
                let knownAt =
                    provenance.date.map { location(ofEntry: Int($0)) } ?? paper.firstLocation ?? entry.location
                diagnostics.append(
                    .warning(
                        entry.location,
                        "'\(paper.title)' is dated \(date) here but \(known) at \(knownAt); keeping \(known)"))
            }
        }
        if let upvotes = entry.upvotes { paper.upvotes = max(paper.upvotes ?? 0, upvotes) }
        if let byline = entry.byline {
            let isOrganization = !byline.isAuthorCount, hadOrganization = paper.byline?.isAuthorCount == false
            if paper.byline == nil || (isOrganization && !hadOrganization)
                || (isOrganization == hadOrganization && richness > provenance.byline)
            {
                paper.byline = byline
                provenance.byline = richness
            }
        }
        if let appearance { paper.appearances.append(appearance) }
        guard entry.details != nil || otherKey != nil else { return }
        var details = paper.details ?? PaperDetails()
        if let otherKey, !details.otherTitleKeys.contains(otherKey) { details.otherTitleKeys.append(otherKey) }
        if let added = entry.details?.value {
            let hadAuthors = !details.authors.isEmpty
            Self.merge(added, into: &details)
            if !added.authors.isEmpty, !hadAuthors || rank.beats(provenance.authors) {
                details.authors = added.authors
                provenance.authors = rank
            }
        }
        paper.details = details
    }

    /// The fields beyond authors: the first value of each (categories from the first source that
    /// names the primary one), counts at their highest, lists joined.
    private static func merge(_ added: PaperDetails, into details: inout PaperDetails) {
        if let arxiv = added.arxiv {
            if details.arxiv == nil {
                details.arxiv = arxiv
            } else if let version = arxiv.version {
                let known = details.arxiv?.version ?? 0
                details.arxiv?.version = max(known, version)
            }
        }
        // The first source's categories, unless a later one (an API export) also knows the primary one.
        if details.categories.isEmpty || (details.primaryCategory == nil && added.primaryCategory != nil) {
            details.categories = added.categories.isEmpty ? details.categories : added.categories
            details.primaryCategory = added.primaryCategory
        }
        details.doi = details.doi ?? added.doi
        details.journalRef = details.journalRef ?? added.journalRef
        details.arxivComment = details.arxivComment ?? added.arxivComment
        details.link = details.link ?? added.link
        details.submittedBy = details.submittedBy ?? added.submittedBy
        if let updated = added.updated { details.updated = max(details.updated ?? updated, updated) }
        if let count = added.commentCount { details.commentCount = max(details.commentCount ?? 0, count) }
        if details.keywords.isEmpty { details.keywords = added.keywords }
        details.githubRepo = details.githubRepo ?? added.githubRepo
        if let stars = added.githubStars { details.githubStars = max(details.githubStars ?? 0, stars) }
        details.projectPage = details.projectPage ?? added.projectPage
        for summary in added.machineSummaries
        where !details.machineSummaries.contains(where: {
            $0.writer == summary.writer && $0.language == summary.language
        }) {
            details.machineSummaries.append(summary)
        }
        details.thumbnail = details.thumbnail ?? added.thumbnail
        for url in added.mediaURLs where !details.mediaURLs.contains(url) { details.mediaURLs.append(url) }
        details.affiliations.merge(added.affiliations) { known, _ in known }
        for tag in added.tags where !details.tags.contains(tag) { details.tags.append(tag) }
        details.featured = details.featured || added.featured
        for topic in added.topics where !details.topics.contains(topic) { details.topics.append(topic) }
        details.notes += added.notes
        for key in added.otherTitleKeys where !details.otherTitleKeys.contains(key) {
            details.otherTitleKeys.append(key)
        }
    }

    // MARK: - Union–find

    private mutating func find(_ index: Int) -> Int {
        var root = index
        while Int(parent[root]) != root { root = Int(parent[root]) }
        var current = index
        while Int(parent[current]) != root {
            let next = Int(parent[current])
            parent[current] = Int32(root)
            current = next
        }
        return root
    }

    /// Joins two components under the earlier root, which keeps the arXiv id either had.
    private mutating func union(_ a: Int, _ b: Int) {
        let (rootA, rootB) = (find(a), find(b))
        guard rootA != rootB else { return }
        let (root, child) = rootA < rootB ? (rootA, rootB) : (rootB, rootA)
        parent[child] = Int32(root)
        if let id = arxivIDOfRoot.removeValue(forKey: child), arxivIDOfRoot[root] == nil { arxivIDOfRoot[root] = id }
    }

    /// The location of an entry by its number in reading order.
    private func location(ofEntry index: Int) -> SourceLocation {
        var low = 0, high = sources.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if sources[middle].firstEntry <= index { low = middle } else { high = middle - 1 }
        }
        return sources[low].loaded.entries[index - sources[low].firstEntry].location
    }

    /// The file name without extension, made URL-safe, unique among digests.
    private mutating func uniqueSlug(for fileName: String) -> String {
        let base = Digest.slug(fileName: fileName)
        var slug = base
        var suffix = 2
        while !digestSlugs.insert(slug).inserted {
            slug = "\(base)-\(suffix)"
            suffix += 1
        }
        return slug
    }
}
