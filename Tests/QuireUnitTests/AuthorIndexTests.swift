import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading

@Suite("Author pages")
struct AuthorIndexTests {
    /// One paper of an arXiv export: its id, title and author names.
    typealias Entry = (id: String, title: String, authors: [String])

    /// A model of papers from one arXiv export dated June 12, 2025, with `config`'s author
    /// settings and `ledger`.
    static func model(_ entries: [Entry], config: SiteConfig = SiteConfig(), ledger: PaperLedger = PaperLedger())
        throws -> SiteModel
    {
        let folder = try TemporaryFolder("quire-authors")
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
            <title>arXiv Query</title><id>urn:test</id><updated>2025-06-12T00:00:00Z</updated>

            """
        for (offset, entry) in entries.enumerated() {
            let authors = entry.authors.map { "<author><name>\($0)</name></author>" }.joined()
            xml += """
                <entry><id>http://arxiv.org/abs/\(entry.id)v1</id>
                <published>2025-06-\(10 + offset % 2)T00:00:00Z</published>
                <title>\(entry.title)</title><summary>About \(entry.title).</summary>\(authors)</entry>

                """
        }
        xml += "</feed>\n"
        try folder.write("digests/2025-06-12-arxiv.xml", xml)
        let corpus = DigestLoader(config: config).load(directory: folder.sub("digests"))
        #expect(corpus.diagnostics.isEmpty, "\(corpus.diagnostics)")
        return SiteModel(corpus: corpus, config: config, ledger: ledger)
    }

    static func pages(_ model: SiteModel) -> [String: [String]] {
        Dictionary(
            uniqueKeysWithValues: model.authors.pages.map { author in
                ("\(author.slug): \(author.name)", author.papers.map { model.papers[$0].title }.sorted())
            })
    }

    static let papers: [Entry] = [
        ("2506.00001", "Flash Attention Again", ["Tri Dao", "Albert Gu"]),
        ("2506.00002", "State Spaces Revisited", ["TRI  DAO", "Albert Gu"]),
        ("2506.00003", "Initials Are Not Names", ["T. Dao", "Chris Ré"]),
        ("2506.00004", "Composed Accents", ["Chris Re\u{301}", "Wei Wang"]),
        ("2506.00005", "A Paper by One Wei Wang", ["Wei Wang"]),
    ]

    @Test(
        "authors with 2 papers get a page: names match after NFC, case and whitespace folding, never initials with full names"
    )
    func folding() throws {
        let model = try Self.model(Self.papers)
        #expect(
            Self.pages(model) == [
                "tri-dao: Tri Dao": ["Flash Attention Again", "State Spaces Revisited"],
                "albert-gu: Albert Gu": ["Flash Attention Again", "State Spaces Revisited"],
                "chris-re: Chris Ré": ["Composed Accents", "Initials Are Not Names"],
                "wei-wang: Wei Wang": ["A Paper by One Wei Wang", "Composed Accents"],
            ])
        // Alphabetical by family name: Dao, Gu, Ré, Wang.
        #expect(model.authors.pages.map(\.slug) == ["tri-dao", "albert-gu", "chris-re", "wei-wang"])
        // The names on a paper point at their pages; "T. Dao" has none.
        let initials = try #require(model.papers.firstIndex { $0.title == "Initials Are Not Names" })
        #expect(model.authors.page(ofAuthorAt: 0, inPaper: initials) == nil)
        #expect(model.authors.page(ofAuthorAt: 1, inPaper: initials).map { model.authors.pages[$0].slug } == "chris-re")
    }

    @Test("author_pages: 1 gives everyone a page, 0 gives no one, 3 only authors of three papers")
    func threshold() throws {
        var config = SiteConfig()
        config.authorPages = 1
        #expect(try Self.model(Self.papers, config: config).authors.pages.count == 5)
        config.authorPages = 0
        #expect(try Self.model(Self.papers, config: config).authors.pages.isEmpty)
        config.authorPages = 3
        #expect(try Self.model(Self.papers, config: config).authors.pages.isEmpty)
    }

    @Test("author_aliases joins variants under the name it gives")
    func aliases() throws {
        var config = SiteConfig()
        config.authorAliases = ["Tri Dao": ["T. Dao"]]
        let model = try Self.model(Self.papers, config: config)
        #expect(
            Self.pages(model)["tri-dao: Tri Dao"]
                == ["Flash Attention Again", "Initials Are Not Names", "State Spaces Revisited"])
    }

    @Test("author_split keeps namesakes apart by arXiv id, each group its own page and slug")
    func split() throws {
        var config = SiteConfig()
        config.authorPages = 1
        config.authorSplit = ["Wei Wang": [["2506.00005"]]]
        let model = try Self.model(Self.papers, config: config)
        let pages = Self.pages(model)
        // The group whose paper is older claims the plain slug first.
        #expect(pages["wei-wang: Wei Wang"] == ["A Paper by One Wei Wang"])
        #expect(pages["wei-wang-2: Wei Wang"] == ["Composed Accents"])
        #expect(model.authors.pages.first { $0.slug == "wei-wang" }?.key == "wei wang @2506.00005")
    }

    @Test("slugs are recorded in the ledger and kept: a namesake arriving later gets the suffix")
    func ledgerSlugs() throws {
        var config = SiteConfig()
        config.authorPages = 1
        let first = try Self.model([Self.papers[4]], config: config)
        // As the next build reads it back from the file.
        let written = try #require(first.ledgerUpdate)
        let (ledger, problems) = LedgerFile.parse(LedgerFile.text(written), path: "quire-ledger.yml")
        #expect(problems.isEmpty)
        #expect(ledger.authors == [PaperLedger.AuthorEntry(slug: "wei-wang", key: "wei wang")])
        // Another Wei Wang, kept apart, is older by paper order but the page is taken.
        config.authorSplit = ["Wei Wang": [["2506.00004"]]]
        let second = try Self.model(Self.papers, config: config, ledger: ledger)
        let pages = Self.pages(second)
        #expect(pages["wei-wang: Wei Wang"] == ["A Paper by One Wei Wang"])
        #expect(pages["wei-wang-2: Wei Wang"] == ["Composed Accents"])
        #expect(second.ledgerUpdate?.authors.contains(.init(slug: "wei-wang-2", key: "wei wang @2506.00004")) == true)
        // Nothing new: nothing to write.
        var unchanged = config
        unchanged.authorSplit = [:]
        let third = try Self.model([Self.papers[4]], config: unchanged, ledger: ledger)
        #expect(third.ledgerUpdate == nil)
    }

    @Test("an author whose page was published keeps it with one paper left")
    func publishedPageStays() throws {
        let recorded = PaperLedger(entries: [], authors: [.init(slug: "albert-gu", key: "albert gu")])
        let model = try Self.model([Self.papers[0]], ledger: recorded)
        #expect(model.authors.pages.map(\.slug) == ["albert-gu"])
    }

    @Test("a name with nothing ASCII spells gets author- and a hash; family names skip suffixes")
    func slugs() {
        #expect(AuthorIndex.baseSlug("张伟", key: AuthorIndex.key("张伟")).hasPrefix("author-"))
        #expect(AuthorIndex.baseSlug("José Núñez", key: "") == "jose-nunez")
        #expect(AuthorIndex.familyName("Martin Luther King Jr.") == "king")
        #expect(AuthorIndex.key(" Tri\u{00A0} DAO ") == "tri dao")
    }
}
