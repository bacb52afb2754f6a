/// One paper as an HF daily-papers JSON file, an arXiv Atom export or a Markdown note describes it,
/// before its text is normalized. The text digest has its own `DigestEntry`, dated later.
struct SourceEntry {
    var title: String
    var abstract: String = ""
    var byline: Byline?
    /// The paper's publication date (UTC), when the source gives one.
    var date: Day?
    var upvotes: Int?
    /// Where the entry starts: `path:line`, or `path:/json/pointer`.
    var location: SourceLocation
    var details = PaperDetails()
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
    var diagnostics: [Diagnostic] = []
}
