import Foundation
import QuireCore

/// Parses the Hugging Face Daily Papers text digest (a scrape of the web page).
///
/// The format, as the reference digests show it: a header (`new`, `Get trending papers in your
/// email inbox!`, `Subscribe`, optionally `Daily Papers`, `byAK and the research community`), the
/// digest's date without a year (`Apr 13`), then entries separated by blank lines. An entry is a
/// title line, a one-line abstract and an optional meta block of three lines:
///
///       • 4 authors            (or an organisation: `Westlake-University Westlake University`)
///     ·
///     Jun 6, 2023 12           (or `May 28` in the page's own year; upvotes optional)
///
/// Hand-written because no library reads this ad-hoc format; it works on lines and paragraphs.
public struct HFTextDigestParser: Sendable {
    static let knownHeaderLines: Set<String> = [
        "new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers",
        "byAK and the research community",
    ]
    /// A paragraph longer than this in the place of a title, with no abstract after it, is an
    /// abstract whose title is missing. Titles in the reference digests are under 170 characters.
    static let longestTitle = 300
    /// Abstracts on arXiv are at most 1,920 characters; far longer ones are blocks of text that
    /// lost their blank lines and are reported.
    static let longestAbstract = 20_000
    /// Header lines are short; a longer paragraph before the date line means there is none.
    static let longestHeaderLine = 80
    /// How many header paragraphs to look through for the digest's date.
    static let headerSearchLimit = 12

    public init() {}

    /// Parses a digest file's bytes; `path` is used in diagnostics.
    public func parse(_ bytes: [UInt8], path: String) -> ParsedDigest {
        var diagnostics: [Diagnostic] = []
        let text = TextDecoding.decode(bytes, path: path, diagnostics: &diagnostics)
        var parser = Run(path: path, paragraphs: Paragraph.split(text))
        parser.diagnostics = diagnostics
        return parser.run()
    }

    /// Parses text already decoded.
    public func parse(text: String, path: String) -> ParsedDigest {
        var parser = Run(path: path, paragraphs: Paragraph.split(text))
        return parser.run()
    }
}

/// A run of non-blank lines, with the 1-based number of its first line.
struct Paragraph {
    var lines: [Substring]
    var firstLine: Int

    /// Splits text into paragraphs; `\r\n` line endings count as `\n`.
    static func split(_ text: String) -> [Paragraph] {
        var text = text
        // Line ends found with memchr on the bytes; lines are then sliced by byte offset.
        let lineRanges: [Range<Int>] = text.withUTF8 { bytes in
            var ranges: [Range<Int>] = []
            guard let base = bytes.baseAddress else { return [0..<0] }
            var start = 0
            while start <= bytes.count {
                let rest = bytes.count - start
                let found = rest > 0 ? memchr(base + start, 0x0A, rest) : nil
                let end = found.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? bytes.count
                var lineEnd = end
                if lineEnd > start, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                ranges.append(start..<lineEnd)
                start = end + 1
            }
            return ranges
        }
        let utf8 = text.utf8
        var paragraphs: [Paragraph] = []
        var current: [Substring] = []
        var firstLine = 0
        for (number, range) in lineRanges.enumerated() {
            let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            let upper = utf8.index(lower, offsetBy: range.count)
            let line = text[lower..<upper]
            if isBlank(line) {
                if !current.isEmpty {
                    paragraphs.append(Paragraph(lines: current, firstLine: firstLine))
                    current = []
                }
            } else {
                if current.isEmpty { firstLine = number + 1 }
                current.append(line)
            }
        }
        if !current.isEmpty { paragraphs.append(Paragraph(lines: current, firstLine: firstLine)) }
        return paragraphs
    }

