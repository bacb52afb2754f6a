import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading

/// A paper placed in the model, with an arXiv id when given.
private func placed(_ title: String, listed: Day?, arxiv: String? = nil) -> SiteModel.Paper {
    let record = PaperRecord(
        key: TitleKeys.key(forTitle: title), title: title, abstract: "", date: listed,
        byline: nil, upvotes: nil, appearances: [],
        details: arxiv.map { PaperDetails(arxiv: ArxivReference(id: $0)) })
    return SiteModel.Paper(record: record, slug: "", topics: [], listingDate: listed)
}

/// Whether Quire's own line reader takes `text` (else Yams reads it).
private func fastReaderTakes(_ text: String) -> Bool {
    var validator = LedgerFile.Validator(path: "l.yml")
    var text = text
    return text.withUTF8 { LedgerFile.OwnLayout.read($0, into: &validator) }
}

private func assign(_ papers: inout [SiteModel.Paper], ledger: PaperLedger) -> PaperLedger {
    ledger.assign(&papers, order: SiteModel.slugOrder(papers))
}

@Suite("PaperLedger and its file")
struct LedgerTests {
    // MARK: - Assignment

    @Test("an entry recorded with the title key of earlier versions (TeX spelt out) keeps its paper's slug")
    func keyRecordedBeforeMath() {
        var papers = [placed(#"$\alpha$-Net: Sparse Routing"#, listed: day(2024, 1, 1))]
        let recorded = PaperLedger(entries: [
            PaperLedger.Entry(
                slug: "alpha-net-sparse-routing-old", titleKey: "alpha net sparse routing",
                feedID: "papers/alpha-net-sparse-routing-old/")
        ])
        _ = assign(&papers, ledger: recorded)
        #expect(papers.map(\.slug) == ["alpha-net-sparse-routing-old"])
    }

    @Test("with an empty ledger, slugs are as before; feed ids are arXiv's abstract URL, else the page")
    func fresh() {
        var papers = [
            placed("TÜLU 3", listed: day(2024, 1, 1)), placed("TULU 3", listed: day(2023, 1, 1), arxiv: "2411.15124"),
        ]
        let ledger = assign(&papers, ledger: PaperLedger())
        #expect(papers.map(\.slug) == ["tulu-3-2", "tulu-3"])
        #expect(papers.map(\.feedID) == ["papers/tulu-3-2/", "https://arxiv.org/abs/2411.15124"])
        #expect(
            ledger.entries == [
                PaperLedger.Entry(
                    slug: "tulu-3", titleKey: "tulu 3", arxiv: "2411.15124", feedID: "https://arxiv.org/abs/2411.15124"),
                PaperLedger.Entry(slug: "tulu-3-2", titleKey: "tülu 3", feedID: "papers/tulu-3-2/"),
            ])
    }

    @Test("a paper that gains an arXiv id keeps its slug and feed id, and the ledger records the id")
    func gainsID() {
        var before = [placed("Sparse Experts", listed: day(2024, 6, 3))]
        let ledger = assign(&before, ledger: PaperLedger())
        var after = [placed("Sparse Experts", listed: day(2024, 6, 3), arxiv: "2406.01234")]
        let updated = assign(&after, ledger: ledger)
        #expect(after.map(\.slug) == ["sparse-experts"])
        #expect(after.map(\.feedID) == ["papers/sparse-experts/"])
        #expect(
            updated.entries == [
                PaperLedger.Entry(
                    slug: "sparse-experts", titleKey: "sparse experts", arxiv: "2406.01234",
                    feedID: "papers/sparse-experts/")
            ])
    }

    @Test("a known paper keeps its slug when an older paper of the same title arrives, or when its own title changes")
    func collisions() {
        var first = [placed("Scaling Laws", listed: day(2024, 6, 1), arxiv: "2406.11111")]
        let ledger = assign(&first, ledger: PaperLedger())
        var second = [
            placed("Scaling Laws", listed: day(2020, 1, 1), arxiv: "2001.00001"),
            placed("Scaling Laws, Revised", listed: day(2024, 6, 1), arxiv: "2406.11111"),
        ]
        let updated = assign(&second, ledger: ledger)
        #expect(second.map(\.slug) == ["scaling-laws-2", "scaling-laws"])
        #expect(second.map(\.feedID) == ["https://arxiv.org/abs/2001.00001", "https://arxiv.org/abs/2406.11111"])
        #expect(updated.entries.map(\.slug) == ["scaling-laws", "scaling-laws-2"])
    }

