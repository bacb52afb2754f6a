@testable import QuireCore
@testable import QuireLoading

/// An entry's fields as plain values, so a whole parse can be compared with `==` and a
/// failure prints every field that differs.
struct EntrySnapshot: Equatable, CustomStringConvertible {
    var line: Int
    var title: String
    var abstract: String
    var byline: Byline?
    var date: PrintedDate?
    var upvotes: Int?
    var dateLine: Int?

    init(
        line: Int, title: String, abstract: String, byline: Byline? = nil, date: PrintedDate? = nil,
        upvotes: Int? = nil, dateLine: Int? = nil
    ) {
        self.line = line
        self.title = title
        self.abstract = abstract
        self.byline = byline
        self.date = date
        self.upvotes = upvotes
        self.dateLine = dateLine
    }

    init(_ entry: DigestEntry) {
        self.init(
            line: entry.location.line ?? -1, title: entry.title, abstract: entry.abstract, byline: entry.byline,
            date: entry.date, upvotes: entry.upvotes, dateLine: entry.dateLine)
    }

    var description: String {
        "line \(line): '\(title)' / '\(abstract)' / \(byline.map { "\($0)" } ?? "no byline") / "
            + "\(date.map { "\($0.monthDay)\($0.year.map { ", \($0)" } ?? "")" } ?? "no date") / "
            + "\(upvotes.map(String.init) ?? "no upvotes") / date line \(dateLine.map(String.init) ?? "none")"
    }
}

/// `Jun 6, 2023` as a value; `year: nil` for `May 28`.
func printed(_ month: Int, _ day: Int, _ year: Int? = nil) -> PrintedDate {
    PrintedDate(monthDay: MonthDay(month: month, day: day)!, year: year)
}