    static func isBlank(_ line: Substring) -> Bool {
        guard let first = line.utf8.first else { return true }
        if first > 0x20 && first < 0x80 { return false }  // the common case: text starts at once
        if line.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return true }
        return line.utf8.contains(where: { $0 >= 0x80 }) && line.allSatisfy(\.isWhitespace)
    }

    /// Whether this is a meta block: a `·` line second or first, or an author count (`• 4 authors`)
    /// first, so that a block cut off before its `·` is not taken for the next title.
    var isMeta: Bool {
        if lines.count >= 2, Paragraph.isSeparator(lines[1]) { return true }
        return Paragraph.isSeparator(lines[0]) || Paragraph.isAuthorCount(lines[0])
    }

    /// How many titles and abstracts this paragraph holds: a one-line paragraph is one of them,
    /// a longer one a title with its abstract; a meta block holds none.
    var textCount: Int { isMeta ? 0 : min(lines.count, 2) }

    /// A line starting with `•` (after indentation): the author count of a meta block.
    static func isAuthorCount(_ line: Substring) -> Bool {
        let bytes = line.utf8.drop { $0 == 0x20 || $0 == 0x09 }
        return bytes.starts(with: [0xE2, 0x80, 0xA2])
    }

    static func isSeparator(_ line: Substring) -> Bool {
        line.utf8.count <= 16 && line.trimmingWhitespace() == "·"
    }
}

extension HFTextDigestParser {
    /// The state of one parse.
    struct Run {
        let path: String
        let paragraphs: [Paragraph]
        var index = 0
        var diagnostics: [Diagnostic] = []
        var entries: [DigestEntry] = []
        var headerLine: Int?
        /// For each paragraph, how many titles and abstracts lie from it to the next meta block.
        var textsBeforeNextMeta: [Int]?

        init(path: String, paragraphs: [Paragraph]) {
            self.path = path
            self.paragraphs = paragraphs
        }

        mutating func warn(_ line: Int?, _ message: String) {
            diagnostics.append(.warning(SourceLocation(path: path, line: line), message))
        }

        mutating func run() -> ParsedDigest {
            let headerDate = readHeader()
            while index < paragraphs.count { readEntry() }
            if entries.isEmpty {
                warn(
                    paragraphs.isEmpty ? nil : paragraphs.last!.firstLine + paragraphs.last!.lines.count - 1,
                    paragraphs.isEmpty ? "empty digest: no header and no entries" : "digest has no entries")
            }
            return ParsedDigest(
                headerDate: headerDate, headerLine: headerLine, entries: entries, diagnostics: diagnostics)
        }

        // MARK: - Header

        /// Skips the header and returns the digest's month and day, leaving `index` at the first entry.
        mutating func readHeader() -> MonthDay? {
            let limit = min(paragraphs.count, HFTextDigestParser.headerSearchLimit)
            for candidate in 0..<limit {
                let paragraph = paragraphs[candidate]
                guard paragraph.lines.count == 1 else { break }
                let line = paragraph.lines[0].trimmingWhitespace()
                let reading = HeaderDate.parse(line)
                if reading != .notADate {
                    for unknown in paragraphs[0..<candidate]
                    where !HFTextDigestParser.knownHeaderLines.contains(String(unknown.lines[0].trimmingWhitespace())) {
                        warn(
                            unknown.firstLine,
                            "unexpected header line '\(unknown.lines[0].trimmingWhitespace())' ignored")
                    }
                    index = candidate + 1
                    headerLine = paragraph.firstLine
                    switch reading {
                    case .date(let monthDay):
                        return monthDay
                    case .invalid(let problem):
                        warn(
                            paragraph.firstLine,
                            "the digest's date \(problem); the digest is undated unless digest_dates or its file name gives one"
                        )
                        return nil
                    case .notADate:
                        return nil
                    }
                }
                // Unknown short lines may be header text the site added; an abstract-long one is not.
                if line.utf8.count > HFTextDigestParser.longestHeaderLine { break }
            }
            // No date line: skip what is recognisably header and read the rest as entries.
            while index < paragraphs.count, paragraphs[index].lines.count == 1,
                HFTextDigestParser.knownHeaderLines.contains(String(paragraphs[index].lines[0].trimmingWhitespace()))
            {
                index += 1
            }
            if !paragraphs.isEmpty {
                warn(
                    paragraphs[min(index, paragraphs.count - 1)].firstLine,
                    "no digest date (a line like 'Apr 13') after the header; the digest is undated unless digest_dates or its file name gives one"
                )
            }
            return nil
        }

