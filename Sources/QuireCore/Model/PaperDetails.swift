/// The kinds of file a digests folder holds, each read by its own parser.
public enum SourceFormat: String, Hashable, Sendable, CaseIterable {
    /// The text of a Hugging Face Daily Papers page (`*.txt`).
    case hfText
    /// A Hugging Face daily-papers API response (`*.json`).
    case hfJSON
    /// An arXiv API query result, Atom with `arxiv:` extensions (`*.xml`, `*.atom`).
    case arxivAtom
    /// An arXiv announcement feed (`rss.arxiv.org/rss/cs.CL`, or its Atom form): the day's new,
    /// cross-listed and replaced papers. Read from `*.xml`, `*.atom` and `*.rss` files whose
    /// content is such a feed.
    case arxivListing
    /// A daily-arXiv-ai-enhanced day (`data/2025-10-14.jsonl`,
    /// `2025-10-14_AI_enhanced_Chinese.jsonl`): one arXiv paper a line, with machine-written
    /// summaries (`*.jsonl`).
    case dailyArxiv
    /// One hand-written entry: YAML front matter and the curator's Markdown note (`*.md`).
    case note

    /// The format of a file, by its extension (any case), or nil for files Quire does not read.
    /// An XML file is read as an arXiv export; its content may make it an announcement feed.
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "txt": self = .hfText
        case "json": self = .hfJSON
        case "xml", "atom", "rss": self = .arxivAtom
        case "jsonl": self = .dailyArxiv
        case "md", "markdown": self = .note
        default: return nil
        }
    }

    /// How much a source knows about a paper's metadata: where two sources disagree on a title,
    /// abstract, date or author list, the richer one wins (arXiv's own record first, then its
    /// announcement feed, whose authors are one line of names).
    package var richness: Int {
        switch self {
        case .arxivAtom: return 4
        case .arxivListing: return 3
        case .hfJSON, .dailyArxiv: return 2
        case .hfText: return 1
        case .note: return 0
        }
    }

    /// Whether the source is one of arXiv's own records of a paper, which name its version: the
    /// later version's title, abstract and authors win between two of them.
    package var isArxivRecord: Bool { self == .arxivAtom || self == .arxivListing }

    /// How reports count papers of this kind of source: `12 HF JSON`.
    public var shortName: String {
        switch self {
        case .hfText: return "HF text"
        case .hfJSON: return "HF JSON"
        case .arxivAtom: return "arXiv Atom"
        case .arxivListing: return "arXiv listing"
        case .dailyArxiv: return "daily-arXiv JSONL"
        case .note: return "notes"
        }
    }

    /// How pages name the kind of source.
    public var displayName: String {
        switch self {
        case .hfText: return "Hugging Face Daily Papers page"
        case .hfJSON: return "Hugging Face daily-papers API"
        case .arxivAtom: return "arXiv API export"
        case .arxivListing: return "arXiv announcement feed"
        case .dailyArxiv: return "daily-arXiv-ai-enhanced listing"
        case .note: return "Curator’s note"
        }
    }
}

/// How arXiv's announcement feeds say why a paper is in the day's list (`arxiv:announce_type`):
/// new to arXiv, new and cross-listed from another category, or a new version of a paper
/// announced before (`replace`, `replace-cross`; `absonly` when only its abstract page changed).
public enum ArxivAnnounceType: String, Hashable, Sendable, CaseIterable {
    case new
    case cross
    case replace
    case replaceCross = "replace-cross"
    case absonly

    /// The types that list a paper on the feed's day unless `arxiv_announce` says otherwise; the
    /// others only update the paper's fields.
    public static let listedByDefault: Set<ArxivAnnounceType> = [.new, .cross]
}

/// A summary a program wrote about a paper (Hugging Face's `ai_summary`, a daily-arXiv TL;DR),
/// shown labelled as machine-written.
public struct MachineSummary: Hashable, Sendable {
    public var text: String
    /// Its language as a BCP 47 tag (`en`, `zh`), when the source says.
    public var language: String?
    /// Who wrote it, for its label: `Hugging Face`, `daily-arXiv-ai-enhanced`.
    public var writer: String

