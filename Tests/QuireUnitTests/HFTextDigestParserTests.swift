import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading

/// Parses `Fixtures/digests/<name>`; diagnostics name it `digests/<name>` so they do not depend
/// on where the repository is checked out.
private func parseFixture(_ name: String) throws -> ParsedDigest {
    let bytes = try TestPaths.bytes(TestPaths.digestFixtures + "/" + name)
    return HFTextDigestParser().parse(bytes, path: "digests/" + name)
}

private func snapshots(_ parsed: ParsedDigest) -> [EntrySnapshot] {
    parsed.entries.map(EntrySnapshot.init)
}

private func descriptions(_ parsed: ParsedDigest) -> [String] {
    parsed.diagnostics.map(\.description)
}

/// What `EntryDateLine.parse` made of a line, comparable with `==`.
private enum DateLineReading: Equatable {
    case parsed(EntryDateLine.Parsed)
    case problem(String)
}

private func readDateLine(_ line: String) -> DateLineReading {
    switch EntryDateLine.parse(line[...]) {
    case .success(let parsed): return .parsed(parsed)
    case .failure(let problem): return .problem(problem.message)
    }
}

@Suite("HFTextDigestParser")
struct HFTextDigestParserTests {
    // MARK: - Header variants

    @Test("a header with the Daily Papers line gives the header date and the entry after it")
    func fullHeader() throws {
        let parsed = try parseFixture("full-header.txt")
        #expect(parsed.headerDate == MonthDay(month: 4, day: 13))
        #expect(
            snapshots(parsed) == [
                EntrySnapshot(
                    line: 13, title: "Sparse Experts Are Fast Learners",
                    abstract: "We train a sparse mixture of experts and find that it learns quickly.",
                    byline: .authors(count: 4), date: printed(6, 6, 2023), dateLine: 19)
            ])
        #expect(descriptions(parsed) == [])
    }

    @Test("a header without the Daily Papers line is read the same way")
    func headerWithoutDailyPapers() throws {
        let parsed = try parseFixture("header-without-daily-papers.txt")
        #expect(parsed.headerDate == MonthDay(month: 3, day: 11))
        #expect(
            snapshots(parsed) == [
                EntrySnapshot(
                    line: 11, title: "HyperInterval: Hypernetwork Weight Intervals",
                    abstract: "We learn weight interval regions with a hypernetwork for continual learning.")
            ])
        #expect(descriptions(parsed) == [])
    }

    @Test("entries with no meta block have no byline, date or upvotes and do not swallow the next entry")
    func entriesWithoutMeta() throws {
        let parsed = try parseFixture("no-meta.txt")
        #expect(
            snapshots(parsed) == [
                EntrySnapshot(
                    line: 13, title: "First Paper Without Meta",
                    abstract: "The first abstract has no meta block after it."),
                EntrySnapshot(
                    line: 17, title: "Second Paper Without Meta", abstract: "The second abstract has none either."),
                EntrySnapshot(
                    line: 21, title: "Third Paper With Meta",
                    abstract: "The third abstract is followed by a meta block.",
                    byline: .authors(count: 2), date: printed(1, 2, 2024), dateLine: 27),
            ])
        #expect(descriptions(parsed) == [])
    }

    // MARK: - Bylines

    @Test("'• 4 authors' is a byline of four authors")
    func fourAuthors() throws {
        let parsed = try parseFixture("full-header.txt")
        #expect(parsed.entries.map(\.byline) == [.authors(count: 4)])
    }

    @Test("'• 1 authors' is a byline of one author")
    func oneAuthor() throws {
        let parsed = try parseFixture("one-author.txt")
        #expect(
            snapshots(parsed) == [
                EntrySnapshot(
                    line: 13, title: "A Lone Author Writes", abstract: "One person wrote this paper.",
                    byline: .authors(count: 1), date: printed(6, 16, 2019), dateLine: 19)
            ])
        #expect(descriptions(parsed) == [])
    }

    @Test("an organisation line splits into the handle and the display name, and a single word is both")
    func organizations() throws {
        let parsed = try parseFixture("organization.txt")
        #expect(
            snapshots(parsed) == [
                EntrySnapshot(
                    line: 13, title: "GenAug: Generative Augmentation",
                    abstract: "An organisation page lists this paper.",
                    byline: .organization(handle: "Westlake-University", name: "Westlake University"),
                    date: printed(11, 28, 2024), dateLine: 19),
                EntrySnapshot(
                    line: 21, title: "Mono-Model: One Model for All",
                    abstract: "A single-word organisation lists this paper.",
                    byline: .organization(handle: "OpenGVLab", name: "OpenGVLab"),
                    date: printed(7, 2, 2025), dateLine: 27),
            ])
        #expect(descriptions(parsed) == [])
    }

    // MARK: - Date lines

    @Test(
        "date lines with and without a year and with and without upvotes",
        arguments: [
            ("date-with-year.txt", printed(6, 6, 2023), nil as Int?),
            ("date-without-year.txt", printed(5, 28), nil),
            ("date-with-year-and-upvotes.txt", printed(7, 16, 2025), 1),
            ("date-without-year-with-upvotes.txt", printed(9, 3), 12),
        ])
    func dateLines(fixture: String, date: PrintedDate, upvotes: Int?) throws {
        let parsed = try parseFixture(fixture)
        let entry = try #require(parsed.entries.first)
        #expect(parsed.entries.count == 1)
        #expect(entry.date == date)
        #expect(entry.upvotes == upvotes)
        #expect(entry.dateLine == 19)
        #expect(entry.byline == .authors(count: 3))
        #expect(descriptions(parsed) == [])
    }

    @Test(
        "an entry date line is read into month, day, year and upvotes",
        arguments: [
            ("Jun 6, 2023", printed(6, 6, 2023), nil as Int?),
            ("May 28", printed(5, 28), nil),
            ("Jul 16, 2025 1", printed(7, 16, 2025), 1),
            ("Sep 3 12", printed(9, 3), 12),
            ("Feb 29, 2024", printed(2, 29, 2024), nil),
            ("Dec 31, 2025 0", printed(12, 31, 2025), 0),
        ])
    func entryDateLine(line: String, date: PrintedDate, upvotes: Int?) {
        #expect(readDateLine(line) == .parsed(EntryDateLine.Parsed(date: date, upvotes: upvotes)))
    }

    // MARK: - Line endings and encodings

    @Test("the clean fixture parses into its three entries with their lines")
    func cleanFixture() throws {
        let parsed = try parseFixture("clean.txt")
        #expect(parsed.headerDate == MonthDay(month: 4, day: 13))
        #expect(
            snapshots(parsed) == [
                EntrySnapshot(
                    line: 13, title: "DεpS: Delayed ε-Shrinking for Faster Training",
                    abstract: "We shrink ε late; TÜLU-style recipes follow.",
                    byline: .organization(handle: "Westlake-University", name: "Westlake University"),
                    date: printed(6, 9, 2025), upvotes: 2, dateLine: 19),
                EntrySnapshot(line: 21, title: "Plain Paper", abstract: "An abstract without a meta block."),
                EntrySnapshot(
                    line: 25, title: "Yearless Paper", abstract: "Printed without a year and with upvotes.",
                    byline: .authors(count: 5), date: printed(9, 3), upvotes: 12, dateLine: 31),
            ])
        #expect(descriptions(parsed) == [])
    }

    @Test(
        "CRLF line endings, a UTF-8 byte-order mark or a missing final newline parse exactly like the clean file",
        arguments: ["crlf.txt", "bom.txt", "no-trailing-newline.txt"])
    func sameAsClean(variant: String) throws {
        let clean = try TestPaths.bytes(TestPaths.digestFixtures + "/clean.txt")
        let bytes = try TestPaths.bytes(TestPaths.digestFixtures + "/" + variant)
        // The fixture really is the variant it claims to be (a checkout must not have normalized it).
        switch variant {
        case "crlf.txt": #expect(bytes.count == clean.count + clean.filter { $0 == 0x0A }.count)
        case "bom.txt": #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF] && Array(bytes.dropFirst(3)) == clean)
        default: #expect(bytes.last != 0x0A && bytes + [0x0A] == clean)
        }
        let expected = HFTextDigestParser().parse(clean, path: "digest.txt")
        let parsed = HFTextDigestParser().parse(bytes, path: "digest.txt")
        #expect(parsed.headerDate == expected.headerDate)
        #expect(snapshots(parsed) == snapshots(expected))
        #expect(descriptions(parsed) == descriptions(expected))
        #expect(parsed.entries.count == 3)
    }

    @Test("text already decoded parses like the same bytes")
    func parseText() throws {
        let bytes = try TestPaths.bytes(TestPaths.digestFixtures + "/clean.txt")
        let fromText = HFTextDigestParser().parse(text: String(decoding: bytes, as: UTF8.self), path: "digest.txt")
        let fromBytes = HFTextDigestParser().parse(bytes, path: "digest.txt")
        #expect(snapshots(fromText) == snapshots(fromBytes))
    }

    @Test("invalid UTF-8 is replaced and reported with its line")
    func invalidUTF8() {
        var bytes = Array("new\n\nApr 13\n\nTitle\n\nAbstract ".utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array(" end.\n".utf8)
        let parsed = HFTextDigestParser().parse(bytes, path: "bad.txt")
        #expect(
            snapshots(parsed) == [EntrySnapshot(line: 5, title: "Title", abstract: "Abstract \u{FFFD}\u{FFFD} end.")])
        #expect(
            descriptions(parsed) == [
                "bad.txt:7: warning: invalid UTF-8 replaced with U+FFFD (is the file in another encoding?)"
            ])
    }

    // MARK: - Diagnostics

    @Test("a title followed directly by its meta block is kept with an empty abstract and a warning")
    func titleWithoutAbstract() throws {
        let parsed = try parseFixture("no-abstract.txt")
        #expect(
            snapshots(parsed) == [
                EntrySnapshot(
                    line: 13, title: "Title Without Abstract", abstract: "",
                    byline: .authors(count: 4), date: printed(6, 6, 2023), dateLine: 17),
                EntrySnapshot(line: 19, title: "Next Paper", abstract: "Its abstract."),
            ])
        #expect(
            descriptions(parsed) == [
                "digests/no-abstract.txt:13: warning: entry 'Title Without Abstract' has no abstract"
            ])
    }

    @Test("a lone '·' is reported as a meta block with no byline and no date")
    func loneSeparator() throws {
        let parsed = try parseFixture("lone-separator.txt")
        #expect(
            snapshots(parsed) == [
                EntrySnapshot(line: 13, title: "Paper With Lone Separator", abstract: "Its abstract."),
                EntrySnapshot(line: 19, title: "Next Paper", abstract: "Its abstract."),
            ])
        #expect(
            descriptions(parsed) == [
                "digests/lone-separator.txt:17: warning: meta block of entry 'Paper With Lone Separator' has no authors or organisation line",
                "digests/lone-separator.txt:17: warning: meta block of entry 'Paper With Lone Separator' is cut off after '·': no date",
            ])
    }

    @Test("a meta block cut off at the end of the file keeps the byline and reports the missing date")
    func metaCutOff() throws {
        let parsed = try parseFixture("cut-off-meta.txt")
        #expect(
            snapshots(parsed) == [
                EntrySnapshot(
                    line: 13, title: "Paper Cut Off", abstract: "Its meta block ends after the separator.",
                    byline: .authors(count: 4))
            ])
        #expect(
            descriptions(parsed) == [
                "digests/cut-off-meta.txt:18: warning: meta block of entry 'Paper Cut Off' is cut off after '·': no date"
            ])
    }

    @Test("'• x authors' is reported and the entry keeps its date but no byline")
    func badAuthorCount() throws {
        let parsed = try parseFixture("bad-author-count.txt")
        #expect(
            snapshots(parsed) == [
                EntrySnapshot(
                    line: 13, title: "Paper With Bad Count", abstract: "Its author count is not a number.",
                    date: printed(6, 6, 2023), dateLine: 19)
            ])
        #expect(
            descriptions(parsed) == [
                "digests/bad-author-count.txt:17: warning: cannot read the author count in '• x authors'; expected '• N authors'"
            ])
    }

    @Test("'Feb 30, 2023' is reported as not a date and the entry is kept undated")
    func february30() throws {
        let parsed = try parseFixture("feb-30.txt")
        #expect(
            snapshots(parsed) == [
                EntrySnapshot(
                    line: 13, title: "Paper Of February Thirtieth", abstract: "Its date does not exist.",
                    byline: .authors(count: 4), dateLine: 19)
            ])
        #expect(
            descriptions(parsed) == [
                "digests/feb-30.txt:19: warning: 'Feb 30, 2023' is not a date (February has no day 30); the entry is kept without a date"
            ])
    }

    @Test("'Jun 99' is reported as not a date and the entry is kept undated")
    func june99() throws {
        let parsed = try parseFixture("jun-99.txt")
        #expect(
            snapshots(parsed) == [
                EntrySnapshot(
                    line: 13, title: "Paper Of June Ninety-Ninth", abstract: "Its date does not exist either.",
                    byline: .authors(count: 4), dateLine: 19)
            ])
        #expect(
            descriptions(parsed) == [
                "digests/jun-99.txt:19: warning: 'Jun 99' is not a date (June has no day 99); the entry is kept without a date"
            ])
    }

    @Test("'Feb 29' of a common year is reported with its year")
    func february29OfCommonYear() {
        #expect(readDateLine("Feb 29, 2023") == .problem("'Feb 29, 2023' is not a date (2023 is not a leap year)"))
    }

    @Test(
        "date lines that cannot be read give the exact problem",
        arguments: [
            ("Someday", "cannot read the date 'Someday'; expected 'Jun 6, 2023' or 'May 28'"),
            ("Jun x", "cannot read the day in 'Jun x'"),
            ("Jun 6, 23", "cannot read the year in 'Jun 6, 23'"),
            ("Jun 6, 2023 many", "unexpected text after the date in 'Jun 6, 2023 many'"),
            ("Jun 6 1 2", "unexpected text after the date in 'Jun 6 1 2'"),
        ])
    func unreadableDateLines(line: String, message: String) {
        #expect(readDateLine(line) == .problem(message))
    }

    @Test("an empty file gives no header, no entries and one warning without a line")
    func emptyFile() throws {
        let parsed = try parseFixture("empty.txt")
        #expect(parsed.headerDate == nil)
        #expect(parsed.entries.isEmpty)
        #expect(descriptions(parsed) == ["digests/empty.txt: warning: empty digest: no header and no entries"])
    }

    @Test("a header with no entries keeps its date and warns at its last line")
    func headerOnly() throws {
        let parsed = try parseFixture("header-only.txt")
        #expect(parsed.headerDate == MonthDay(month: 4, day: 13))
        #expect(parsed.entries.isEmpty)
        #expect(descriptions(parsed) == ["digests/header-only.txt:11: warning: digest has no entries"])
    }

    @Test("a digest without a date line warns and still reads its entries")
    func missingHeaderDate() {
        let text = "new\n\nSubscribe\n\nA Title\n\nIts abstract.\n"
        let parsed = HFTextDigestParser().parse(text: text, path: "d.txt")
        #expect(parsed.headerDate == nil)
        #expect(snapshots(parsed) == [EntrySnapshot(line: 5, title: "A Title", abstract: "Its abstract.")])
        #expect(
            descriptions(parsed) == [
                "d.txt:5: warning: no digest date (a line like 'Apr 13') after the header; the digest is undated unless digest_dates or its file name gives one"
            ])
    }

    @Test("an unknown line in the header is reported and skipped")
    func unknownHeaderLine() {
        let text = "new\n\nSign in\n\nApr 13\n\nA Title\n\nIts abstract.\n"
        let parsed = HFTextDigestParser().parse(text: text, path: "d.txt")
        #expect(parsed.headerDate == MonthDay(month: 4, day: 13))
        #expect(snapshots(parsed) == [EntrySnapshot(line: 7, title: "A Title", abstract: "Its abstract.")])
        #expect(descriptions(parsed) == ["d.txt:3: warning: unexpected header line 'Sign in' ignored"])
    }

    @Test("a meta block with no entry before it is reported and ignored")
    func orphanMeta() {
        let text = "Apr 13\n\n  • 4 authors\n·\nJun 6, 2023\n\nA Title\n\nIts abstract.\n"
        let parsed = HFTextDigestParser().parse(text: text, path: "d.txt")
        #expect(snapshots(parsed) == [EntrySnapshot(line: 7, title: "A Title", abstract: "Its abstract.")])
        #expect(descriptions(parsed) == ["d.txt:3: warning: meta block with no title and abstract before it; ignored"])
    }

    @Test("an extra line after the meta block's date is reported")
    func lineAfterDate() {
        let text = "Apr 13\n\nA Title\n\nIts abstract.\n\n  • 4 authors\n·\nJun 6, 2023\nextra\n"
        let parsed = HFTextDigestParser().parse(text: text, path: "d.txt")
        #expect(
            snapshots(parsed) == [
                EntrySnapshot(
                    line: 3, title: "A Title", abstract: "Its abstract.", byline: .authors(count: 4),
                    date: printed(6, 6, 2023), dateLine: 9)
            ])
        #expect(descriptions(parsed) == ["d.txt:10: warning: unexpected line after the meta block's date ignored"])
    }

    @Test("the seeds parse into 343 entries in five digests with the expected header dates")
    func seeds() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: TestPaths.seeds).filter { $0.hasSuffix(".txt") }
            .sorted()
        #expect(
            names == [
                "000_2c533f7ed90aa707.txt", "001_96d7a53230faa7b0.txt", "002_a9e3deeea81a1095.txt",
                "003_0c94b37e1d37f06b.txt", "004_c724cc07e4921154.txt",
            ])
        let parsed = try names.map {
            HFTextDigestParser().parse(try TestPaths.bytes(TestPaths.seeds + "/" + $0), path: $0)
        }
        #expect(parsed.map(\.entries.count) == [41, 34, 121, 94, 53])
        #expect(
            parsed.map(\.headerDate) == [
                MonthDay(month: 4, day: 13), MonthDay(month: 12, day: 8), MonthDay(month: 7, day: 29),
                MonthDay(month: 3, day: 11), MonthDay(month: 6, day: 9),
            ])
        #expect(parsed.flatMap(\.diagnostics).map(\.description) == [])
        let westlake = parsed[1].entries.first { $0.location.line == 21 }
        #expect(westlake?.byline == .organization(handle: "Westlake-University", name: "Westlake University"))
        #expect(westlake?.date == printed(11, 28, 2024))
        let sionic = parsed[4].entries.first { $0.dateLine == 331 }
        #expect(sionic?.byline == .organization(handle: "sionic-ai", name: "sionic-ai"))
        #expect(sionic?.date == printed(5, 25))
        #expect(sionic?.upvotes == 2)
    }
}