    @Test(
        "an entry with an arXiv id never goes to a different paper of the same title, and a retired slug is not reused")
    func noWrongMatches() {
        let ledger = PaperLedger(entries: [
            PaperLedger.Entry(
                slug: "scaling-laws", titleKey: "scaling laws", arxiv: "2406.11111",
                feedID: "https://arxiv.org/abs/2406.11111"),
            PaperLedger.Entry(slug: "gone", titleKey: "gone", feedID: "papers/gone/"),
        ])
        var papers = [
            placed("Scaling Laws", listed: day(2024, 6, 1), arxiv: "2406.22222"),
            placed("Gone!", listed: nil, arxiv: "2406.33333"),
        ]
        let updated = assign(&papers, ledger: ledger)
        #expect(papers.map(\.slug) == ["scaling-laws-2", "gone"])
        // "Gone!" has the retired entry's title key and no conflicting id: it is that paper.
        #expect(papers.map(\.feedID) == ["https://arxiv.org/abs/2406.22222", "papers/gone/"])
        #expect(updated.entries.map(\.slug) == ["gone", "scaling-laws", "scaling-laws-2"])
        #expect(updated.entries.first?.arxiv == "2406.33333")
    }

    // MARK: - The file

    @Test("the ledger file is sorted by slug, quotes every value, and reads back as written")
    func roundTrip() throws {
        let ledger = PaperLedger(entries: [
            PaperLedger.Entry(
                slug: "b-paper", titleKey: "b paper", arxiv: "hep-th/9901001",
                feedID: "https://arxiv.org/abs/hep-th/9901001"),
            PaperLedger.Entry(slug: "a-paper", titleKey: "a paper ü 2", feedID: "papers/a-paper/"),
        ])
        let text = LedgerFile.text(ledger)
        #expect(text.hasPrefix(LedgerFile.header))
        #expect(
            text.dropFirst(LedgerFile.header.count) == """
                papers:
                  - slug: a-paper
                    title: "a paper ü 2"
                    feed_id: "papers/a-paper/"
                  - slug: b-paper
                    title: "b paper"
                    arxiv: "hep-th/9901001"
                    feed_id: "https://arxiv.org/abs/hep-th/9901001"

                """)
        let (read, diagnostics) = LedgerFile.parse(text, path: "quire-ledger.yml")
        #expect(diagnostics == [])
        #expect(read == ledger)
        #expect(LedgerFile.quoted("say \"hi\" \\ \u{1}") == #""say \"hi\" \\ \x01""#)
        #expect(LedgerFile.quoted("tab\tC1\u{85}\u{7F} é ÿ") == #""tab\tC1\x85\x7f é ÿ""#)
    }

    @Test("author pages are recorded under authors:, read back by both readers, and bad entries reported")
    func authors() throws {
        let ledger = PaperLedger(
            entries: [PaperLedger.Entry(slug: "plain", titleKey: "plain", feedID: "papers/plain/")],
            authors: [
                .init(slug: "wei-wang-2", key: "wei wang @2506.00004"), .init(slug: "tri-dao", key: "tri dao"),
                .init(slug: "chris-re", key: "chris ré"),
            ])
        let text = LedgerFile.text(ledger)
        #expect(
            text.hasSuffix(
                """
                authors:
                  - slug: chris-re
                    name: "chris ré"
                  - slug: tri-dao
                    name: "tri dao"
                  - slug: wei-wang-2
                    name: "wei wang @2506.00004"

                """))
        #expect(fastReaderTakes(text))
        #expect(LedgerFile.parse(text, path: "l.yml") == (ledger, []))
        #expect(LedgerFile.parseYAML(text, path: "l.yml") == (ledger, []))
        let broken = """
            papers:
              - slug: plain
                title: "plain"
                feed_id: "papers/plain/"
            authors:
              - slug: tri-dao
                name: "tri dao"
              - slug: tri-dao
                name: "tri dao again"
              - slug: Bad Slug
                name: "x"
              - slug: no-name
                title: "x"

            """
        let (read, diagnostics) = LedgerFile.parse(broken, path: "l.yml")
        #expect(read.authors == [.init(slug: "tri-dao", key: "tri dao")])
        #expect(
            diagnostics.map(\.description) == [
                "l.yml:8: warning: author slug 'tri-dao' is in the ledger twice; the second entry is ignored",
                "l.yml:10: warning: an author entry needs a slug of a-z, 0-9 and '-'; ignored",
                "l.yml:13: warning: unknown author key 'title'; ignored",
                "l.yml:12: warning: author entry 'no-name' has no name; ignored",
            ])
    }

    @Test("Quire's own layout is read by its fast reader exactly as Yams reads it, and other YAML styles by Yams")
    func readers() throws {
        let ledger = PaperLedger(entries: [
            PaperLedger.Entry(
                slug: "quotes", titleKey: "say \"hi\" \\ back \u{1} ü 😀", arxiv: "2406.01234",
                feedID: "https://arxiv.org/abs/2406.01234"),
            PaperLedger.Entry(slug: "plain", titleKey: "plain", feedID: "tag:example.org,2024:plain"),
        ])
        let text = LedgerFile.text(ledger)
        #expect(fastReaderTakes(text))
        #expect(LedgerFile.parse(text, path: "l.yml") == (ledger, []))
        #expect(LedgerFile.parseYAML(text, path: "l.yml") == (ledger, []))
        // Edited by hand: flow style, other indentation, a comment after a value.
        let edited = #"""
            papers:
            - {slug: plain, title: plain, feed_id: "tag:example.org,2024:plain"}
            -   slug: quotes   # moved here by hand
                title: "say \"hi\" \\ back \x01 ü 😀"
                arxiv: 2406.01234
                feed_id: https://arxiv.org/abs/2406.01234
            """#
        #expect(!fastReaderTakes(edited))
        #expect(LedgerFile.parse(edited, path: "l.yml") == (ledger, []))
    }

    /// Plain and quoted values the fast reader reads itself, and ones it leaves to Yams.
    static let fastValues = [
        "plain words", "2406.01234", "tag:example.org,2024:x", "-dash", "~", "null", "ü 😀",
        #""\u00e9 \x41 \/ \0 \" \\""#, #""C1 \x85""#,
    ]
    static let yamsValues = [
        "a # comment", "a\t# comment", "- dash", "? q", ": c", "trailing colon:", "key: value",
        "'single'", "[flow]", "&anchor", "*alias", #""unclosed"#, #""a" tail"#, #""\U0001F600""#, #""\e""#,
    ]

    @Test(
        "values the fast reader takes are read as Yams reads them; the ones it is unsure of go to Yams",
        arguments: fastValues.map { ($0, true) } + yamsValues.map { ($0, false) })
    func readersAgree(value: String, fast: Bool) {
        let text = "papers:\n  - slug: a\n    title: \(value)\n    feed_id: papers/a/ \t\n"
        #expect(fastReaderTakes(text) == fast)
        let yams = LedgerFile.parseYAML(text, path: "l.yml")
        #expect(LedgerFile.parse(text, path: "l.yml") == yams)
        if fast { #expect(yams.1.isEmpty && yams.0.entries.count == 1) }
    }

    @Test("the writer's estimate covers a ledger with every kind of block and field, so its buffer is not outgrown")
    func sizeEstimate() {
        var moved = PaperLedger.Entry(slug: "c-old", titleKey: "c", feedID: "papers/c-old/")
        moved.movedTo = "c"
        let ledger = PaperLedger(
            entries: [
                PaperLedger.Entry(slug: "a", titleKey: "a", feedID: "papers/a/"),
                PaperLedger.Entry(
                    slug: "b-paper", titleKey: "b paper", arxiv: "2406.01234",
                    feedID: "https://arxiv.org/abs/2406.01234"),
                moved,
            ],
            pages: [PaperLedger.Page(path: "dates/"), PaperLedger.Page(path: "digests/d/", listing: "x")],
            authors: [PaperLedger.AuthorEntry(slug: "w", key: "w")])
        let bytes = LedgerFile.bytes(ledger)
        #expect(bytes.count <= LedgerFile.header.utf8.count + LedgerFile.estimatedSize(ledger))
        #expect(String(decoding: bytes, as: UTF8.self).contains("moved_to: c"))
    }

    @Test("published pages follow the papers, sorted by path, and both readers read them back")
    func pages() throws {
        let ledger = PaperLedger(
            entries: [PaperLedger.Entry(slug: "a-paper", titleKey: "a paper", feedID: "papers/a-paper/")],
            pages: [
                PaperLedger.Page(path: "digests/2025-01-20_hf_deepseek_clean/"),
                PaperLedger.Page(path: "dates/2025/07/16/"),
                PaperLedger.Page(path: "digests/2025-01-20-hf/", listing: PaperLedger.Page.listing(of: ["a-paper"])),
            ])
        let text = LedgerFile.text(ledger)
        #expect(
            text.dropFirst(LedgerFile.header.count) == """
                papers:
                  - slug: a-paper
                    title: "a paper"
                    feed_id: "papers/a-paper/"
                pages:
                  - path: "dates/2025/07/16/"
                  - path: "digests/2025-01-20-hf/"
                    listing: "\(PaperLedger.Page.listing(of: ["a-paper"]))"
                  - path: "digests/2025-01-20_hf_deepseek_clean/"

                """)
        #expect(fastReaderTakes(text))
        #expect(LedgerFile.parse(text, path: "l.yml") == (ledger, []))
        #expect(LedgerFile.parseYAML(text, path: "l.yml") == (ledger, []))
        // A ledger of pages alone (no paper published yet), written by hand.
        let pagesOnly = LedgerFile.parse("papers:\npages:\n- {path: dates/}\n", path: "l.yml")
        #expect(pagesOnly == (PaperLedger(pages: [PaperLedger.Page(path: "dates/")]), []))
        #expect(PaperLedger.Page.listing(of: ["a", "b"]) != PaperLedger.Page.listing(of: ["b", "a"]))
    }

    @Test("pages that cannot be used are reported with their line and left out")
    func badPages() {
        let (ledger, diagnostics) = LedgerFile.parse(
            """
            papers:
            pages:
              - path: dates/
              - path: ../escape/
              - path: papers/x/
              - path: dates/
              - path: digests/x/
                listing: "not hex"
              - path: topics
              - colour: red
              - path: topics/x/feed-archive-2.json
              - path: feed-archive-x.xml
            """, path: "quire-ledger.yml")
        let unusable =
            "a ledger page needs a path of folders of a-z, 0-9, '-' and '_', each followed by '/', outside papers/ (as 'dates/2025/07/16/'), or a retired feed archive (as 'feed-archive-3.xml'); ignored"
        #expect(
            diagnostics.map(\.description) == [
                "quire-ledger.yml:4: warning: \(unusable)", "quire-ledger.yml:5: warning: \(unusable)",
                "quire-ledger.yml:6: warning: page 'dates/' is in the ledger twice; the second entry is ignored",
                "quire-ledger.yml:7: warning: ledger page 'digests/x/': listing 'not hex' is not 16 hex digits; ignored",
                "quire-ledger.yml:9: warning: \(unusable)",
                "quire-ledger.yml:10: warning: unknown ledger key 'colour'; ignored",
                "quire-ledger.yml:10: warning: \(unusable)",
                "quire-ledger.yml:12: warning: \(unusable)",
            ])
        #expect(
            ledger.pages == [
                PaperLedger.Page(path: "dates/"), PaperLedger.Page(path: "digests/x/"),
                PaperLedger.Page(path: "topics/x/feed-archive-2.json"),
            ])
    }

    @Test("a build that finds every paper in the ledger, with nothing to add, leaves it unchanged")
    func changesOnlyWhenNeeded() {
        var papers = [
            placed("Sparse Experts", listed: day(2024, 6, 3)),
            placed("Dense Experts", listed: day(2024, 6, 4), arxiv: "2406.04444"),
        ]
        let ledger = assign(&papers, ledger: PaperLedger())
        #expect(ledger.hasChanges)
        var again = papers
        #expect(assign(&again, ledger: LedgerFile.parse(LedgerFile.text(ledger), path: "l.yml").0).hasChanges == false)
        #expect(again.map(\.slug) == papers.map(\.slug) && again.map(\.feedID) == papers.map(\.feedID))
        var gained = [placed("Sparse Experts", listed: day(2024, 6, 3), arxiv: "2406.01234")]
        #expect(assign(&gained, ledger: ledger).hasChanges)
    }

    @Test("entries that cannot be used are reported with their line and left out")
    func badEntries() {
        let (ledger, diagnostics) = LedgerFile.parse(
            """
            papers:
              - slug: ok
                title: ok
                feed_id: papers/ok/
              - slug: ../escape
                title: escape
              - slug: ok
                title: twice
              - title: no slug
              - slug: no-title
              - slug: bad-id
                title: bad id
                arxiv: "123"
                feed_id: "has space"
                colour: red
              - just a string
            """, path: "quire-ledger.yml")
        #expect(
            diagnostics.map(\.description) == [
                "quire-ledger.yml:5: warning: a ledger entry needs a slug of a-z, 0-9 and '-'; ignored",
                "quire-ledger.yml:7: warning: slug 'ok' is in the ledger twice; the second entry is ignored",
                "quire-ledger.yml:9: warning: a ledger entry needs a slug of a-z, 0-9 and '-'; ignored",
                "quire-ledger.yml:10: warning: ledger entry 'no-title' has no title; ignored",
                "quire-ledger.yml:15: warning: unknown ledger key 'colour'; ignored",
                "quire-ledger.yml:11: warning: ledger entry 'bad-id': '123' is not an arXiv id, or another entry has it; ignored",
                "quire-ledger.yml:11: warning: ledger entry 'bad-id': feed_id 'has space' is not a URI or site path; the page's address is used",
                "quire-ledger.yml:16: warning: a ledger entry should be a mapping with slug, title and feed_id; ignored",
            ])
        #expect(
            ledger.entries == [
                PaperLedger.Entry(slug: "bad-id", titleKey: "bad id", feedID: "papers/bad-id/"),
                PaperLedger.Entry(slug: "ok", titleKey: "ok", feedID: "papers/ok/"),
            ])
    }

    @Test("a repeated slug is found whether or not the file is in slug order")
    func repeatsOutOfOrder() {
        let (ledger, diagnostics) = LedgerFile.parse(
            """
            papers:
              - slug: b
                title: b
              - slug: a
                title: a
              - slug: c
                title: c
              - slug: b
                title: b again
            """, path: "l.yml")
        #expect(
            diagnostics.map(\.description) == [
                "l.yml:8: warning: slug 'b' is in the ledger twice; the second entry is ignored"
            ])
        #expect(ledger.entries.map(\.slug) == ["a", "b", "c"])
        #expect(ledger.entries.map(\.titleKey) == ["a", "b", "c"])
    }

    @Test("a ledger that is not YAML, or holds no papers list, is an error; an empty or missing one is an empty ledger")
    func unusable() throws {
        #expect(
            LedgerFile.parse("papers: [unclosed\n", path: "l.yml").1.map(\.description) == [
                "l.yml:1: error: the ledger is not valid YAML (while parsing a flow sequence starting here, did not find expected ',' or ']' at the end of the file); fix it (or restore it from version control) so published papers keep their pages"
            ])
        #expect(
            LedgerFile.parse("slugs: {}\n", path: "l.yml").1.map(\.description) == [
                "l.yml:1: error: the ledger should hold a list under 'papers:'; fix it (or restore it from version control)"
            ])
        #expect(LedgerFile.parse("", path: "l.yml") == (PaperLedger(), []))
        #expect(LedgerFile.parse("papers:\n", path: "l.yml") == (PaperLedger(), []))
        #expect(LedgerFile.parseYAML("# none yet\npapers:\n", path: "l.yml") == (PaperLedger(), []))
        let folder = try TemporaryFolder("quire-ledger")
        let (ledger, diagnostics) = LedgerFile.load(path: folder.sub("quire-ledger.yml"))
        #expect(ledger.entries.isEmpty && diagnostics.isEmpty)
        // A byte that is not UTF-8 in the middle of Quire's own layout stops the build too.
        let broken = folder.sub("broken.yml")
        try Data(
            Array("papers:\n  - slug: a\n    title: \"caf".utf8) + [0xE9]
                + Array("\"\n    feed_id: \"papers/a/\"\n".utf8)
        )
        .write(to: URL(fileURLWithPath: broken))
        #expect(
            LedgerFile.load(path: broken).1.map(\.description) == [
                "\(broken): error: the ledger is not valid UTF-8; fix it (or restore it from version control)"
            ])
    }

    @Test(
        "the file is written only when its text changes, by renaming a temporary file over it; abandoned ones are removed"
    )
    func writes() throws {
        let folder = try TemporaryFolder("quire-ledger")
        let path = folder.sub("quire-ledger.yml")
        let ledger = PaperLedger(entries: [PaperLedger.Entry(slug: "a", titleKey: "a", feedID: "papers/a/")])
        #expect(try LedgerFile.write(ledger, to: path))
        var first = stat()
        stat(path, &first)
        #expect(try LedgerFile.write(ledger, to: path) == false)
        var second = stat()
        stat(path, &second)
        #expect(first.st_ino == second.st_ino && first.st_mtim.tv_nsec == second.st_mtim.tv_nsec)
        // What a build killed while writing left behind goes; files of other shapes stay.
        try folder.write(".quire-ledger.yml.2147483646.tmp", "half a ledger")
        try folder.write(".quire-ledger.yml.notes.tmp", "not Quire's")
        let grown = PaperLedger(
            entries: ledger.entries + [PaperLedger.Entry(slug: "b", titleKey: "b", feedID: "papers/b/")])
        #expect(try LedgerFile.write(grown, to: path))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
                ".quire-ledger.yml.notes.tmp", "quire-ledger.yml",
            ])
        #expect(LedgerFile.load(path: path).0 == grown)
    }
}
