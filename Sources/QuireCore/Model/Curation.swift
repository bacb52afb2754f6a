/// `select:` in `quire.yml`: which papers the site publishes, matched like a topic rule.
public struct SelectionRule: Sendable, Equatable {
    /// Words or phrases of which one must occur in the title or abstract (whole words, any case).
    public var keywords: [String] = []
    /// arXiv categories (`cs.LG`) or archives (`cs`), of which the paper must be filed under one.
    public var categories: [String] = []
    /// Words that leave a paper out wherever they occur in its title or abstract.
    public var exclude: [String] = []
    /// Papers with fewer upvotes (none counts as 0) are left out.
    public var minUpvotes: Int?

    public init(keywords: [String] = [], categories: [String] = [], exclude: [String] = [], minUpvotes: Int? = nil) {
        self.keywords = keywords
        self.categories = categories
        self.exclude = exclude
        self.minUpvotes = minUpvotes
    }
}

/// How `select` and `hide` sorted the loaded papers, for `quire check`: overall, per rule and
/// per source file.
public struct CurationReport: Sendable, Equatable {
    /// Whether `select` is given; without it every paper not hidden is published.
    public var hasSelection = false
    public var published = 0
    public var leftOut = 0
    /// Papers `keywords` matched, `categories` matched, an `exclude` word left out, `min_upvotes`
    /// left out, a curator's note kept although `select` left them out, and `hide` held back.
    public var matchedKeywords = 0
    public var matchedCategories = 0
    public var excluded = 0
    public var belowUpvotes = 0
    public var keptByNote = 0
    public var hidden = 0
    /// Per source file (digest or note), in path order: papers it lists that are published and left out.
    public var perFile: [(path: String, published: Int, leftOut: Int)] = []

    public init() {}

    public static func == (a: CurationReport, b: CurationReport) -> Bool {
        a.hasSelection == b.hasSelection && a.published == b.published && a.leftOut == b.leftOut
            && a.matchedKeywords == b.matchedKeywords && a.matchedCategories == b.matchedCategories
            && a.excluded == b.excluded && a.belowUpvotes == b.belowUpvotes && a.keptByNote == b.keptByNote
            && a.hidden == b.hidden && a.perFile.elementsEqual(b.perFile, by: { $0 == $1 })
    }
}

/// A page once published that the curator has hidden: its address says so.
public struct RemovedPaper: Sendable, Equatable {
    public var slug: String
    public var title: String
    /// The paper's arXiv abstract page, when the ledger or a source knows its id.
    public var arxivURL: String?
}

/// Applies `select` and `hide` to a loaded corpus: the papers it keeps, with the digests' lists
/// renumbered, and what it did.
enum Curation {
    /// A paper is published when it is not hidden and it matches `select` or has a curator's
    /// note; with no `select`, every paper that is not hidden is published.
    static func apply(_ corpus: Corpus, config: SiteConfig) -> (Corpus, CurationReport) {
        var report = CurationReport()
        report.hasSelection = config.selection != nil
        let hidden = HiddenPapers(config.hidden)
        guard config.selection != nil || !hidden.isEmpty else {
            report.published = corpus.papers.count
            report.perFile = perFile(corpus, keep: Array(repeating: true, count: corpus.papers.count))
            return (corpus, report)
        }
        let rule = config.selection ?? SelectionRule()
        let keywords = TopicMatcher(rules: [TopicRule(slug: "", title: "", keywords: rule.keywords)])
        let exclusions = TopicMatcher(rules: [TopicRule(slug: "", title: "", keywords: rule.exclude)])
        let categories = rule.categories.map { $0.lowercased() }
        let verdicts = corpus.papers.parallelMap { record -> Verdict in
            var verdict = Verdict()
            if hidden.contains(record) {
                verdict.hidden = true
                return verdict
            }
            guard config.selection != nil else {
                verdict.keep = true
                return verdict
            }
            verdict.keyword =
                !rule.keywords.isEmpty && !keywords.match(title: record.title, abstract: record.abstract).isEmpty
            verdict.category =
                !categories.isEmpty
                && (record.details?.categories ?? []).contains { category in
                    let lowered = category.lowercased()
                    return categories.contains { lowered == $0 || lowered.hasPrefix($0 + ".") }
                }
            verdict.excluded =
                !rule.exclude.isEmpty && !exclusions.match(title: record.title, abstract: record.abstract).isEmpty
            verdict.belowUpvotes = rule.minUpvotes.map { (record.upvotes ?? 0) < $0 } ?? false
            let matches = (rule.keywords.isEmpty && rule.categories.isEmpty) || verdict.keyword || verdict.category
            let selected = matches && !verdict.excluded && !verdict.belowUpvotes
            let noted = record.details?.notes.isEmpty == false
            verdict.keptByNote = !selected && noted
            verdict.keep = selected || noted
            return verdict
        }
        var keep = [Bool](repeating: false, count: corpus.papers.count)
        for (index, verdict) in verdicts.enumerated() {
            keep[index] = verdict.keep
            if verdict.keep { report.published += 1 } else { report.leftOut += 1 }
            if verdict.keyword { report.matchedKeywords += 1 }
            if verdict.category { report.matchedCategories += 1 }
            if verdict.excluded { report.excluded += 1 }
            if verdict.belowUpvotes { report.belowUpvotes += 1 }
            if verdict.keptByNote { report.keptByNote += 1 }
            if verdict.hidden { report.hidden += 1 }
        }
        report.perFile = perFile(corpus, keep: keep)
        var newIndex = [Int](repeating: -1, count: corpus.papers.count)
        var papers: [PaperRecord] = []
        papers.reserveCapacity(report.published)
        for index in corpus.papers.indices where keep[index] {
            newIndex[index] = papers.count
            papers.append(corpus.papers[index])
        }
        var digests = corpus.digests
        for index in digests.indices {
            digests[index].papers = digests[index].papers.compactMap { newIndex[$0] >= 0 ? newIndex[$0] : nil }
        }
        // A digest whose papers the rules all leave out is not published: its page would list
        // nothing the site shows. (One that lists no paper at all, an empty file, still is.)
        var cited = Set<Int>()
        for record in papers { for appearance in record.appearances { cited.insert(appearance.digest) } }
        var newDigestIndex = [Int](repeating: -1, count: digests.count)
        var keptDigests: [Digest] = []
        for index in digests.indices
        where !digests[index].papers.isEmpty || corpus.digests[index].papers.isEmpty || cited.contains(index) {
            newDigestIndex[index] = keptDigests.count
            keptDigests.append(digests[index])
        }
        for paper in papers.indices {
            papers[paper].appearances = papers[paper].appearances.map { appearance in
                var appearance = appearance
                appearance.digest = newDigestIndex[appearance.digest]
                return appearance
            }
        }
        digests = keptDigests
        return (
            Corpus(digests: digests, papers: papers, entryCount: corpus.entryCount, diagnostics: corpus.diagnostics),
            report
        )
    }

