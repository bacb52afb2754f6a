/// Who wrote a paper, as far as a digest says: a number of authors or an organisation.
public enum Byline: Hashable, Sendable {
    case authors(count: Int)
    /// An organisation page on Hugging Face: its handle (`Westlake-University`) and display name.
    case organization(handle: String, name: String)

    /// How pages and feeds name the authors: `4 authors`, `1 author` or the organisation.
    public var displayText: String {
        switch self {
        case .authors(let count): return count == 1 ? "1 author" : "\(count) authors"
        case .organization(_, let name): return name
        }
    }
}

/// One listing of a paper in a digest: which digest, where in its file, and when.
public struct Appearance: Hashable, Sendable {
    /// Index into the corpus's digests.
    public var digest: Int
    public var location: SourceLocation
    /// When the source listed the paper: its own time when it gives one (HF JSON, arXiv), else
    /// the digest's day; nil in a digest whose date is unknown.
    public var listed: ListingTime?

    public init(digest: Int, location: SourceLocation, listed: ListingTime? = nil) {
        self.digest = digest
        self.location = location
        self.listed = listed
    }
}

/// One paper after loading: its listings merged, its text normalized. Knows nothing of pages.
public struct PaperRecord: Sendable {
    /// The merge key: the normalized title.
    public var key: String
    public var title: String
    /// Plain text (not Markdown), normalized. Read back from a scratch file when the loader
    /// spooled it (`DigestLoader.spool`): each read is a copy, so read it once where you can.
    public var abstract: String {
        get { storedAbstract.text }
        set { storedAbstract = .inMemory(newValue) }
    }
    /// The abstract, in memory or spooled.
    public var storedAbstract: StoredText
    /// Publication date, when a digest printed one.
    public var date: Day?
    public var byline: Byline?
    public var upvotes: Int?
    /// Every listing in a digest, in digest order; empty only for a paper known from notes alone.
    public var appearances: [Appearance]
    private var detailsBox: PaperDetailsBox?

    public init(
        key: String, title: String, abstract: String, date: Day?, byline: Byline?,
        upvotes: Int?, appearances: [Appearance], details: PaperDetails? = nil
    ) {
        self.key = key
        self.title = title
        self.storedAbstract = .inMemory(abstract)
        self.date = date
        self.byline = byline
        self.upvotes = upvotes
        self.appearances = appearances
        self.detailsBox = details.map(PaperDetailsBox.init)
    }

    /// What sources richer than a text digest said about the paper; nil when none did.
    public var details: PaperDetails? {
        get { detailsBox?.value }
        set { detailsBox = newValue.map(PaperDetailsBox.init) }
    }

    /// The paper's arXiv identity, when any source knows it.
    public var arxiv: ArxivReference? { detailsBox?.value.arxiv }

    /// Where the paper was first described: its first listing, else its first note.
    public var firstLocation: SourceLocation? {
        appearances.first?.location ?? detailsBox?.value.notes.first?.location
    }
}

/// How a digest's date was found, for reports and diagnostics.
public enum DigestDateSource: Hashable, Sendable {
    /// `digest_dates` in the site configuration.
    case config
    /// A `YYYY-MM-DD` prefix of the file name.
    case fileName
    /// Month and day from the header, year inferred from the entries' dates.
    case inferred(reason: String)
    /// A date the file records about itself, e.g. an Atom feed's `updated` time.
    case recorded(what: String)
    /// The year could not be known; the digest is undated.
    case unknown
}

/// One digest file as collected: its date and its papers in its own order.
public struct Digest: Sendable {
    /// The file name, e.g. `000_2c533f7ed90aa707.txt`.
    public var fileName: String
    public var path: String
    /// URL-safe name derived from the file name, unique among digests.
    public var slug: String
    public var date: Day?
    public var dateSource: DigestDateSource
    /// The month and day the header printed, kept for undated digests.
    public var headerDate: MonthDay?
    /// The line of the header date in the file.
    public var headerLine: Int?
    /// Indices into the corpus's papers, one per entry, in file order.
    public var papers: [Int]
    /// What kind of file the digest is.
    public var format: SourceFormat
    /// The title the file gives itself (an arXiv export's query), when it has one.
    public var sourceTitle: String?

    public init(
        fileName: String, path: String, slug: String, date: Day?, dateSource: DigestDateSource,
        headerDate: MonthDay?, headerLine: Int?, papers: [Int], format: SourceFormat = .hfText,
        sourceTitle: String? = nil
    ) {
        self.fileName = fileName
        self.path = path
        self.slug = slug
        self.date = date
        self.dateSource = dateSource
        self.headerDate = headerDate
        self.headerLine = headerLine
        self.papers = papers
        self.format = format
        self.sourceTitle = sourceTitle
    }

    /// The slug a file name gives a digest before it is made unique: the name without its
    /// extension, in a-z, 0-9 and `-` (`2025-01-20_hf_deepseek_clean.txt` → `2025-01-20-hf-deepseek-clean`).
    public static func slug(fileName: String) -> String {
        Slug.make(from: stem(of: fileName), fallback: "digest")
    }

    /// The slug earlier versions (0.1.0 among them) gave this digest, which kept the file name's
    /// underscores (`2025-01-20_hf_deepseek_clean`): its page, if one was published, leads to this one's.
    public var slugBeforeDashes: String {
        Slug.make(from: Self.stem(of: fileName), keepUnderscore: true, fallback: "digest")
    }

    private static func stem(of fileName: String) -> String {
        let stem = fileName.split(separator: ".").dropLast().joined(separator: ".")
        return stem.isEmpty ? fileName : stem
    }
}

/// Everything the loader produced: digests and the deduplicated papers they list.
public struct Corpus: Sendable {
    public var digests: [Digest]
    public var papers: [PaperRecord]
    /// Entries read across all digests, before merging.
    public var entryCount: Int
    public var diagnostics: [Diagnostic]

    public init(digests: [Digest], papers: [PaperRecord], entryCount: Int, diagnostics: [Diagnostic]) {
        self.digests = digests
        self.papers = papers
        self.entryCount = entryCount
        self.diagnostics = diagnostics
    }

    /// Entries that were merged into a paper already seen.
    public var mergedCount: Int { entryCount - papers.count }
}
