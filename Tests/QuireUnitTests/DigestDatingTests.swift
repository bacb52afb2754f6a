import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading

/// A digest file's text: the header date line, then entries of a title, an abstract and an
/// optional date line (with a `• 3 authors` byline). The header date is on line 1; entry `n`
/// (0-based) has its title on line `3 + 8n` when every entry before it has a date.
private func digest(header: String?, _ entries: [(title: String, date: String?)]) -> String {
    var text = header.map { "\($0)\n\n" } ?? ""
    for entry in entries {
        text += "\(entry.title)\n\nThe abstract of \(entry.title).\n\n"
        if let date = entry.date { text += "  • 3 authors\n·\n\(date)\n\n" }
    }
    return text
}

/// Loads a folder holding `files` (name → text) with `config`.
private func load(_ files: [String: String], config: SiteConfig = SiteConfig()) throws -> (Corpus, TemporaryFolder) {
    let folder = try TemporaryFolder("quire-dating")
    for (name, text) in files { try folder.write("digests/" + name, text) }
    return (DigestLoader(config: config).load(directory: folder.sub("digests")), folder)
}

private func paper(_ corpus: Corpus, _ title: String) -> PaperRecord? {
    corpus.papers.first { $0.title == title }
}

@Suite("DigestDating")
struct DigestDatingTests {
    @Test(
        "digest_dates in the configuration wins over the file name and the entries, and a different header is reported")
    func configWins() throws {
        var config = SiteConfig()
        config.digestDates["2024-01-02_digest.txt"] = day(2023, 5, 6)
        let (corpus, folder) = try load(
            ["2024-01-02_digest.txt": digest(header: "Jan 2", [("A Paper", "Mar 1, 2023")])], config: config)
        let path = folder.sub("digests/2024-01-02_digest.txt")
        #expect(corpus.digests.map(\.date) == [day(2023, 5, 6)])
        #expect(corpus.digests.map(\.dateSource) == [.config])
        #expect(
            corpus.diagnostics.map(\.description) == [
                "\(path):1: warning: digest_dates pins 2023-05-06 but the digest's header says Jan 2; using 2023-05-06"
            ])
    }

    @Test("a YYYY-MM-DD file-name prefix dates the digest when the configuration does not")
    func fileNamePrefix() throws {
        let (corpus, _) = try load([
            "2024-03-05_digest.txt": digest(header: "Mar 5", [("A Paper", "Jun 6, 2019"), ("B Paper", "May 28")])
        ])
        #expect(corpus.digests.map(\.date) == [day(2024, 3, 5)])
        #expect(corpus.digests.map(\.dateSource) == [.fileName])
        #expect(paper(corpus, "B Paper")?.date == day(2024, 5, 28))
        // A yearless entry after the digest's own date is reported, not moved.
        #expect(corpus.diagnostics.count == 1)
        #expect(corpus.diagnostics.first?.message == "entry dated 2024-05-28, after the digest's own date 2024-03-05")
        #expect(corpus.diagnostics.first?.location.line == 17)
    }

    @Test("a file-name prefix that disagrees with the header is used and reported")
    func fileNamePrefixDisagrees() throws {
        let (corpus, folder) = try load(["2024-03-05.txt": digest(header: "Mar 6", [("A Paper", "Jun 6, 2019")])])
        #expect(corpus.digests.map(\.date) == [day(2024, 3, 5)])
        #expect(
            corpus.diagnostics.map(\.description) == [
                "\(folder.sub("digests/2024-03-05.txt")):1: warning: the file name says 2024-03-05 but the digest's header says Mar 6; using 2024-03-05"
            ])
    }

    @Test("a digest with yearless entries is dated in the year after the latest year its entries print")
    func yearlessEntriesGiveNextYear() throws {
        let (corpus, _) = try load([
            "d.txt": digest(
                header: "Jun 9",
                [
                    ("Old Paper", "Jun 6, 2022"), ("Newer Paper", "Jun 6, 2023"), ("Yearless Paper", "May 28"),
                ])
        ])
        #expect(corpus.digests.map(\.date) == [day(2024, 6, 9)])
        #expect(
            corpus.digests.map(\.dateSource) == [
                .inferred(
                    reason: "the year after 2023, the latest year its entries print, since some entries print none")
            ])
        #expect(paper(corpus, "Yearless Paper")?.date == day(2024, 5, 28))
        #expect(paper(corpus, "Newer Paper")?.date == day(2023, 6, 6))
        #expect(corpus.diagnostics.map(\.description) == [])
    }

    @Test(
        "without yearless entries the digest takes the first year that puts its header on or after the latest entry",
        arguments: [
            ("Dec 8", "Nov 28, 2024", day(2024, 12, 8)),
            ("Jan 5", "Nov 28, 2024", day(2025, 1, 5)),
            ("Jun 6", "Jun 6, 2023", day(2023, 6, 6)),
            ("Jun 5", "Jun 6, 2023", day(2024, 6, 5)),
        ])
    func firstYearOnOrAfterLatest(header: String, latest: String, expected: Day) throws {
        let (corpus, _) = try load([
            "d.txt": digest(header: header, [("Early Paper", "Jan 1, 2019"), ("Late Paper", latest)])
        ])
        #expect(corpus.digests.map(\.date) == [expected])
        let latestDay = try #require(paper(corpus, "Late Paper")?.date)
        #expect(
            corpus.digests.map(\.dateSource) == [
                .inferred(reason: "the first year that puts \(header) on or after its latest entry, \(latestDay)")
            ])
        #expect(corpus.diagnostics.map(\.description) == [])
    }

    @Test("a digest whose entries have no dates is undated, with a warning")
    func noDatedEntries() throws {
        let (corpus, folder) = try load(["d.txt": digest(header: "Apr 13", [("A Paper", nil), ("B Paper", nil)])])
        #expect(corpus.digests.map(\.date) == [nil])
        #expect(corpus.digests.map(\.dateSource) == [.unknown])
        #expect(corpus.digests.map(\.headerDate) == [MonthDay(month: 4, day: 13)])
        #expect(
            corpus.diagnostics.map(\.description) == [
                "\(folder.sub("digests/d.txt")):1: warning: the year of this digest (Apr 13) cannot be known: no entry has a date, and none of its papers has a date elsewhere in the site; pin it with digest_dates in quire.yml or a YYYY-MM-DD file-name prefix"
            ])
    }

    @Test("a digest whose entries print no year is undated, and so are its entries, reported once")
    func onlyYearlessEntries() throws {
        let (corpus, folder) = try load([
            "d.txt": digest(header: "Apr 13", [("A Paper", "Apr 1"), ("B Paper", "Mar 2 4")])
        ])
        let path = folder.sub("digests/d.txt")
        #expect(corpus.digests.map(\.date) == [nil])
        #expect(corpus.papers.map(\.date) == [nil, nil])
        #expect(corpus.papers.map(\.upvotes) == [nil, 4])
        #expect(
            corpus.diagnostics.map(\.description) == [
                "\(path):1: warning: the year of this digest (Apr 13) cannot be known: its entries print no year, and none of its papers has a date elsewhere in the site; pin it with digest_dates in quire.yml or a YYYY-MM-DD file-name prefix"
            ])
    }

    @Test("a pinned date also dates the digest's yearless entries")
    func pinnedDatesYearlessEntries() throws {
        var config = SiteConfig()
        config.digestDates["d.txt"] = day(2021, 4, 13)
        let (corpus, _) = try load(["d.txt": digest(header: "Apr 13", [("A Paper", "Apr 1")])], config: config)
        #expect(corpus.digests.map(\.date) == [day(2021, 4, 13)])
        #expect(corpus.papers.map(\.date) == [day(2021, 4, 1)])
        #expect(corpus.diagnostics.map(\.description) == [])
    }

    @Test("a digest with no header date and no pin is undated, and only the parser warns")
    func noHeaderDate() throws {
        let (corpus, folder) = try load(["d.txt": "A Paper\n\nIts abstract.\n\n  • 3 authors\n·\nJun 6, 2023\n"])
        #expect(corpus.digests.map(\.date) == [nil])
        #expect(corpus.digests.map(\.dateSource) == [.unknown])
        #expect(corpus.papers.map(\.date) == [day(2023, 6, 6)])
        #expect(
            corpus.diagnostics.map(\.description) == [
                "\(folder.sub("digests/d.txt")):1: warning: no digest date (a line like 'Apr 13') after the header; the digest is undated unless digest_dates or its file name gives one"
            ])
    }

    // MARK: - The seeds

    @Test(
        "the seed digests are dated 2026-04-13, 2025-12-08, 2025-07-29, 2025-03-11 and 2026-06-09, the middle ones from the whole site"
    )
    func seedDates() throws {
        let corpus = SeedCorpus.corpus
        #expect(
            corpus.digests.map(\.fileName) == [
                "000_2c533f7ed90aa707.txt", "001_96d7a53230faa7b0.txt", "002_a9e3deeea81a1095.txt",
                "003_0c94b37e1d37f06b.txt", "004_c724cc07e4921154.txt",
            ])
        #expect(
            corpus.digests.map(\.date) == [
                day(2026, 4, 13), day(2025, 12, 8), day(2025, 7, 29), day(2025, 3, 11), day(2026, 6, 9),
            ])
        #expect(
            corpus.digests.map(\.dateSource) == [
                .inferred(reason: "the first year that puts Apr 13 on or after its latest entry, 2025-11-09"),
                .inferred(
                    reason:
                        "the first year that puts Dec 8 on or after the latest date its papers have in the site, 2025-10-11"
                ),
                .inferred(
                    reason:
                        "the first year that puts Jul 29 on or after the latest date its papers have in the site, 2025-05-28"
                ),
                .inferred(
                    reason:
                        "the first year that puts Mar 11 on or after the latest date its papers have in the site, 2025-02-28"
                ),
                .inferred(
                    reason: "the year after 2025, the latest year its entries print, since some entries print none"),
            ])
        #expect(corpus.diagnostics.map(\.description) == [])
    }

    @Test("a digest with no dated entry takes its year from the dates its papers have in other digests")
    func yearFromOtherDigests() throws {
        let (corpus, _) = try load([
            "a.txt": digest(header: "Jul 29", [("Shared Paper", nil), ("Other Paper", nil)]),
            "b.txt": digest(header: "Jan 5", [("Shared Paper", "May 28, 2024")]),
        ])
        #expect(corpus.digests.map(\.date) == [day(2024, 7, 29), day(2025, 1, 5)])
        #expect(corpus.diagnostics.map(\.description) == [])
    }

    @Test("'Recycling the Web' takes the 2025 of the digest that prints it without a year")
    func recyclingTheWeb() throws {
        let corpus = SeedCorpus.corpus
        let recycling = try #require(
            paper(
                corpus,
                "Recycling the Web: A Method to Enhance Pre-training Data Quality and Quantity for Language Models"))
        #expect(recycling.date == day(2025, 6, 5))
        #expect(recycling.appearances.map(\.digest) == [0, 1])
        #expect(recycling.appearances.map(\.location.line) == [93, 209])
    }

    @Test("pinning an undated seed digest in digest_dates dates it")
    func pinSeed() throws {
        var config = SiteConfig()
        config.digestDates["002_a9e3deeea81a1095.txt"] = day(2025, 7, 29)
        let corpus = DigestLoader(config: config).load(directory: TestPaths.seeds)
        #expect(
            corpus.digests.map(\.date) == [
                day(2026, 4, 13), day(2025, 12, 8), day(2025, 7, 29), day(2025, 3, 11), day(2026, 6, 9),
            ])
        #expect(corpus.digests[2].dateSource == .config)
        #expect(corpus.diagnostics.count == 0)
    }
}