    /// What the rules said of one paper.
    private struct Verdict {
        var keep = false
        var keyword = false
        var category = false
        var excluded = false
        var belowUpvotes = false
        var keptByNote = false
        var hidden = false
    }

    /// Published and left-out papers per digest and note file, in path order.
    private static func perFile(_ corpus: Corpus, keep: [Bool]) -> [(path: String, published: Int, leftOut: Int)] {
        var counts: [String: (Int, Int)] = [:]
        for digest in corpus.digests {
            var seen = Set<Int>()
            for paper in digest.papers where seen.insert(paper).inserted {
                counts[digest.path, default: (0, 0)].0 += keep[paper] ? 1 : 0
                counts[digest.path, default: (0, 0)].1 += keep[paper] ? 0 : 1
            }
        }
        for (index, record) in corpus.papers.enumerated() {
            for path in Set((record.details?.notes ?? []).map(\.location.path)) {
                counts[path, default: (0, 0)].0 += keep[index] ? 1 : 0
                counts[path, default: (0, 0)].1 += keep[index] ? 0 : 1
            }
        }
        return counts.keys.sorted().map { ($0, counts[$0]!.0, counts[$0]!.1) }
    }
}

/// `hide:` as lookups: arXiv ids, and titles as Quire compares them.
struct HiddenPapers: Sendable {
    private var ids: Set<String> = []
    private var titleKeys: Set<String> = []

    init(_ items: [String]) {
        for item in items {
            if let id = Self.arxivID(item) { ids.insert(id) } else { titleKeys.insert(TitleKeys.key(forTitle: item)) }
        }
    }

    var isEmpty: Bool { ids.isEmpty && titleKeys.isEmpty }

    func contains(_ record: PaperRecord) -> Bool {
        if let id = record.arxiv?.id, ids.contains(id) { return true }
        if titleKeys.contains(record.key) { return true }
        return record.details?.otherTitleKeys.contains(where: titleKeys.contains) ?? false
    }

    func contains(_ entry: PaperLedger.Entry) -> Bool {
        entry.arxiv.map(ids.contains) == true || titleKeys.contains(entry.titleKey)
    }

    /// `2306.03805`, `2306.03805v2`, `arXiv:2306.03805` or `hep-th/9901001`, without its version;
    /// nil for anything else (a title).
    static func arxivID(_ text: String) -> String? {
        var text = Substring(text.trimmingSpaces)
        if text.lowercased().hasPrefix("arxiv:") { text = text.dropFirst(6) }
        if let v = text.lastIndex(of: "v"), v > text.startIndex, text[text.index(after: v)...].allSatisfy(\.isNumber),
            text.index(after: v) < text.endIndex
        {
            text = text[..<v]
        }
        let isNew =
            text.count >= 9 && text.count <= 10 && text[text.index(text.startIndex, offsetBy: 4)] == "."
            && text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
        let isOld =
            text.contains("/") && text.split(separator: "/").count == 2
            && text.split(separator: "/")[1].allSatisfy { $0.isASCII && $0.isNumber }
            && text.split(separator: "/")[0].allSatisfy { $0.isASCII && ($0.isLetter || $0 == "-" || $0 == ".") }
        return isNew || isOld ? String(text) : nil
    }
}
