import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireKit
@testable import QuirePublishing

/// `Fixtures/sites/mixed`: the example site's five text digests (linked), a Hugging Face
/// daily-papers response (3 papers), an arXiv API export (5 papers) and three curator notes,
/// with the example site's topics plus one matched by arXiv category (`computer-vision`).
private enum MixedSite {
    static let folder = TestPaths.fixture("sites/mixed")
    static let built: Result<BuiltSite, Error> = Result {
        let built = try BuiltSite(site: folder)
        SharedFolders.removeAtExit(built.folder.path)
        return built
    }
    static func output() throws -> String { try built.get().output }
    static let essentialSparsity =
        "papers/the-emergence-of-essential-sparsity-in-large-pre-trained-models-the-weights-that/index.html"

    static func model() throws -> (SiteModel, SiteURL) {
        let folder = try TemporaryFolder("quire-mixed")
        let options = BuildOptions(
            siteDirectory: MixedSite.folder, themeDirectory: TestPaths.theme, ledgerFile: folder.sub("ledger.yml"))
        let (model, siteURL, _) = SiteBuilder(options: options).load()
        return (try #require(model), siteURL)
    }
}

extension Optional where Wrapped == TemplateValue {
    var text: String? { if case .string(let text)? = self { text } else { nil } }
    var number: Int? { if case .int(let number)? = self { number } else { nil } }
    var flag: Bool? { if case .bool(let flag)? = self { flag } else { nil } }
}

extension RenderingTests {
    @Suite("A site mixing text digests, HF JSON, an arXiv export and notes")
    struct MixedSiteTests {
        @Test("it builds with no warning about the new samples, and 11 new entries add one paper")
        func builds() throws {
            let report = try MixedSite.built.get().report
            #expect(report.digests == 7)
            #expect(report.entries == 343 + 3 + 5 + 3)
            #expect(report.papers == 276 + 1)
            // Every digest is dated, the text digests from the dates their papers have in the whole site.
            #expect(report.diagnostics.map(\.description) == [])
        }

        @Test("every paper has exactly one page")
        func onePagePerPaper() throws {
            let output = try MixedSite.output()
            let pages = SiteInspection.files(in: output).filter {
                $0.hasPrefix("papers/") && $0.split(separator: "/").count == 3
            }
            let headings = try pages.map {
                try #require(SiteInspection.heading(of: SiteInspection.text(output + "/" + $0)))
            }
            #expect(pages.count == 277)
            #expect(Set(headings).count == 277)
        }

