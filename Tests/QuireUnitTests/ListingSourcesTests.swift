import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading

/// Loading arXiv announcement feeds and daily-arXiv JSON Lines among other sources: what lists a
/// paper and what only updates it, one paper from many sources, a day's files in two languages,
/// and files of the wrong shape refused.
@Suite("Listing sources")
struct ListingSourcesTests {
    /// A digests folder holding `files` (fixture paths under `sources/`, by their name in the folder).
    static func folder(_ files: [String: String], extra: [String: String] = [:]) throws -> TemporaryFolder {
        let folder = try TemporaryFolder("quire-listings")
        for (name, fixture) in files {
            try folder.write("digests/" + name, bytes: try TestPaths.bytes(TestPaths.fixture("sources/" + fixture)))
        }
        for (name, text) in extra { try folder.write("digests/" + name, text) }
        return folder
    }

    static func load(_ folder: TemporaryFolder, config: SiteConfig = SiteConfig()) -> Corpus {
        DigestLoader(config: config).load(directory: folder.sub("digests"))
    }

    @Test("a feed lists its new and cross-listed papers on its announcement day, whatever its file is called")
    func announcementDay() throws {
        let folder = try Self.folder(["arxiv-listing/saved-2025-10-16.xml": "arxiv-listing/cs-cl.xml"])
        let corpus = Self.load(folder)
        #expect(corpus.digests.count == 1)
        let digest = corpus.digests[0]
        #expect(digest.format == .arxivListing && digest.sourceTitle == "cs.CL updates on arXiv.org")
        #expect(digest.date == Day(iso: "2025-10-14"))
        #expect(corpus.papers.map(\.arxiv?.id) == ["2510.09671", "2510.09782"])
        #expect(corpus.papers.allSatisfy { $0.appearances.map(\.listed?.day) == [Day(iso: "2025-10-14")] })
        #expect(corpus.papers.allSatisfy { $0.date == nil }, "an announcement is no publication date")
        #expect(
            corpus.diagnostics.map(\.description) == [
                "\(folder.sub("digests/arxiv-listing/saved-2025-10-16.xml")): note: 2 papers announced here only as a new version (replace, replace-cross) are listed by no source of the site, so left out; arxiv_announce in quire.yml can list such announcements"
            ])
    }

    @Test("arxiv_announce decides which announce types list their paper")
    func announceTypes() throws {
        let folder = try Self.folder(["arxiv-listing/cs-cl.xml": "arxiv-listing/cs-cl.xml"])
        var config = SiteConfig()
        config.arxivAnnounce = [.new, .replace]
        let corpus = Self.load(folder, config: config)
        #expect(corpus.papers.map(\.arxiv?.id) == ["2510.09671", "2406.01234"])
        #expect(corpus.digests.first?.papers == [0, 1])
        config.arxivAnnounce = [.replaceCross]
        #expect(Self.load(folder, config: config).papers.map(\.arxiv?.id) == ["2203.01250"])
    }

    @Test("a replacement updates the paper other sources list, to its later version, without listing it again")
    func replacementUpdates() throws {
        let folder = try Self.folder([
            "arxiv-listing/cs-cl.xml": "arxiv-listing/cs-cl.xml",
            "arxiv-listing/cs-lg.atom": "arxiv-listing/cs-lg.atom",
            "arxiv/c.atom": "merge/c.atom", "hf/2024-06-05.json": "hf/daily-papers.json",
        ])
        let corpus = Self.load(folder)
        let papers = corpus.papers.filter { $0.arxiv?.id == "2406.01234" }
        #expect(papers.count == 1)
        let paper = try #require(papers.first)
        // Version 3 of arXiv's record wins over the export's version 2, and over Hugging Face.
        #expect(paper.title == "Sparse Experts Are Fast Learners, Revised")
        #expect(
            paper.abstract
                == "We train a sparse mixture of experts and find that it learns quickly; this version adds a routing ablation."
        )
        let details = try #require(paper.details)
        #expect(details.arxiv == ArxivReference(id: "2406.01234", version: 3))
        #expect(details.updated == Day(iso: "2025-10-14"))
        #expect(details.authors == ["Mara Lindqvist", "Tomás Okafor", "Lena Vogt", "Sam Reyes"])
        #expect(details.journalRef == "Transactions on Machine Learning Research (2025)")
        // Listed by the export and Hugging Face only: not on the day of its replacement.
        #expect(
            paper.appearances.map { corpus.digests[$0.digest].format } == [.arxivAtom, .hfJSON])
        #expect(!paper.appearances.contains { $0.listed?.day == Day(iso: "2025-10-14") })
        #expect(paper.date == Day(iso: "2024-06-03"))
    }

    @Test("the same paper from two feeds, the API, daily-arXiv and Hugging Face is one paper")
    func onePaper() throws {
        let hf = #"""
            [{"paper": {"id": "2510.09782", "title": "The Geometry of Reasoning: Flowing Logics in Representation Space",
              "summary": "We study how large language models think.", "publishedAt": "2025-10-10T17:59:59.000Z",
              "authors": [{"name": "Yufa Zhou"}], "ai_summary": "LLM reasoning is modelled as flows in representation space."},
              "publishedAt": "2025-10-14T01:00:00.000Z", "title": "The Geometry of Reasoning"}]
            """#
        let folder = try Self.folder(
            [
                "arxiv-listing/cs-cl.xml": "arxiv-listing/cs-cl.xml",
                "arxiv-listing/cs-lg.atom": "arxiv-listing/cs-lg.atom",
                "daily/2025-10-14_AI_enhanced_Chinese.jsonl": "daily-arxiv/2025-10-14_AI_enhanced_Chinese.jsonl",
            ], extra: ["hf/2025-10-14.json": hf])
        let corpus = Self.load(folder)
        let papers = corpus.papers.filter { $0.arxiv?.id == "2510.09782" }
        #expect(papers.count == 1)
        let paper = try #require(papers.first)
        #expect(paper.appearances.count == 4)
        #expect(paper.details?.authors == ["Yufa Zhou", "Yixiao Wang", "Xunjian Yin", "Shuyan Zhou", "Anru R. Zhang"])
        #expect(paper.date == Day(iso: "2025-10-10"))
        #expect(paper.details?.machineSummaries.map(\.writer) == ["daily-arXiv-ai-enhanced", "Hugging Face"])
        #expect(paper.details?.machineSummaries.map(\.language) == ["zh", "en"])
    }

    @Test("a daily-arXiv day's files in two languages are one digest, each paper listed once with both summaries")
    func twinDays() throws {
        let folder = try Self.folder([
            "daily/2025-10-14_AI_enhanced_Chinese.jsonl": "daily-arxiv/2025-10-14_AI_enhanced_Chinese.jsonl",
            "daily/2025-10-14_AI_enhanced_English.jsonl": "daily-arxiv/2025-10-14_AI_enhanced_English.jsonl",
        ])
        let corpus = Self.load(folder)
        #expect(corpus.digests.map(\.fileName) == ["2025-10-14_AI_enhanced_Chinese.jsonl"])
        #expect(corpus.digests.map(\.date) == [Day(iso: "2025-10-14")])
        #expect(corpus.digests.map(\.format) == [.dailyArxiv])
        #expect(corpus.papers.map(\.arxiv?.id) == ["2510.09782", "2510.09671", "2510.09721"])
        #expect(corpus.papers.map(\.appearances.count) == [1, 1, 1])
        #expect(corpus.papers.map { $0.details?.machineSummaries.map(\.language) } == [["zh"], ["zh"], ["en"]])
        #expect(corpus.papers[0].details?.githubRepo == "https://github.com/MasterZhou1/Reasoning-Flow")
        #expect(corpus.diagnostics.isEmpty)
    }

    @Test("a paper summarised in both languages keeps both")
    func bothLanguages() throws {
        func line(_ tldr: String) -> String {
            #"{"id": "2510.09695", "title": "Emotionally Charged, Logically Blurred", "authors": ["Yanran Chen"], "AI": {"tldr": "\#(tldr)"}}"#
        }
        let folder = try Self.folder(
            [:],
            extra: [
                "daily/2025-10-14.jsonl": #"{"id": "2510.09695", "title": "Emotionally Charged, Logically Blurred"}"#,
                "daily/2025-10-14_AI_enhanced_Chinese.jsonl": line("LLM驱动的情绪框架降低了人类对逻辑谬误的检测能力。"),
                "daily/2025-10-14_AI_enhanced_English.jsonl": line(
                    "Emotional framing written by LLMs makes fallacies harder to spot."),
            ])
        let corpus = Self.load(folder)
        #expect(corpus.digests.map(\.fileName) == ["2025-10-14.jsonl"])
        let summaries = try #require(corpus.papers.first?.details?.machineSummaries)
        #expect(summaries.map(\.language) == ["zh", "en"])
        #expect(
            summaries.map(\.text) == [
                "LLM驱动的情绪框架降低了人类对逻辑谬误的检测能力。", "Emotional framing written by LLMs makes fallacies harder to spot.",
            ])
        #expect(corpus.papers.first?.appearances.count == 1)
    }

    @Test("a JSON or JSONL file of the wrong shape gets one warning and adds no listing, digest or day")
    func wrongShapes() throws {
        let notes = """
            {"title": "Sparse Experts Are Fast Learners", "summary": "…", "translation": "…", "url": "https://huggingface.co/papers/2406.01234", "arxiv_url": "https://arxiv.org/abs/2406.01234"}
            """
        let folder = try Self.folder(
            ["hf/2024-06-05.json": "hf/daily-papers.json", "hf/2024-06-04-curated.json": "hf/wrong-shape.json"],
            extra: ["daily/2024-06-03.jsonl": notes])
        let corpus = Self.load(folder)
        #expect(corpus.digests.map(\.fileName) == ["2024-06-05.json"])
        #expect(corpus.papers.count == 3)
        #expect(
            corpus.diagnostics.map(\.description) == [
                "\(folder.sub("digests/daily/2024-06-03.jsonl")): warning: expected daily-arXiv JSON Lines (one paper a line, with 'id', 'title', 'summary' and 'authors'), but line 1 has no 'id' (its fields: 'arxiv_url', 'summary', 'title', 'translation', 'url'); skipped; no digest page is made for it",
                "\(folder.sub("digests/hf/2024-06-04-curated.json")): warning: expected a Hugging Face daily-papers API response (a JSON list of papers), found a list of objects without 'paper' (with 'arxiv_url', 'summary', 'title', 'translation', 'url'); skipped; no digest page is made for it",
            ])
        let model = SiteModel(corpus: corpus, config: SiteConfig())
        let days = model.years.flatMap(\.months).flatMap(\.days).map(\.day)
        #expect(!days.contains(Day(iso: "2024-06-04")!) && !days.contains(Day(iso: "2024-06-03")!))
    }
}
