import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading

/// A paper placed in the model with only what slug assignment reads: its title, key and listing date.
private func placed(_ title: String, listed: Day?) -> SiteModel.Paper {
    let record = PaperRecord(
        key: TitleKeys.key(forTitle: title), title: title, abstract: "", date: listed,
        byline: nil, upvotes: nil, appearances: [])
    return SiteModel.Paper(record: record, slug: "", topics: [], listingDate: listed)
}

private func isSlug(_ slug: String) -> Bool {
    !slug.isEmpty && !slug.hasPrefix("-") && !slug.hasSuffix("-") && !slug.contains("--")
        && slug.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
}

@Suite("Slug")
struct SlugTests {
    @Test(
        "titles become lowercase ASCII words joined by dashes",
        arguments: [
            (
                "DεpS: Delayed ε-Shrinking for Faster Once-For-All Training",
                "deps-delayed-e-shrinking-for-faster-once-for-all-training"
            ),
            (
                "TÜLU 3: Pushing Frontiers in Open Language Model Post-Training",
                "tulu-3-pushing-frontiers-in-open-language-model-post-training"
            ),
            (
                "Don't Stop Pretraining? Make Prompt-based Fine-tuning Powerful Learner",
                "dont-stop-pretraining-make-prompt-based-fine-tuning-powerful-learner"
            ),
            ("REPA Works Until It Doesn’t", "repa-works-until-it-doesnt"),
            ("NLoRA: Nyström-Initiated Low-Rank Adaptation", "nlora-nystrom-initiated-low-rank-adaptation"),
            ("Fast & Slow Learning", "fast-slow-learning"),
            (#"COCO is "ALL'' You Need"#, "coco-is-all-you-need"),
            ("Qwen2.5 Technical Report", "qwen2-5-technical-report"),
            ("Straße, Æther, Łódź and Ørsted", "strasse-aether-lodz-and-orsted"),
            ("θ-Learning with λ and Ω", "th-learning-with-l-and-o"),
            ("  --Leading and trailing--  ", "leading-and-trailing"),
            ("中文 Title 2024", "title-2024"),
        ])
    func titles(title: String, slug: String) {
        #expect(Slug.make(from: title, fallback: "paper") == slug)
    }

    @Test("a title with nothing ASCII-representable gets the fallback", arguments: ["🚀🔥", "中文标题", "", "?!…", "'’"])
    func fallback(title: String) {
        #expect(Slug.make(from: title, fallback: "paper") == "paper")
    }

    @Test("a long slug is cut at a dash within 80 characters")
    func cutAtDash() {
        let title =
            "Scaling Laws for Extraordinarily Overparameterized Transformers Trained on Unimaginably Large Corpora"
        let slug = Slug.make(from: title, fallback: "paper")
        #expect(slug == "scaling-laws-for-extraordinarily-overparameterized-transformers-trained-on")
        #expect(slug.count == 74)
    }

    @Test("a long slug whose 81st character is a dash keeps its last whole word")
    func cutOnWordBoundary() {
        let title = "Recycling the Web: A Method to Enhance Pre-training Data Quality and Quantity for Language Models"
        let slug = Slug.make(from: title, fallback: "paper")
        #expect(slug == "recycling-the-web-a-method-to-enhance-pre-training-data-quality-and-quantity-for")
        #expect(slug.count <= Slug.maxLength)
        #expect(slug.hasPrefix("recycling-the-web-a-method-to-enhance-pre-training-data-quality-and-quantity"))
    }

    @Test("a single word longer than 80 characters is cut at 80")
    func longWord() {
        let word = String(repeating: "ab", count: 50)
        #expect(Slug.make(from: word, fallback: "paper") == String(repeating: "ab", count: 40))
    }

    @Test("underscores are kept only when asked (the digest slugs earlier versions made)")
    func underscores() {
        #expect(
            Slug.make(from: "001_96d7a53230faa7b0", keepUnderscore: true, fallback: "digest") == "001_96d7a53230faa7b0")
        #expect(Slug.make(from: "001_96d7a53230faa7b0", fallback: "digest") == "001-96d7a53230faa7b0")
    }

    @Test("every seed paper gets a unique, ASCII-only slug of at most 80 characters")
    func seedSlugs() {
        let model = SiteModel(corpus: SeedCorpus.corpus, config: SiteConfig())
        let slugs = model.papers.map(\.slug)
        #expect(slugs.count == 276)
        #expect(Set(slugs).count == 276)
        #expect(slugs.filter { !isSlug($0) || $0.count > 80 } == [])
        let deps = model.papers.first { $0.title.hasPrefix("DεpS") }
        #expect(deps?.slug == "deps-delayed-e-shrinking-for-faster-once-for-all-training")
        let tulu = model.papers.first { $0.title.hasPrefix("TÜLU 3") }
        #expect(tulu?.slug == "tulu-3-pushing-frontiers-in-open-language-model-post-training")
    }

    // MARK: - SiteModel.assignSlugs