        // MARK: - Entries

        mutating func readEntry() {
            let first = paragraphs[index]
            index += 1
            if first.isMeta {
                warn(first.firstLine, "meta block with no title and abstract before it; ignored")
                return
            }
            let titleLine = first.lines[0].trimmingWhitespace()
            var abstractLines = Array(first.lines.dropFirst())
            if titleLine.utf8.count > HFTextDigestParser.longestTitle && abstractLines.isEmpty {
                guard startsTitleAbstractPairs() else {
                    warn(
                        first.firstLine,
                        "a paragraph of \(titleLine.count) characters stands where a title should be: an abstract with no title? It is skipped; add the title on a line of its own before it"
                    )
                    if index < paragraphs.count, paragraphs[index].isMeta { index += 1 }
                    return
                }
                warn(
                    first.firstLine,
                    "title of \(titleLine.count) characters (titles are rarely over \(HFTextDigestParser.longestTitle)); kept, but check that this line is the title"
                )
            }
            var abstractLine = first.firstLine + 1
            if abstractLines.isEmpty, index < paragraphs.count, !paragraphs[index].isMeta {
                abstractLines = paragraphs[index].lines
                abstractLine = paragraphs[index].firstLine
                index += 1
            }
            if abstractLines.isEmpty {
                warn(first.firstLine, "entry '\(Self.shortened(titleLine))' has no abstract")
            }
            let abstract = abstractLines.map { String($0) }.joined(separator: " ")
            if abstract.utf8.count > HFTextDigestParser.longestAbstract {
                warn(
                    abstractLine,
                    "abstract of entry '\(Self.shortened(titleLine))' is \(abstract.count) characters long (arXiv allows 1,920); kept, but check for blank lines lost between entries"
                )
            }
            var entry = DigestEntry(
                title: String(titleLine),
                abstract: abstract,
                byline: nil, date: nil, upvotes: nil,
                location: SourceLocation(path: path, line: first.firstLine))
            if index < paragraphs.count, paragraphs[index].isMeta {
                readMeta(paragraphs[index], into: &entry)
                index += 1
            }
            entries.append(entry)
        }

        /// Whether the long one-line paragraph just read, `paragraphs[index - 1]`, is a title: the
        /// paragraphs from it to the next meta block pair up into titles and abstracts only if it is
        /// one. When they do not, it is an abstract whose title is missing.
        mutating func startsTitleAbstractPairs() -> Bool {
            if textsBeforeNextMeta == nil {
                // Worked out once, backwards, so that a file of many such paragraphs stays linear.
                var counts = [Int](repeating: 0, count: paragraphs.count + 1)
                for position in paragraphs.indices.reversed() {
                    let paragraph = paragraphs[position]
                    counts[position] = paragraph.isMeta ? 0 : paragraph.textCount + counts[position + 1]
                }
                textsBeforeNextMeta = counts
            }
            return textsBeforeNextMeta![index - 1] % 2 == 0
        }

