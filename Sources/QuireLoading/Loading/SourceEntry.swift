import QuireCore

/// One paper as a structured source (an HF daily-papers JSON file, an arXiv export or
/// announcement feed, a daily-arXiv JSON Lines file, a Markdown note) describes it, before its
/// text is normalized. The text digest has its own `DigestEntry`, dated later.
struct SourceEntry {
    var title: String
    /// The title the paper is known by when it is not the one shown: Hugging Face's
    /// `paper.title`, whose formulas it strips, under the entry's own title with them.
    var keyTitle: String?
    var abstract: String = ""
    var byline: Byline?
    /// The paper's publication date (UTC), when the source gives one.
    var date: Day?
    var upvotes: Int?
    /// When the source listed the paper, when it says: HF's `submittedOnDailyAt`, arXiv's `published`.
    var listed: ListingTime?
    /// Where the entry starts: `path:line`, or `path:/json/pointer`.
    var location: SourceLocation
    var details = PaperDetails()
    /// Why an arXiv announcement feed lists the paper (`new`, `replace`…); nil in other sources.
    var announceType: ArxivAnnounceType?
}

/// A JSON, Atom or Markdown file after parsing: its entries, the date it gives itself, and
/// what was wrong with it.
struct ParsedSource {
    var entries: [SourceEntry] = []
    /// The day the file records for itself: when Hugging Face listed its papers, when the arXiv
    /// query ran.
    var ownDate: Day?
    /// Says where `ownDate` came from, for the digest's page: "the feed's updated time".
    var ownDateDescription = ""
    /// The file's own title, when it has one: an arXiv export's query.
    var title: String?
    /// The format the content turned out to be, when it is not the one its extension names (an
    /// `*.xml` file that is an arXiv announcement feed rather than an API export).
    var format: SourceFormat?
    /// Entries the parser could not use (reported one by one in `diagnostics`).
    var skippedEntries = 0
    var diagnostics: [Diagnostic] = []
}