    @Test("colliding slugs get -2, -3 and so on, the oldest listing keeps the bare slug and undated papers come last")
    func collisions() {
        var papers = [
            placed("TULU 3", listed: day(2024, 5, 1)),
            placed("TÜLU 3", listed: day(2023, 1, 1)),
            placed("TÚLU 3", listed: nil),
            placed("TŪLU 3", listed: day(2023, 6, 1)),
            placed("Another Paper", listed: day(2022, 1, 1)),
        ]
        SiteModel.assignSlugs(&papers)
        #expect(papers.map(\.slug) == ["tulu-3-3", "tulu-3", "tulu-3-4", "tulu-3-2", "another-paper"])
    }

    @Test("papers listed on the same day claim slugs in merge-key order")
    func sameDayTies() {
        var papers = [placed("TÜLU 3", listed: day(2024, 1, 1)), placed("TULU 3", listed: day(2024, 1, 1))]
        SiteModel.assignSlugs(&papers)
        #expect(papers.map(\.slug) == ["tulu-3-2", "tulu-3"])
    }

    @Test("a suffixed slug that a title already has moves on to the next number")
    func suffixTakenByTitle() {
        var papers = [
            placed("Tulu 3 2", listed: day(2020, 1, 1)), placed("TÜLU 3", listed: day(2021, 1, 1)),
            placed("TULU 3", listed: day(2022, 1, 1)),
        ]
        SiteModel.assignSlugs(&papers)
        #expect(papers.map(\.slug) == ["tulu-3-2", "tulu-3", "tulu-3-3"])
    }

    @Test(
        "path-like titles give a plain slug that cannot leave its folder",
        arguments: [
            ("../../../../tmp/escaped", "tmp-escaped"), ("/etc/passwd", "etc-passwd"),
            ("C:\\Windows\\system32", "c-windows-system32"),
            (".", "paper"), ("..", "paper"), ("~/.ssh", "ssh"),
        ])
    func pathLikeTitles(title: String, slug: String) {
        #expect(Slug.make(from: title, fallback: "paper") == slug)
    }

    @Test(
        "Windows device names get the fallback's noun; index and page are kept",
        arguments: [
            ("CON", "con-paper"), ("nul", "nul-paper"), ("Aux", "aux-paper"), ("PRN", "prn-paper"),
            ("COM1", "com1-paper"),
            ("lpt9", "lpt9-paper"), ("Con Artists", "con-artists"), ("COM10", "com10"), ("Index", "index"),
            ("Page", "page"),
        ])
    func deviceNames(title: String, slug: String) {
        #expect(Slug.make(from: title, fallback: "paper") == slug)
    }

    @Test("papers whose titles give no slug get 'paper-' and a hash of the title, whatever else the site holds")
    func fallbackSlugs() {
        var papers = [
            placed("🚀", listed: day(2024, 1, 2)), placed("🔥", listed: day(2024, 1, 1)),
            placed("نماذج اللغة", listed: nil),
        ]
        SiteModel.assignSlugs(&papers)
        #expect(papers.map(\.slug) == ["paper-d68ef219", "paper-41e215da", "paper-998e18b6"])
        var alone = [placed("نماذج اللغة", listed: nil)]
        SiteModel.assignSlugs(&alone)
        #expect(alone[0].slug == papers[2].slug)
    }

    @Test("slugs are the same across two model builds, and a newer colliding paper does not move an older one's slug")
    func stableSlugs() throws {
        let folder = try TemporaryFolder("quire-slugs")
        try folder.write(
            "digests/b.txt",
            "Jun 9\n\nTÜLU 3\n\nThe older paper.\n\n  • 3 authors\n·\nJan 5, 2023\n\nSome Paper\n\nText.\n")
        let first = SiteModel(
            corpus: DigestLoader(config: SiteConfig()).load(directory: folder.sub("digests")), config: SiteConfig())
        let again = SiteModel(
            corpus: DigestLoader(config: SiteConfig()).load(directory: folder.sub("digests")), config: SiteConfig())
        #expect(first.papers.map(\.slug) == ["tulu-3", "some-paper"])
        #expect(again.papers.map(\.slug) == first.papers.map(\.slug))

        // A newer digest, sorting before the old one, lists a different paper with the same slug.
        try folder.write("digests/a.txt", "Jul 1\n\nTULU 3\n\nThe newer paper.\n\n  • 3 authors\n·\nJun 30, 2025\n")
        let later = SiteModel(
            corpus: DigestLoader(config: SiteConfig()).load(directory: folder.sub("digests")), config: SiteConfig())
        #expect(later.papers.map(\.title) == ["TULU 3", "TÜLU 3", "Some Paper"])
        #expect(later.papers.map(\.slug) == ["tulu-3-2", "tulu-3", "some-paper"])

        let seeds1 = SiteModel(corpus: SeedCorpus.corpus, config: SiteConfig())
        let seeds2 = SiteModel(
            corpus: DigestLoader(config: SiteConfig()).load(directory: TestPaths.seeds), config: SiteConfig())
        #expect(seeds1.papers.map(\.slug) == seeds2.papers.map(\.slug))
    }
}