        mutating func readMeta(_ meta: Paragraph, into entry: inout DigestEntry) {
            let lines = meta.lines
            let title = Self.shortened(entry.title)
            var dateIndex = 0
            if Paragraph.isSeparator(lines[0]) {
                warn(meta.firstLine, "meta block of entry '\(title)' has no authors or organisation line")
                dateIndex = 1
            } else {
                entry.byline = readByline(lines[0], line: meta.firstLine)
                guard lines.count > 1 else {
                    warn(
                        meta.firstLine,
                        "meta block of entry '\(title)' is cut off after its authors line: no '·' and no date")
                    return
                }
                dateIndex = Paragraph.isSeparator(lines[1]) ? 2 : 1
                if dateIndex == 1 {
                    warn(
                        meta.firstLine + 1,
                        "meta block of entry '\(title)' has no '·' line between its authors and its date")
                }
            }
            guard dateIndex < lines.count else {
                warn(meta.firstLine + dateIndex - 1, "meta block of entry '\(title)' is cut off after '·': no date")
                return
            }
            let dateLineNumber = meta.firstLine + dateIndex
            entry.dateLine = dateLineNumber
            switch EntryDateLine.parse(lines[dateIndex].trimmingWhitespace()) {
            case .success(let parsed):
                entry.date = parsed.date
                entry.upvotes = parsed.upvotes
            case .failure(let problem):
                warn(dateLineNumber, "\(problem.message); the entry is kept without a date")
            }
            if lines.count > dateIndex + 1 {
                warn(dateLineNumber + 1, "unexpected line after the meta block's date ignored")
            }
        }

        mutating func readByline(_ raw: Substring, line: Int) -> Byline? {
            if let count = Self.authorCount(raw) { return .authors(count: count) }
            let text = raw.trimmingWhitespace()
            if text.hasPrefix("•") {
                let words = text.dropFirst().split(whereSeparator: { $0.isWhitespace })
                if words.count == 2, let count = Int(words[0]), count > 0, words[1] == "authors" || words[1] == "author"
                {
                    return .authors(count: count)
                }
                warn(line, "cannot read the author count in '\(text)'; expected '• N authors'")
                return nil
            }
            guard let space = text.firstIndex(where: { $0.isWhitespace }) else {
                return .organization(handle: String(text), name: String(text))
            }
            let handle = String(text[..<space])
            let name = text[space...].trimmingWhitespace()
            return .organization(handle: handle, name: name.isEmpty ? handle : String(name))
        }

        /// `  • 4 authors` read on bytes (the common case), or nil for anything else.
        static func authorCount(_ line: Substring) -> Int? {
            var bytes = line.utf8[...]
            while bytes.first == 0x20 || bytes.first == 0x09 { bytes = bytes.dropFirst() }
            while bytes.last == 0x20 || bytes.last == 0x09 { bytes = bytes.dropLast() }
            guard bytes.starts(with: [0xE2, 0x80, 0xA2]) else { return nil }  // •
            bytes = bytes.dropFirst(3)
            while bytes.first == 0x20 { bytes = bytes.dropFirst() }
            var count = 0, digits = 0
            while let byte = bytes.first, byte >= 0x30, byte <= 0x39, digits < 6 {
                count = count * 10 + Int(byte - 0x30)
                digits += 1
                bytes = bytes.dropFirst()
            }
            guard digits > 0, count > 0, bytes.first == 0x20 else { return nil }
            while bytes.first == 0x20 { bytes = bytes.dropFirst() }
            return bytes.elementsEqual("authors".utf8) || bytes.elementsEqual("author".utf8) ? count : nil
        }

        static func shortened(_ text: some StringProtocol) -> String {
            text.count <= 60 ? String(text) : String(text.prefix(57)) + "…"
        }
    }
}

/// The digest's own date line: `Apr 13`.
enum HeaderDate: Equatable {
    case date(MonthDay)
    /// A month and a day number that make no date, such as `Jun 99` or `Feb 30`; why.
    case invalid(String)
    case notADate

    static func parse(_ line: Substring) -> HeaderDate {
        let words = line.split(separator: " ")
        guard words.count == 2, let month = MonthNames.number(ofShortName: words[0]),
            words[1].count <= 2, let day = Int(words[1])
        else { return .notADate }
        return MonthDay(month: month, day: day).map { .date($0) }
            ?? .invalid(EntryDateLine.notADate(month: month, day: day, year: nil))
    }
}

