import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading
@testable import QuirePublishing

@Suite("Related papers")
struct RelatedPapersTests {
    /// A text digest of June 12, 2025 listing `papers` (title, abstract) in this order, and notes.
    static func model(_ papers: [(String, String)], notes: [String: String] = [:], config: SiteConfig = SiteConfig())
        throws -> SiteModel
    {
        let folder = try TemporaryFolder("quire-related")
        let entries = papers.map { "\($0.0)\n\n\($0.1)\n" }.joined(separator: "\n")
        try folder.write("digests/2025-06-12.txt", "Jun 12\n\n" + entries)
        for (name, text) in notes { try folder.write("digests/notes/\(name).md", text) }
        let corpus = DigestLoader(config: config).load(directory: folder.sub("digests"))
        #expect(corpus.diagnostics.isEmpty, "\(corpus.diagnostics)")
        return SiteModel(corpus: corpus, config: config)
    }

    static func text(_ value: TemplateValue?) -> String? {
        if case .string(let text)? = value { text } else { nil }
    }

    /// Paper titles of the related papers of the paper titled `title`.
    static func related(to title: String, in model: SiteModel, limit: Int = 5) throws -> [String] {
        let paper = try #require(model.papers.firstIndex { $0.title == title })
        return RelatedPapers(model: model, limit: limit).of(paper).map { model.papers[Int($0)].title }
    }

    static let pruning = [
        (
            "Pruning Attention Heads Without Calibration",
            "We prune attention heads of transformers by their gradient saliency and recover accuracy with sparse fine-tuning."
        ),
        (
            "Structured Sparsity for Attention Heads",
            "Head pruning removes whole attention heads; we learn structured sparsity masks over heads with gradient saliency."
        ),
        (
            "Lottery Tickets in Transformers",
            "Sparse subnetworks of transformers prune weights and attention heads yet match dense accuracy after rewinding."
        ),
    ]
    static let diffusion = [
        (
            "Faster Sampling for Image Diffusion",
            "Denoising diffusion models generate images slowly; a distilled sampler takes four denoising steps per image."
        ),
        (
            "Latent Diffusion for Video Frames",
            "We extend latent diffusion to video, denoising frames jointly so that generated images stay consistent."
        ),
        (
            "Guidance Without Classifiers in Diffusion",
            "Classifier-free guidance trades diversity for fidelity in diffusion sampling of images and video frames."
        ),
    ]

    static let twins = [
        ("Head Pruning Study", pruning[0].1), ("Study of Head Pruning", pruning[0].1),
    ]

    @Test("a paper's related papers share its subject, never include itself, and number at most `related`")
    func subject() throws {
        let model = try Self.model(Self.pruning + Self.diffusion)
        let pruningTitles = Set(Self.pruning.map(\.0))
        let diffusionTitles = Set(Self.diffusion.map(\.0))
        for title in pruningTitles {
            let related = try Self.related(to: title, in: model, limit: 2)
            #expect(Set(related) == pruningTitles.subtracting([title]), "\(title): \(related)")
        }
        for title in diffusionTitles {
            let related = try Self.related(to: title, in: model, limit: 2)
            #expect(Set(related) == diffusionTitles.subtracting([title]), "\(title): \(related)")
        }
        let all = RelatedPapers(model: model, limit: 5)
        for paper in model.papers.indices {
            #expect(!all.of(paper).contains(Int32(paper)))
            #expect(all.of(paper).count <= 5)
        }
    }

    @Test("related: 0 gives no paper any related paper, and the page no related section")
    func off() throws {
        var config = SiteConfig()
        config.relatedCount = 0
        let model = try Self.model(Self.pruning, config: config)
        let related = RelatedPapers(model: model, limit: config.relatedCount)
        #expect(model.papers.indices.allSatisfy { related.of($0).isEmpty })
        let contexts = PageContexts(
            model: model, siteURL: SiteURL("https://example.org/")!, notes: RenderedNotes(model: model))
        guard case .bool(let hasRelated)? = contexts.paper(0)["paper"]?["hasRelated"] else {
            Issue.record("no hasRelated flag")
            return
        }
        #expect(!hasRelated)
    }

