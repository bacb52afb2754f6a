import QuireCore

/// A date as a digest prints it: `Jun 6, 2023` or, for the page's own year, `May 28`.
public struct PrintedDate: Hashable, Sendable {
    public var monthDay: MonthDay
    /// Nil when the digest left the year out.
    public var year: Int?

    /// The full day, taking `digestYear` when the year was left out.
    public func resolved(digestYear: Int?) -> Day? {
        guard let year = year ?? digestYear else { return nil }
        return monthDay.inYear(year)
    }
}

/// One entry of a digest file as written, before normalization and merging.
public struct DigestEntry: Sendable {
    public var title: String
    public var abstract: String
    public var byline: Byline?
    public var date: PrintedDate?
    public var upvotes: Int?
    /// The title's line.
    public var location: SourceLocation
    /// The line of the date in the meta block, for diagnostics about it.
    public var dateLine: Int?
}

/// A digest file after parsing: its header date and entries, plus what was wrong with it.
public struct ParsedDigest: Sendable {
    public var headerDate: MonthDay?
    /// The line of the header date, for diagnostics about the digest as a whole.
    public var headerLine: Int?
    public var entries: [DigestEntry]
    public var diagnostics: [Diagnostic]
}