    public init(text: String, language: String?, writer: String) {
        self.text = text
        self.language = language
        self.writer = writer
    }
}

extension Byline {
    /// Whether this is a number of authors rather than an organisation.
    public var isAuthorCount: Bool {
        if case .authors = self { return true }
        return false
    }
}

/// A paper's arXiv identity: `2306.03805` (or `hep-th/9901001` for old papers), never with a version.
public struct ArxivReference: Hashable, Sendable {
    public var id: String
    /// The latest version any source names (`2` for `2306.03805v2`).
    public var version: Int?

    public init(id: String, version: Int? = nil) {
        self.id = id
        self.version = version
    }

    /// The abstract page, which always shows the latest version.
    public var absURL: String { "https://arxiv.org/abs/\(id)" }
    /// The PDF of the latest version.
    public var pdfURL: String { "https://arxiv.org/pdf/\(id)" }
}

/// The curator's comment on a paper: Markdown from a note's body, and where it was written.
public struct CuratorNote: Hashable, Sendable {
    public var markdown: String
    public var location: SourceLocation

    public init(markdown: String, location: SourceLocation) {
        self.markdown = markdown
        self.location = location
    }
}

/// What sources richer than a text digest know about a paper: its arXiv identity, authors,
/// categories, HF's counts and keywords, and the curator's notes, tags and topics.
public struct PaperDetails: Hashable, Sendable {
    public var arxiv: ArxivReference?
    /// Author names in order, when a source lists them.
    public var authors: [String] = []
    /// arXiv categories, the primary one first.
    public var categories: [String] = []
    public var primaryCategory: String?
    public var doi: String?
    public var journalRef: String?
    /// When arXiv last updated the paper, when that is not the day it was published.
    public var updated: Day?
    /// The authors' comment on arXiv (`23 pages, 8 figures`).
    public var arxivComment: String?
    /// A link from a note's `url` (for papers that are not on arXiv, or a project page).
    public var link: String?
    /// Comments on the paper's Hugging Face page.
    public var commentCount: Int?
    /// Who submitted the paper to Hugging Face Daily Papers.
    public var submittedBy: String?
    /// Keywords Hugging Face extracted (`ai_keywords`).
    public var keywords: [String] = []
    /// The paper's code on GitHub (`githubRepo` on Hugging Face), an http(s) URL.
    public var githubRepo: String?
    /// The repository's stars when Hugging Face last counted them.
    public var githubStars: Int?
    /// The paper's project page (`projectPage`), an http(s) URL.
    public var projectPage: String?
    /// Machine-written summaries (Hugging Face's `ai_summary`, daily-arXiv's TL;DR), one per
    /// writer and language, in the order the sources were read.
    public var machineSummaries: [MachineSummary] = []
    /// An image of the paper (`thumbnail`), an http(s) URL.
    public var thumbnail: String?
    /// Videos and images the authors attached on Hugging Face (`mediaUrls`), http(s) URLs.
    public var mediaURLs: [String] = []
    /// Each author's affiliations as arXiv lists them (`arxiv:affiliation`), by author name.
    public var affiliations: [String: [String]] = [:]
    /// Free-form labels from notes.
    public var tags: [String] = []
    /// Topic slugs a note puts the paper in, besides the rule-based ones.
    public var topics: [String] = []
    /// Every note on the paper, in file order (a note's Markdown may be empty).
    public var notes: [CuratorNote] = []
    /// The merge keys of the titles other sources gave the paper, beyond the record's own key.
    public var otherTitleKeys: [String] = []

    public init(arxiv: ArxivReference? = nil) {
        self.arxiv = arxiv
    }
}

/// `PaperDetails` kept out of line: most papers come from text digests alone and have none, so a
/// record or entry pays one pointer for them instead of the whole struct.
package final class PaperDetailsBox: Sendable {
    package let value: PaperDetails

    package init(_ value: PaperDetails) {
        self.value = value
    }
}
