import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading

/// Parses `Fixtures/sources/daily-arxiv/<name>`; diagnostics name it `daily/<name>`.
private func parse(_ name: String) throws -> ParsedSource {
    DailyArxivParser().parse(
        try TestPaths.bytes(TestPaths.fixture("sources/daily-arxiv/" + name)), path: "daily/" + name)
}

@Suite("DailyArxivParser")
struct DailyArxivParserTests {
    @Test(
        "each line gives a paper's arXiv id, title, abstract, authors, categories, comment and its TL;DR in the file's language"
    )
    func chineseDay() throws {
        let parsed = try parse("2025-10-14_AI_enhanced_Chinese.jsonl")
        #expect(parsed.diagnostics == [])
        #expect(
            parsed.entries.map(\.location.description) == [
                "daily/2025-10-14_AI_enhanced_Chinese.jsonl:1", "daily/2025-10-14_AI_enhanced_Chinese.jsonl:2",
            ])
        let first = try #require(parsed.entries.first)
        #expect(first.title == "The Geometry of Reasoning: Flowing Logics in Representation Space")
        #expect(first.details.arxiv == ArxivReference(id: "2510.09782"))
        #expect(first.details.authors == ["Yufa Zhou", "Yixiao Wang", "Xunjian Yin", "Shuyan Zhou", "Anru R. Zhang"])
        #expect(first.byline == .authors(count: 5))
        #expect(first.details.categories == ["cs.AI", "cs.CL", "cs.LG", "cs.LO"])
        #expect(first.details.arxivComment == "Code: https://github.com/MasterZhou1/Reasoning-Flow")
        #expect(TextNormalizer.normalize(first.abstract).hasPrefix("We study how large language models (LLMs)"))
        #expect(
            first.details.machineSummaries == [
                MachineSummary(
                    text: "提出了一个几何框架，将大语言模型的推理建模为表示空间中的流动轨迹，通过分离逻辑结构和语义来研究LLM是否内化了超越表面形式的逻辑。",
                    language: "zh", writer: "daily-arXiv-ai-enhanced")
            ])
        // A day's file dates nothing itself: its name does.
        #expect(first.date == nil && first.listed == nil && parsed.ownDate == nil)
    }

    @Test("the generator's placeholders are not summaries; code_url is the code link; a file without AI has none")
    func englishDay() throws {
        let parsed = try parse("2025-10-14_AI_enhanced_English.jsonl")
        #expect(parsed.diagnostics == [])
        #expect(parsed.entries.map(\.details.arxiv?.id) == ["2510.09782", "2510.09671", "2510.09721"])
        #expect(parsed.entries[0].details.githubRepo == "https://github.com/MasterZhou1/Reasoning-Flow")
        #expect(parsed.entries[0].details.machineSummaries == [])
        #expect(parsed.entries[1].details.machineSummaries == [], "Summary generation failed")
        #expect(parsed.entries[2].details.machineSummaries.map(\.language) == ["en"])
        #expect(parsed.entries[2].details.machineSummaries.first?.text.hasPrefix("This survey provides") == true)
    }

    @Test(
        "placeholders for a failed summary are recognised",
        arguments: [
            "Summary generation failed", "Motivation analysis unavailable", "Method extraction failed",
            "Result analysis unavailable", "Conclusion extraction failed", "Processing failed", "Error",
            "Error: Failed to generate content.", "Error parsing result", "N/A", "", "  ",
            "Title translation failed", "Classification unavailable",
        ])
    func placeholders(text: String) {
        #expect(DailyArxivParser.isPlaceholder(text))
    }

    @Test(
        "real summaries are kept",
        arguments: [
            "Error bounds for sparse attention are tightened by a factor of two using a new coupling argument.",
            "We show that pruning failed.", "Six methods of pruning compared; all but one failed.",
            "提出了一个几何框架。", "Attention heads are pruned from their weights alone.",
        ])
    func realSummaries(text: String) {
        #expect(!DailyArxivParser.isPlaceholder(text))
    }

    @Test("the summaries' language comes from the file name")
    func languages() {
        #expect(DailyArxivParser.language(ofFile: "data/2025-10-14_AI_enhanced_Chinese.jsonl") == "zh")
        #expect(DailyArxivParser.language(ofFile: "data/2025-10-14_AI_enhanced_English.jsonl") == "en")
        #expect(DailyArxivParser.language(ofFile: "2025-10-14_AI_enhanced_Japanese.jsonl") == "ja")
        #expect(DailyArxivParser.language(ofFile: "2025-10-14_AI_enhanced_ko.jsonl") == "ko")
        #expect(DailyArxivParser.language(ofFile: "2025-10-14_AI_enhanced_Klingon.jsonl") == nil)
        #expect(DailyArxivParser.language(ofFile: "data/2025-10-14.jsonl") == nil)
    }

    @Test("bad lines and fields are reported with their line; the rest is read")
    func brokenLines() {
        let lines = [
            #"{"id": "2510.00001", "title": "A Good Line", "authors": ["Ada Lovelace", 7], "code_url": "not a url", "AI": "none"}"#,
            #"{"id": "2510.00002", "title": "#,
            #"["a list"]"#,
            "",
            #"{"id": "2510.00003", "summary": "No title here."}"#,
            #"{"id": "someday", "title": 12}"#,
            #"{"id": "someday", "title": "Known By Its Title", "categories": ["cs.CL", "I.2.7; I.2.8"]}"#,
        ]
        let parsed = DailyArxivParser().parse(Array(lines.joined(separator: "\n").utf8), path: "daily/broken.jsonl")
        #expect(
            parsed.diagnostics.map(\.description) == [
                "daily/broken.jsonl:2: warning: not valid JSON (Unexpected end of file during JSON parse); line skipped",
                "daily/broken.jsonl:1: warning: an author should be a name, found a number; skipped",
                "daily/broken.jsonl:1: warning: 'code_url' should be an http(s) URL, found 'not a url'; ignored",
                "daily/broken.jsonl:1: warning: 'AI' should be an object with a 'tldr', found a string; ignored",
                "daily/broken.jsonl:3: warning: a line should be an object, found a list; skipped",
                "daily/broken.jsonl:5: warning: this line has no 'title'; skipped",
                "daily/broken.jsonl:6: warning: 'title' should be a string, found a number; skipped",
                "daily/broken.jsonl:7: warning: 'someday' is not an arXiv id such as 2510.09842; the paper is identified by its title",
            ])
        #expect(parsed.entries.map(\.title) == ["A Good Line", "Known By Its Title"])
        #expect(parsed.skippedEntries == 4)
        #expect(parsed.entries[0].details.authors == ["Ada Lovelace"])
        #expect(parsed.entries[1].details.categories == ["cs.CL"], "an ACM class is no arXiv category")
    }

    @Test("a file whose lines are not papers of this format is refused whole, naming the first missing field")
    func wrongShape() {
        let lines = [
            #"{"title": "Sparse Experts Are Fast Learners", "summary": "…", "translation": "…", "url": "https://huggingface.co/papers/2406.01234", "arxiv_url": "https://arxiv.org/abs/2406.01234"}"#,
            #"{"title": "Pruning Without Retraining", "summary": "…", "translation": "…", "url": "https://huggingface.co/papers/2406.02468", "arxiv_url": "https://arxiv.org/abs/2406.02468"}"#,
        ]
        let parsed = DailyArxivParser().parse(Array(lines.joined(separator: "\n").utf8), path: "daily/notes.jsonl")
        #expect(parsed.entries.isEmpty && parsed.skippedEntries == 0)
        #expect(
            parsed.diagnostics.map(\.description) == [
                "daily/notes.jsonl: warning: expected daily-arXiv JSON Lines (one paper a line, with 'id', 'title', 'summary' and 'authors'), but line 1 has no 'id' (its fields: 'arxiv_url', 'summary', 'title', 'translation', 'url'); skipped"
            ])
        let empty = DailyArxivParser().parse(Array("\n \n".utf8), path: "daily/empty.jsonl")
        #expect(
            empty.diagnostics.map(\.description) == [
                "daily/empty.jsonl: warning: empty file; expected daily-arXiv JSON Lines (one paper a line, with 'id', 'title', 'summary' and 'authors')"
            ])
    }
}
