import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading
@testable import QuirePublishing

@Suite("Curation: select and hide")
struct CurationTests {
    static let digest = """
        Jun 12

        Pruning Heads Quickly

        We prune attention heads.

          • 3 authors
        ·
        Jun 10 14

        Quantized Survey of Everything

        A survey of quantization methods.

        Diffusion for Pictures

        Denoising diffusion makes images.

          • 2 authors
        ·
        Jun 11 40

        Noted but Off-Topic

        Something else entirely.

        """

    static func model(_ yaml: String, ledger: PaperLedger = PaperLedger()) throws -> SiteModel {
        let folder = try TemporaryFolder("quire-curation")
        try folder.write("digests/2025-06-12.txt", digest)
        try folder.write("digests/notes/noted.md", "---\ntitle: \"Noted but Off-Topic\"\n---\nRead it anyway.\n")
        let (config, problems) = ConfigLoader().parse(yaml, path: "quire.yml")
        #expect(problems.isEmpty, "\(problems)")
        let corpus = DigestLoader(config: config).load(directory: folder.sub("digests"))
        return SiteModel(corpus: corpus, config: config, ledger: ledger)
    }

    static func titles(_ model: SiteModel) -> [String] { model.newest.map { model.papers[$0].title } }

    @Test("select keeps the papers matching its keywords, less its exclude words, plus the noted ones")
    func select() throws {
        let model = try Self.model("select:\n  keywords: [pruning, quantization, prune]\n  exclude: [survey]\n")
        #expect(Self.titles(model) == ["Pruning Heads Quickly", "Noted but Off-Topic"])
        #expect(model.curation.published == 2 && model.curation.leftOut == 2)
        #expect(model.curation.matchedKeywords == 2 && model.curation.excluded == 1 && model.curation.keptByNote == 1)
        #expect(
            model.digests[0].papers.map { model.papers[$0].title } == ["Pruning Heads Quickly", "Noted but Off-Topic"])
        #expect(
            model.curation.perFile.map { "\($0.path) \($0.published) \($0.leftOut)" }.map {
                String($0.split(separator: "/").last!)
            } == ["2025-06-12.txt 2 2", "noted.md 1 0"])
    }

    @Test("min_upvotes alone leaves out papers with fewer upvotes; no select publishes everything")
    func upvotes() throws {
        #expect(
            try Self.titles(Self.model("select: {min_upvotes: 20}\n")) == [
                "Diffusion for Pictures", "Noted but Off-Topic",
            ])
        #expect(try Self.titles(Self.model("title: x\n")).count == 4)
    }

    @Test("hide holds a paper back even with a note; one published before answers with a removal page")
    func hide() throws {
        let first = try Self.model("title: x\n")
        let ledger = try #require(first.ledgerUpdate)
        let model = try Self.model("hide: [\"Noted but Off-Topic\", \"Pruning heads quickly\"]\n", ledger: ledger)
        #expect(Self.titles(model) == ["Quantized Survey of Everything", "Diffusion for Pictures"])
        #expect(model.curation.hidden == 2)
        #expect(
            model.removed.map { "\($0.slug): \($0.title)" } == [
                "noted-but-off-topic: Noted but Off-Topic", "pruning-heads-quickly: Pruning Heads Quickly",
            ])
        // Never published: no page to keep.
        #expect(try Self.model("hide: [\"Noted but Off-Topic\"]\n").removed.isEmpty)
    }

    @Test("a select added to a published site keeps the left-out papers' addresses, as removal pages")
    func selectAfterPublishing() throws {
        let ledger = try #require(try Self.model("title: x\n").ledgerUpdate)
        let model = try Self.model("select:\n  keywords: [pruning]\n", ledger: ledger)
        #expect(Self.titles(model) == ["Pruning Heads Quickly", "Noted but Off-Topic"])
        #expect(
            model.removed.map { "\($0.slug): \($0.title)" }.sorted() == [
                "diffusion-for-pictures: Diffusion for Pictures",
                "quantized-survey-of-everything: Quantized Survey of Everything",
            ])
        // Never published: nothing to keep.
        #expect(try Self.model("select:\n  keywords: [pruning]\n").removed.isEmpty)
    }

    @Test("a digest whose papers select all leaves out is not published")
    func digestLeftOut() throws {
        let folder = try TemporaryFolder("quire-curation-digests")
        try folder.write("digests/2025-06-12.txt", Self.digest)
        try folder.write(
            "digests/2025-06-13.txt", "Jun 13\n\nDiffusion for Videos\n\nDenoising diffusion makes videos.\n")
        try folder.write("digests/2025-06-14.txt", "Jun 14\n")
        func model(_ yaml: String) -> SiteModel {
            let (config, _) = ConfigLoader().parse(yaml, path: "quire.yml")
            return SiteModel(
                corpus: DigestLoader(config: config).load(directory: folder.sub("digests")), config: config)
        }
        func digests(_ model: SiteModel) -> [String] { model.digests.map { ($0.path as NSString).lastPathComponent } }
        let everything = digests(model("title: x\n"))
        #expect(everything.contains("2025-06-13.txt"))
        let model = model("select:\n  keywords: [pruning]\n")
        #expect(digests(model) == everything.filter { $0 != "2025-06-13.txt" })
        let pruning = try #require(model.papers.first { $0.title == "Pruning Heads Quickly" })
        #expect(pruning.record.appearances.map { model.digests[$0.digest].path.hasSuffix("2025-06-12.txt") } == [true])
    }

    @Test("featured: true in a note puts the paper under the curator's picks of the home page and its listing day")
    func featured() throws {
        let folder = try TemporaryFolder("quire-featured")
        try folder.write("digests/2025-06-12.txt", Self.digest)
        try folder.write("digests/notes/pick.md", "---\ntitle: \"Diffusion for Pictures\"\nfeatured: true\n---\n")
        try folder.write("digests/notes/bad.md", "---\ntitle: \"Pruning Heads Quickly\"\nfeatured: often\n---\n")
        let corpus = DigestLoader(config: SiteConfig()).load(directory: folder.sub("digests"))
        #expect(
            corpus.diagnostics.map { $0.message } == ["'featured' should be true or false; ignored"])
        let model = SiteModel(corpus: corpus, config: SiteConfig())
        let contexts = PageContexts(
            model: model, siteURL: SiteURL("https://example.org/")!, notes: RenderedNotes(model: model))
        func picks(_ page: TemplateValue) -> [String] {
            guard case .list(let cards)? = page["picks"] else { return [] }
            return cards.map { if case .string(let title)? = $0["title"] { title } else { "" } }
        }
        #expect(picks(contexts.home()) == ["Diffusion for Pictures"])
        let day = try #require(model.years.first?.months.first?.days.first)
        #expect(picks(contexts.day(day)) == ["Diffusion for Pictures"])
    }

    @Test("hide takes arXiv ids in any spelling and titles; the others are titles")
    func hiddenItems() {
        #expect(HiddenPapers.arxivID("2306.03805v2") == "2306.03805")
        #expect(HiddenPapers.arxivID("arXiv:2306.03805") == "2306.03805")
        #expect(HiddenPapers.arxivID("hep-th/9901001") == "hep-th/9901001")
        #expect(HiddenPapers.arxivID("Attention Is All You Need") == nil)
    }
}