/// The last line of a meta block: `Jun 6, 2023`, `May 28`, optionally followed by upvotes.
enum EntryDateLine {
    /// The well-formed line (`Mon D[, YYYY][ N]`, single spaces, a real date) read on bytes,
    /// or nil, leaving anything unusual to the general reader and its diagnostics.
    static func parseCommonForm(_ line: Substring) -> Parsed? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 5, bytes[3] == 0x20, let month = MonthNames.number(ofShortName: line.prefix(3)) else {
            return nil
        }
        var index = 4
        func number(maxDigits: Int) -> Int? {
            var value = 0, digits = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                guard digits < maxDigits else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
                digits += 1
                index += 1
            }
            return digits > 0 ? value : nil
        }
        guard let day = number(maxDigits: 2) else { return nil }
        var year: Int?
        if index < bytes.count, bytes[index] == 0x2C {  // ", YYYY"
            guard index + 1 < bytes.count, bytes[index + 1] == 0x20 else { return nil }
            index += 2
            let start = index
            guard let value = number(maxDigits: 4), index - start == 4 else { return nil }
            year = value
        }
        var upvotes: Int?
        if index < bytes.count {
            guard bytes[index] == 0x20 else { return nil }
            index += 1
            guard let value = number(maxDigits: 9) else { return nil }
            upvotes = value
        }
        guard index == bytes.count, let monthDay = MonthDay(month: month, day: day) else { return nil }
        if let year, Day(year: year, month: month, day: day) == nil { return nil }
        return Parsed(date: PrintedDate(monthDay: monthDay, year: year), upvotes: upvotes)
    }

    struct Parsed: Equatable {
        var date: PrintedDate
        var upvotes: Int?
    }

    struct Problem: Error {
        var message: String
    }

    static func parse(_ line: Substring) -> Result<Parsed, Problem> {
        if let parsed = parseCommonForm(line) { return .success(parsed) }
        let words = line.split(whereSeparator: { $0.isWhitespace })
        guard words.count >= 2, let month = MonthNames.number(ofShortName: words[0]) else {
            return .failure(Problem(message: "cannot read the date '\(line)'; expected 'Jun 6, 2023' or 'May 28'"))
        }
        var dayWord = words[1]
        let hasYear = dayWord.hasSuffix(",")
        if hasYear { dayWord = dayWord.dropLast() }
        guard let day = Int(dayWord), dayWord.count <= 2 else {
            return .failure(Problem(message: "cannot read the day in '\(line)'"))
        }
        var rest = words.dropFirst(2)
        var year: Int?
        if hasYear {
            guard let yearWord = rest.first, yearWord.count == 4, let value = Int(yearWord) else {
                return .failure(Problem(message: "cannot read the year in '\(line)'"))
            }
            year = value
            rest = rest.dropFirst()
        }
        var upvotes: Int?
        if let upvoteWord = rest.first {
            guard let value = Int(upvoteWord), value >= 0, rest.count == 1 else {
                return .failure(Problem(message: "unexpected text after the date in '\(line)'"))
            }
            upvotes = value
        }
        guard let monthDay = MonthDay(month: month, day: day), year.map({ monthDay.inYear($0) != nil }) ?? true else {
            return .failure(Problem(message: notADate(month: month, day: day, year: year)))
        }
        return .success(Parsed(date: PrintedDate(monthDay: monthDay, year: year), upvotes: upvotes))
    }

    /// Why a month, day and year make no date: `'Feb 30, 2023' is not a date (February has no day 30)`.
    static func notADate(month: Int, day: Int, year: Int?) -> String {
        let printed = "\(MonthNames.short[month - 1]) \(day)" + (year.map { ", \($0)" } ?? "")
        let reason =
            MonthDay(month: month, day: day) == nil || year == nil
            ? "\(MonthNames.long[month - 1]) has no day \(day)" : "\(year!) is not a leap year"
        return "'\(printed)' is not a date (\(reason))"
    }
}