    @Test("papers of equal score come in listing order, whichever the titles and their slugs")
    func ties() throws {
        // The same words in another order: the same vector, equal scores for any paper.
        let twins = Self.twins
        let asListed = try Self.model([Self.pruning[1]] + twins + Self.diffusion)
        #expect(try Self.related(to: Self.pruning[1].0, in: asListed, limit: 2) == twins.map(\.0))
        let swapped = try Self.model([Self.pruning[1]] + twins.reversed() + Self.diffusion)
        #expect(try Self.related(to: Self.pruning[1].0, in: swapped, limit: 2) == twins.reversed().map(\.0))
        // The same inputs, the same lists.
        let again = try Self.model([Self.pruning[1]] + twins + Self.diffusion)
        for paper in asListed.papers.indices {
            #expect(
                Array(RelatedPapers(model: asListed, limit: 5).of(paper))
                    == Array(RelatedPapers(model: again, limit: 5).of(paper)))
        }
    }

    @Test("a topic that curator's notes give both papers lifts an equally similar paper above one listed earlier")
    func curatorTopics() throws {
        let twins = Self.twins
        let notes = [
            "first": "---\ntitle: \"\(Self.pruning[1].0)\"\ntopics: [heads]\n---\nWorth reading.\n",
            "second": "---\ntitle: \"\(twins[1].0)\"\ntopics: [heads]\n---\nAlso.\n",
        ]
        var config = SiteConfig()
        config.topics = [TopicRule(slug: "heads", title: "Heads", keywords: ["not in any text"])]
        let model = try Self.model([Self.pruning[1]] + twins + Self.diffusion, notes: notes, config: config)
        #expect(try Self.related(to: Self.pruning[1].0, in: model, limit: 2) == twins.reversed().map(\.0))
    }

    @Test("a shared author lifts an equally similar paper above one listed earlier")
    func sharedAuthor() throws {
        let twins = Self.twins
        let notes = [
            "first": "---\ntitle: \"\(Self.pruning[1].0)\"\nauthors: [Ada Lovelace]\n---\n",
            "second": "---\ntitle: \"\(twins[1].0)\"\nauthors: [ADA  LOVELACE, Alan Turing]\n---\n",
        ]
        let model = try Self.model([Self.pruning[1]] + twins + Self.diffusion, notes: notes)
        #expect(try Self.related(to: Self.pruning[1].0, in: model, limit: 2) == twins.reversed().map(\.0))
    }

    @Test("the paper page lists its related papers as compact cards, and its JSON-LD names them")
    func pageValues() throws {
        let model = try Self.model(Self.pruning + Self.diffusion)
        let siteURL = SiteURL("https://example.org/site/")!
        let contexts = PageContexts(model: model, siteURL: siteURL, notes: RenderedNotes(model: model))
        let paper = try #require(model.papers.firstIndex { $0.title == Self.pruning[0].0 })
        let values = try #require(contexts.paper(paper)["paper"])
        guard case .list(let cards)? = values["related"] else {
            Issue.record("no related list")
            return
        }
        let expected = contexts.related.of(paper).map { model.papers[Int($0)] }
        #expect(cards.count == expected.count)
        #expect(Self.text(cards.first?["url"]) == "/site/papers/\(expected[0].slug)/")
        #expect(Self.text(cards.first?["listed"]?["iso"]) == "2025-06-12")
        guard case .string(let jsonLD)? = values["jsonLD"] else {
            Issue.record("no JSON-LD")
            return
        }
        let links = expected.map { "\"https://example.org/site/papers/\($0.slug)/\"" }.joined(separator: ",")
        #expect(jsonLD.contains("\"relatedLink\":[\(links)]"))
    }
}
