import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireKit

/// `Fixtures/sites/listings`: an arXiv announcement feed as RSS (cs.CL) and as Atom (cs.LG), a
/// daily-arXiv-ai-enhanced day in Chinese and in English, Hugging Face answers and an arXiv API
/// export, all about the same few papers, and a JSON and a JSONL file of the wrong shape.
private enum ListingSite {
    static let folder = TestPaths.fixture("sites/listings")
    static let built: Result<BuiltSite, Error> = Result {
        let built = try BuiltSite(site: folder)
        SharedFolders.removeAtExit(built.folder.path)
        return built
    }
    static func output() throws -> String { try built.get().output }
    static func page(_ path: String) throws -> String { SiteInspection.text(try output() + "/" + path) }

    static let geometry = "papers/the-geometry-of-reasoning-flowing-logics-in-representation-space/index.html"
    static let tables = "papers/table-question-answering-in-the-era-of-large-language-models-a-comprehensive/index.html"
    static let survey =
        "papers/a-comprehensive-survey-on-benchmarks-and-solutions-in-software-engineering-of/index.html"
    static let experts = "papers/sparse-experts-are-fast-learners-revised/index.html"
}

extension RenderingTests {
    @Suite("A site of arXiv listing feeds, daily-arXiv JSON Lines, HF JSON and an arXiv export")
    struct ListingSiteTests {
        @Test("it builds with one warning for each file of the wrong shape, and a note for the update nothing lists")
        func builds() throws {
            let report = try ListingSite.built.get().report
            let digests = ListingSite.folder + "/digests"
            #expect(
                report.diagnostics.map(\.description) == [
                    "\(digests)/daily/reading-list.jsonl: warning: expected daily-arXiv JSON Lines (one paper a line, with 'id', 'title', 'summary' and 'authors'), but line 1 has no 'id' (its fields: 'arxiv_url', 'summary', 'title', 'translation', 'url'); skipped; no digest page is made for it",
                    "\(digests)/hf/2025-10-13-curated.json: warning: expected a Hugging Face daily-papers API response (a JSON list of papers), found a list of objects without 'paper' (with 'arxiv_url', 'summary', 'title', 'translation', 'url'); skipped; no digest page is made for it",
                    "\(digests)/arxiv-listing/2025-10-14-cs-cl.xml: note: 1 paper announced here only as a new version (replace, replace-cross) is listed by no source of the site, so left out; arxiv_announce in quire.yml can list such announcements",
                ])
            // Two feeds, one daily-arXiv day (its two files), two HF answers, one export.
            #expect(report.digests == 6)
            #expect(report.papers == 6)
        }