        @Test(
            "a paper from all four formats shows its links, authors, the curator's note above the abstract, and every source"
        )
        func paperPage() throws {
            let html = SiteInspection.text(try MixedSite.output() + "/" + MixedSite.essentialSparsity)
            #expect(html.contains(#"<p class="authors">Ajay Jaiswal, Shiwei Liu, Tianlong Chen, Zhangyang Wang</p>"#))
            #expect(
                html.contains(
                    #"<li><a href="https://arxiv.org/abs/2306.03805">arXiv:2306.03805</a></li><li><a href="https://arxiv.org/pdf/2306.03805">PDF</a></li>"#
                ))
            let note = try #require(html.range(of: "<section class=\"note\">\n<h2>Curator’s note</h2>"))
            let abstract = try #require(html.range(of: "<h2 id=\"abstract-heading\">Abstract</h2>"))
            #expect(note.lowerBound < abstract.lowerBound)
            #expect(html.contains("<strong>one-shot magnitude pruning</strong>"))
            #expect(
                html.contains(
                    #"<a href="/digests/000-2c533f7ed90aa707/">Daily Papers, Apr 13, 2026</a> <span class="source-kind">Hugging Face Daily Papers page</span>"#
                ))
            #expect(
                html.contains(
                    #"<a href="/digests/arxiv-export/">arXiv: 2204.00595, 1912.00998, 2003.11142, 2105.10762, 2306.03805, Jul 30, 2025</a> <span class="source-kind">arXiv API export</span>"#
                ))
            #expect(
                html.contains(
                    #"<a href="/digests/hf-daily-papers/">Daily Papers, Jun 19, 2024</a> <span class="source-kind">Hugging Face daily-papers API</span>"#
                ))
            #expect(html.contains(#"<li>essential-sparsity.md <span class="source-kind">Curator’s note</span></li>"#))
            #expect(!html.contains("4 authors"))
        }

        @Test(
            "the paper page's head gives citation tools the authors, arXiv id, PDF and DOI, and its BibTeX and JSON-LD the same"
        )
        func citationMetadata() throws {
            let html = SiteInspection.text(try MixedSite.output() + "/" + MixedSite.essentialSparsity)
            let authors = ["Ajay Jaiswal", "Shiwei Liu", "Tianlong Chen", "Zhangyang Wang"]
            #expect(
                html.contains(
                    authors.map { #"<meta name="citation_author" content="\#($0)">"# }.joined(separator: "\n")))
            #expect(html.contains(#"<meta name="citation_arxiv_id" content="2306.03805">"#))
            #expect(html.contains(#"<meta name="citation_pdf_url" content="https://arxiv.org/pdf/2306.03805">"#))
            #expect(
                html.contains(#"<meta name="citation_abstract_html_url" content="https://arxiv.org/abs/2306.03805">"#))
            #expect(html.contains("  author = {Ajay Jaiswal and Shiwei Liu and Tianlong Chen and Zhangyang Wang},\n"))
            #expect(html.contains("  eprint = {2306.03805},\n  archivePrefix = {arXiv},\n  primaryClass = {cs.LG},\n"))
            let jsonLD = try #require(
                html.components(separatedBy: #"<script type="application/ld+json">"#).dropFirst().first?
                    .components(separatedBy: "</script>").first)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(jsonLD.utf8)) as? [String: Any])
            #expect((object["author"] as? [[String: String]])?.compactMap { $0["name"] } == authors)
            #expect(object["sameAs"] as? [String] == ["https://arxiv.org/abs/2306.03805"])
        }

        @Test("an arXiv export's DOI and an old-style id reach the citation tags")
        func doiAndOldStyleID() throws {
            let site = try TemporaryFolder("quire-citations")
            try site.write("quire.yml", "title: Citations\nbase_url: https://example.org/\n")
            try site.write(
                "digests/query.atom",
                String(decoding: try TestPaths.bytes(TestPaths.fixture("sources/arxiv/query.atom")), as: UTF8.self))
            let report = try SiteBuilder(
                options: BuildOptions(siteDirectory: site.path, themeDirectory: TestPaths.theme)
            ).build()
            #expect(report.diagnostics == [])
            let sparse = SiteInspection.text(site.sub("public/papers/sparse-experts-are-fast-learners/index.html"))
            #expect(sparse.contains(#"<meta name="citation_doi" content="10.1234/example.5678">"#))
            #expect(sparse.contains("  doi = {10.1234/example.5678},\n"))
            let old = SiteInspection.text(site.sub("public/papers/an-old-style-identifier/index.html"))
            #expect(old.contains(#"<meta name="citation_arxiv_id" content="hep-th/9901001">"#))
            #expect(old.contains(#"<meta name="citation_pdf_url" content="https://arxiv.org/pdf/hep-th/9901001">"#))
            #expect(
                old.contains("  eprint = {hep-th/9901001},\n  archivePrefix = {arXiv},\n  primaryClass = {hep-th},\n"))
        }

        @Test("search finds a paper by a word only its curator's note has, and by an author's name")
        func search() throws {
            let (model, _) = try MixedSite.model()
            let index = SearchIndex(model: model, notesText: RenderedNotes(model: model).text)
            func documents(_ word: String) -> [String] {
                guard
                    let term = index.sortedTerms.first(where: {
                        index.withBytes(of: $0) { Array($0) } == Array(word.utf8)
                    })
                else { return [] }
                var found: [String] = []
                index.forEachPosting(of: term) {
                    found.append(model.papers[model.newest[Int($0 >> SearchIndex.Field.bits)]].slug)
                }
                return found
            }
            let essential = "the-emergence-of-essential-sparsity-in-large-pre-trained-models-the-weights-that"
            #expect(documents("cliff") == [essential])
            #expect(documents("jaiswal").contains(essential))
        }

        @Test(
            "page values name the arXiv id, abstract and PDF as paper.arxiv.id, .abs and .pdf, with authors and categories"
        )
        func pageValues() throws {
            let (model, siteURL) = try MixedSite.model()
            let index = try #require(model.papers.firstIndex { $0.record.arxiv?.id == "2003.11142" })
            let context = PageContexts(model: model, siteURL: siteURL, notes: RenderedNotes(model: model)).paper(index)
            let paper = try #require(context["paper"])
            #expect(paper["arxiv"]?["id"].text == "2003.11142")
            #expect(paper["arxiv"]?["abs"].text == "https://arxiv.org/abs/2003.11142")
            #expect(paper["arxiv"]?["pdf"].text == "https://arxiv.org/pdf/2003.11142")
            #expect(paper["arxiv"]?["version"].number == 1)
            #expect(
                paper["authorList"].text
                    == "Jiahui Yu, Pengchong Jin, Hanxiao Liu, Gabriel Bender, Pieter-Jan Kindermans, Mingxing Tan, Thomas Huang, Xiaodan Song, Ruoming Pang, Quoc Le"
            )
            guard case .list(let categories)? = paper["categories"] else { Issue.record("no categories"); return }
            #expect(categories.map { $0["term"].text } == ["cs.CV", "cs.LG"])
            #expect(categories.map { $0["isPrimary"].flag } == [true, false])
            // A paper only text digests know has none of these.
            let plain = try #require(model.papers.firstIndex { $0.record.details == nil })
            let plainPaper = try #require(
                PageContexts(model: model, siteURL: siteURL, notes: RenderedNotes(model: model)).paper(plain)["paper"])
            #expect(plainPaper["arxiv"] == nil && plainPaper["authors"] == nil && plainPaper["hasLinks"].flag == false)
        }

        @Test("notes add topics, and a rule with categories collects papers arXiv files under them")
        func topics() throws {
            let (model, _) = try MixedSite.model()
            func topics(ofArxiv id: String) -> [String] {
                let paper = model.papers.first { $0.record.arxiv?.id == id }
                return paper?.topics.map { model.topics[$0.topic].rule.slug } ?? []
            }
            #expect(topics(ofArxiv: "2204.00595").contains("distributed-training"))
            #expect(topics(ofArxiv: "2003.11142").contains("computer-vision"))
            #expect(topics(ofArxiv: "1912.00998").contains("computer-vision"))
            let vision = try #require(model.topics.first { $0.rule.slug == "computer-vision" })
            #expect(vision.papers.map { model.papers[$0].record.arxiv?.id } == ["2003.11142", "1912.00998"])
            #expect(topics(ofArxiv: "1706.03762") == ["other"])
        }

        @Test("feeds carry the note before the abstract and arXiv's abstract URL as the item id, and parse back")
        func feeds() throws {
            let output = try MixedSite.output()
            // The topic's current document or one of its archives.
            let documents = SiteInspection.files(in: output + "/topics/other").filter { $0.hasPrefix("atom") }
            let entries = try documents.flatMap { name in
                try ParsedXML.parse(try TestPaths.bytes(output + "/topics/other/" + name), name: name).elements(
                    "entry", namespace: ParsedXML.atomNamespace)
            }
            let entry = try #require(
                entries.first {
                    $0.text(of: "title", namespace: ParsedXML.atomNamespace) == "Attention Is All You Need"
                })
            #expect(entry.text(of: "id", namespace: ParsedXML.atomNamespace) == "https://arxiv.org/abs/1706.03762")
            #expect(entry.elements("author", namespace: ParsedXML.atomNamespace).count == 8)
            // The item's content, as a current document carries it: the note (a table included)
            // before the abstract. In an archive, the entry has the abstract's first sentences.
            let (model, siteURL) = try MixedSite.model()
            let index = try #require(model.papers.firstIndex { $0.title == "Attention Is All You Need" })
            let content = FeedWriter(model: model, siteURL: siteURL).contentHTML(index)
            #expect(
                content.hasPrefix(
                    "<p>Published Jun 12, 2017.</p>\n<p><strong>Curator’s note</strong></p>\n<p>Not from any digest"))
            #expect(content.contains("<td>Section 3.2</td>"))
            let summary = entry.text(of: "summary", namespace: ParsedXML.atomNamespace)
            let carried = entry.text(of: "content", namespace: ParsedXML.atomNamespace)
            // A note-only paper has no abstract: its archive entry has no summary.
            #expect(model.papers[index].plainAbstract.isEmpty && summary == nil)
            if let carried { #expect(carried == content) }

            let rss = try ParsedXML.parse(try TestPaths.bytes(output + "/topics/pruning/feed.xml"), name: "feed.xml")
            let item = try #require(
                rss.element("channel")?.elements("item").first {
                    $0.text(of: "title")?.hasPrefix("The Emergence of Essential Sparsity") == true
                })
            #expect(item.element("guid")?.text == "https://arxiv.org/abs/2306.03805")
            #expect(item.element("guid")?.attributes == ["isPermaLink": "false"])
            #expect(
                item.text(of: "link")
                    == "http://localhost:8000/papers/the-emergence-of-essential-sparsity-in-large-pre-trained-models-the-weights-that/"
            )
            let description = try #require(item.text(of: "description"))
            #expect(description.hasPrefix("<p>Published Jun 6, 2023.</p>\n<p><strong>Curator’s note</strong></p>"))
            #expect(description.contains("<p><strong>Abstract</strong></p>\n<p>Large pre-trained transformers"))
        }
    }
}