        @Test("each paper has one page, however many sources list it")
        func onePagePerPaper() throws {
            let output = try ListingSite.output()
            let pages = SiteInspection.files(in: output).filter {
                $0.hasPrefix("papers/") && $0.split(separator: "/").count == 3
            }
            let headings = pages.compactMap { SiteInspection.heading(of: SiteInspection.text(output + "/" + $0)) }
            #expect(
                headings.sorted() == [
                    "A Comprehensive Survey on Benchmarks and Solutions in Software Engineering of LLM-Empowered Agentic System",
                    "Pruning Without Retraining",
                    "Sparse Experts Are Fast Learners, Revised",
                    "Table Question Answering in the Era of Large Language Models: A Comprehensive Survey of Tasks, Methods, and Evaluation",
                    "The Geometry of Reasoning: Flowing Logics in Representation Space",
                    "Title Only At The Top",
                ])
            let geometry = try ListingSite.page(ListingSite.geometry)
            // Listed by the export, both feeds, daily-arXiv and Hugging Face: five sources, one page.
            for source in [
                "arXiv: 2510.09782, 2406.01234, Oct 11, 2025", "arXiv listing: cs.CL, Oct 14, 2025",
                "arXiv listing: cs.LG, Oct 14, 2025", "daily-arXiv-ai-enhanced, Oct 14, 2025",
                "Daily Papers, Oct 14, 2025",
            ] {
                #expect(geometry.contains(">\(source)</a>"), "\(source)")
            }
        }

        @Test("the announcement day lists the day's papers once each; replacements and wrong shapes list nothing")
        func listingDays() throws {
            let output = try ListingSite.output()
            let day = SiteInspection.cardLinks(in: try ListingSite.page("dates/2025/10/14/index.html"))
            #expect(day.count == Set(day).count)
            #expect(
                Set(day.map { $0.split(separator: "/").dropFirst().first.map(String.init) ?? $0 }) == [
                    "table-question-answering-in-the-era-of-large-language-models-a-comprehensive",
                    "the-geometry-of-reasoning-flowing-logics-in-representation-space",
                    "a-comprehensive-survey-on-benchmarks-and-solutions-in-software-engineering-of",
                ])
            let dates = SiteInspection.files(in: output + "/dates").filter { $0.hasSuffix("/index.html") }
            #expect(!dates.contains("2025/10/13/index.html"), "the wrong-shape file's day")
            #expect(!dates.contains { $0.hasPrefix("2025/10/15") })
            #expect(
                !SiteInspection.files(in: output + "/digests").contains {
                    $0.contains("curated") || $0.contains("reading")
                })
            // The replaced paper keeps its own listings and gains its new version.
            let experts = try ListingSite.page(ListingSite.experts)
            #expect(experts.contains("First listed <a href=\"/dates/2024/06/03/\">"))
            #expect(experts.contains("<dt>Latest version</dt><dd>Oct 14, 2025 (v3)</dd>"))
            #expect(
                experts.contains("<dt>Journal reference</dt><dd>Transactions on Machine Learning Research (2025)</dd>"))
        }

        @Test("pages show authors, categories, summaries in their language and code links, and no placeholder")
        func paperPages() throws {
            let geometry = try ListingSite.page(ListingSite.geometry)
            #expect(
                geometry.contains(
                    "<p class=\"authors\">Yufa Zhou, Yixiao Wang, Xunjian Yin, Shuyan Zhou, Anru R. Zhang</p>"))
            #expect(geometry.contains("<dt>arXiv categories</dt><dd>cs.AI (primary), cs.CL, cs.LG, cs.LO</dd>"))
            #expect(geometry.contains("<a class=\"code-link\" href=\"https://github.com/MasterZhou1/Reasoning-Flow\">"))
            // The site's language first, then the Chinese summary, marked as Chinese.
            let english = try #require(geometry.range(of: "<p>LLM reasoning is modelled as smooth flows"))
            let chinese = try #require(geometry.range(of: "<p lang=\"zh\">提出了一个几何框架"))
            #expect(english.lowerBound < chinese.lowerBound)
            #expect(geometry.contains("machine-written by Hugging Face</p>"))
            #expect(geometry.contains("machine-written by daily-arXiv-ai-enhanced, in Chinese</p>"))

            let tables = try ListingSite.page(ListingSite.tables)
            #expect(tables.contains("<p class=\"authors\">Wei Zhou, Bolei Ma, Annemarie Friedrich, Mohsen Mesgar</p>"))
            #expect(tables.contains("<p lang=\"zh\">这篇论文是关于表格问答(TQA)的综述研究"))
            let survey = try ListingSite.page(ListingSite.survey)
            #expect(survey.contains("<p>This survey provides a comprehensive analysis"))
            #expect(survey.contains("<dt>arXiv categories</dt><dd>cs.SE, cs.CL</dd>"))

            // No placeholder anywhere: pages, feeds, the search index.
            let output = try ListingSite.output()
            for file in SiteInspection.files(in: output) where !file.hasSuffix(".svg") && !file.hasSuffix(".css") {
                let text = SiteInspection.text(output + "/" + file)
                for placeholder in ["Summary generation failed", "analysis unavailable", "extraction failed"] {
                    #expect(!text.contains(placeholder), "\(file): \(placeholder)")
                }
            }
        }

        @Test("topics come from the feeds' categories")
        func topics() throws {
            let language = SiteInspection.cardLinks(in: try ListingSite.page("topics/language/index.html"))
            #expect(language.count == 4)
            let learning = SiteInspection.cardLinks(in: try ListingSite.page("topics/learning/index.html"))
            #expect(learning.count == 2)
        }
    }
}
