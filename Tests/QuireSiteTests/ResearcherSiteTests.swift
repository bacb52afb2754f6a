import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading

/// `Fixtures/sites/researcher`: an HF daily-papers response with every field Hugging Face has
/// (code, stars, project page, AI summary, thumbnail, media) and math in titles and abstracts,
/// an arXiv export with affiliations, and a text digest with math and an author count.
private enum ResearcherSite {
    static let folder = TestPaths.fixture("sites/researcher")
    static let built: Result<BuiltSite, Error> = Result {
        let built = try BuiltSite(site: folder)
        SharedFolders.removeAtExit(built.folder.path)
        return built
    }
    static func output() throws -> String { try built.get().output }
    static func page(_ slug: String) throws -> String {
        SiteInspection.text(try output() + "/papers/\(slug)/index.html")
    }
    static let sparse = "sparse-updates-reach-o-e-2-sample-complexity"
    static let hyperZ = "hyperz-z-w-operator-connects-slow-fast-networks"

    /// Every formula the site's input files hold, as written (JSON strings decoded).
    static func inputFormulas() throws -> [String] {
        var texts: [String] = []
        for file in SiteInspection.files(in: folder + "/digests") {
            let raw = SiteInspection.text(folder + "/digests/" + file)
            if file.hasSuffix(".json") {
                func strings(_ value: Any) {
                    if let text = value as? String { texts.append(text) }
                    if let list = value as? [Any] { list.forEach(strings) }
                    if let object = value as? [String: Any] { object.values.forEach(strings) }
                }
                strings(try JSONSerialization.jsonObject(with: Data(raw.utf8)))
            } else {
                texts += raw.split(separator: "\n").map(String.init)
            }
        }
        return texts.flatMap { text in
            let bytes = Array(text.utf8)
            return MathSpans.all(in: text).map { String(decoding: bytes[$0.content], as: UTF8.self) }
        }
    }
}

extension RenderingTests {
    @Suite("Paper pages as researchers read them")
    struct ResearcherSiteTests {
        @Test("the site builds without warnings")
        func builds() throws {
            #expect(try ResearcherSite.built.get().report.diagnostics.isEmpty)
        }

        @Test("every formula of the input is an annotation of a paper page exactly as written, and nothing else is")
        func annotationsAreTheInput() throws {
            let output = try ResearcherSite.output()
            let pattern = try NSRegularExpression(
                pattern: #"<annotation encoding="application/x-tex">([^<]*)</annotation>"#)
            var annotations: [String] = []
            for file in SiteInspection.files(in: output) where file.hasPrefix("papers/") && file.hasSuffix("index.html")
            {
                let html = SiteInspection.text(output + "/" + file)
                for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                    annotations.append(String(html[Range(match.range(at: 1), in: html)!]))
                }
            }
            let formulas = try ResearcherSite.inputFormulas()
            let supported = formulas.filter { TeXMathParser.parse($0) != nil }
            #expect(supported.count >= 15)
            #expect(Set(annotations) == Set(supported.map(SiteInspection.htmlEscaped)))
            // The one formula outside the subset is on the page as written.
            let unsupported = formulas.filter { TeXMathParser.parse($0) == nil }
            #expect(unsupported == [#"\begin{pmatrix} a & b \end{pmatrix}"#])
            #expect(
                try ResearcherSite.page(ResearcherSite.sparse).contains(
                    #"<span class="tex">$\begin{pmatrix} a &amp; b \end{pmatrix}$</span>"#))
        }

        @Test("abstracts and titles with $…$ render as <math> elements")
        func mathElements() throws {
            let page = try ResearcherSite.page(ResearcherSite.sparse)
            let heading = try #require(SiteInspection.heading(of: page))
            #expect(heading.hasPrefix("Sparse Updates Reach <math><semantics>"))
            #expect(page.components(separatedBy: "<math").count - 1 == 8)  // the title's and the abstract's 7
            #expect(page.contains(#"<math display="block">"#))
        }

        @Test("every Hugging Face field appears on its paper's page, and the thumbnail as og:image and on its card")
        func huggingFaceFields() throws {
            let page = try ResearcherSite.page(ResearcherSite.sparse)
            #expect(
                page.contains(
                    #"<a class="code-link" href="https://github.com/example/sparse-updates">Code: example/sparse-updates</a>"#
                ))
            #expect(page.contains("★ 1234"))
            #expect(page.contains(#"<a href="https://example.github.io/sparse-updates/">Project page</a>"#))
            #expect(page.contains("machine-written by Hugging Face"))
            #expect(
                page.contains(
                    "Sparse stochastic updates reach near-optimal sample complexity for finding stationary points."))
            let thumbnail = "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2406.01001.png"
            #expect(page.contains(#"<meta property="og:image" content="\#(thumbnail)">"#))
            #expect(page.contains(#"<img class="paper-thumbnail" src="\#(thumbnail)""#))
            #expect(
                page.contains(#"<a href="https://cdn-uploads.huggingface.co/production/uploads/demo.mp4">Video 1</a>"#))
            let home = SiteInspection.text(try ResearcherSite.output() + "/index.html")
            #expect(home.contains(#"<img class="card-thumbnail" src="\#(thumbnail)""#))
            #expect(
                home.contains(
                    #"<a class="code-link" href="https://github.com/example/sparse-updates">Code <span class="stars" title="GitHub stars">★ 1234</span></a>"#
                ))
            // Hugging Face's empty strings mean "none".
            #expect(!(try ResearcherSite.page("convex-relaxations-with-l1-penalties")).contains("code-link"))
        }

        @Test("arXiv affiliations are shown beside their authors")
        func affiliations() throws {
            let page = try ResearcherSite.page("gradient-flows-on-p2-rd")
            #expect(
                page.contains(
                    #"<li>Marie Dupont <span class="affiliation">(Université Paris-Saclay)</span></li><li>John Smith</li>"#
                ))
        }

        @Test("feeds carry the code and project links, and never an author count as a name")
        func feeds() throws {
            let output = try ResearcherSite.output()
            let rss = SiteInspection.text(output + "/feed.xml")
            let atom = SiteInspection.text(output + "/atom.xml")
            let json = SiteInspection.text(output + "/feed.json")
            #expect(rss.contains("https://github.com/example/sparse-updates"))
            #expect(
                atom.contains(
                    #"<link rel="related" type="text/html" href="https://example.github.io/sparse-updates/" title="Project page"/>"#
                ))
            for feed in [rss, atom, json] {
                #expect(feed.range(of: #"\b\d+ authors?\b"#, options: .regularExpression) == nil)
            }
        }

        @Test("no title, slug, feed or meta tag holds $\\ or a TeX command name")
        func noTeXCommands() throws {
            let output = try ResearcherSite.output()
            let commands = [
                "tilde", "frac", "sqrt", "varepsilon", "mathbf", "mathbb", "mathcal", "cdot", "ell", "lambda", "geq",
                "gg", "sum", "left", "right", "hat",
            ]
            // Slugs and titles hold none of these words at all; other text may use them as English ("left as written").
            func check(_ text: String, _ place: String, asWords: Bool = true) {
                #expect(!text.contains("$\\"), "\(place)")
                for command in commands {
                    let pattern = asWords ? "\\\\\(command)\\b|\\b\(command)\\b" : "\\\\\(command)\\b"
                    #expect(text.range(of: pattern, options: .regularExpression) == nil, "\(place): \(command)")
                }
            }
            let titlePattern = try NSRegularExpression(pattern: #"<title>[^<]*</title>|<meta [^>]*>"#)
            for file in SiteInspection.files(in: output) where file.hasSuffix(".html") {
                check(file, "slug \(file)")
                let html = SiteInspection.text(output + "/" + file)
                for match in titlePattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                    let element = String(html[Range(match.range, in: html)!])
                    check(element, file, asWords: element.hasPrefix("<title>") || element.contains("title\""))
                }
            }
            for feed in ["feed.xml", "atom.xml", "feed.json"] {
                let text = SiteInspection.text(output + "/" + feed)
                let titles = text.components(separatedBy: "<title>").dropFirst().map {
                    $0.components(separatedBy: "</title>")[0]
                }
                for title in titles { check(title, feed) }
                #expect(!text.contains("$\\"), "\(feed)")
            }
        }

        @Test("a paper without an arXiv id links an arXiv and a Hugging Face title search")
        func searchLinks() throws {
            let page = try ResearcherSite.page(ResearcherSite.hyperZ)
            #expect(
                page.contains(
                    #"<a class="search-link" href="https://arxiv.org/search/?searchtype=title&amp;query=HyperZ%E2%8B%85Z%E2%8B%85W%20Operator%20Connects%20Slow-Fast%20Networks">Search arXiv for this title</a>"#
                ))
            #expect(
                page.contains(
                    #"<a class="search-link" href="https://huggingface.co/papers?q=HyperZ%E2%8B%85Z%E2%8B%85W%20Operator%20Connects%20Slow-Fast%20Networks">Search Hugging Face papers</a>"#
                ))
            #expect(!(try ResearcherSite.page(ResearcherSite.sparse)).contains("search-link"))
        }

        @Test("BibTeX keys are surname, year and first significant title word, and the author count is no author")
        func bibTeXKeys() throws {
            #expect(try ResearcherSite.page(ResearcherSite.sparse).contains("@misc{chen2024sparse,"))
            #expect(try ResearcherSite.page("gradient-flows-on-p2-rd").contains("@misc{dupont2024gradient,"))
            let hyperZ = try ResearcherSite.page(ResearcherSite.hyperZ)
            #expect(hyperZ.contains("@misc{anon2024hyperz,"))
            #expect(!hyperZ.contains("  author = "))
        }
    }
}

@Suite("Ordinary pages")
struct SitePageTests {
    @Test("pages/*.md are published at /<slug>/ through cmark-gfm and listed in the navigation in nav order")
    func published() throws {
        let output = try ResearcherSite.output()
        let about = SiteInspection.text(output + "/about/index.html")
        #expect(SiteInspection.heading(of: about) == "About the reading group")
        #expect(about.contains("We meet on <strong>Thursdays</strong> to read one paper."))
        #expect(about.contains("<table>"))
        let home = SiteInspection.text(output + "/index.html")
        #expect(
            home.contains(
                #"<a href="/reading/about/">About the reading group</a>\#n<a href="/reading/schedule/">Schedule</a>"#
            ))
        #expect(SiteInspection.text(output + "/sitemap.xml").contains("https://example.org/reading/about/"))
    }

    @Test("a page without a title, or named like one of Quire's own addresses, is reported with its file and left out")
    func refused() throws {
        let folder = try TemporaryFolder("quire-pages")
        _ = try folder.write("pages/notitle.md", "---\nnav: 1\n---\nText\n")
        _ = try folder.write("pages/papers.md", "---\ntitle: Papers\n---\nText\n")
        _ = try folder.write("pages/plain.md", "No front matter\n")
        _ = try folder.write("pages/ok.md", "---\ntitle: Fine\nnav: x\n---\nText\n")
        _ = try folder.write("pages/badyaml.md", "---\ntitle: Fine\nnav: [1\n---\nText\n")
        let (pages, diagnostics) = PageLoader.load(directory: folder.sub("pages"))
        #expect(pages.map(\.slug) == ["ok"])
        let pagesPath = folder.sub("pages")
        // Every problem at its own line of the file, as for curator notes (one front-matter reader).
        #expect(
            diagnostics.map(\.description) == [
                "\(pagesPath)/badyaml.md:3: warning: invalid YAML in the front matter: while parsing a flow sequence starting here, did not find expected ',' or ']' at the end of the front matter; the page is left out",
                "\(pagesPath)/notitle.md:1: warning: the page has no 'title' in its front matter; it is left out",
                "\(pagesPath)/ok.md:3: warning: 'nav' should be a whole number (the page's place in the navigation); ignored",
                "\(pagesPath)/papers.md:1: warning: the page would be published at /papers/, which Quire's own pages use; rename the file",
                "\(pagesPath)/plain.md:1: warning: no front matter: a page starts with a '---' line, then its fields (title, and nav for its place in the navigation), then another '---' line; the page is left out",
            ])
    }

    @Test("a page that is a symlink to a file outside the site is refused with a warning, as digests and templates are")
    func symlinkOutside() throws {
        let site = try TemporaryFolder("quire-pages-site")
        let outside = try TemporaryFolder("quire-pages-outside")
        let secret = try outside.write("leak.md", "---\ntitle: Leak\n---\nsecret text\n")
        _ = try site.write("pages/about.md", "---\ntitle: About\n---\nHello\n")
        #expect(symlink(secret, site.sub("pages/leak.md")) == 0)
        let (pages, diagnostics) = PageLoader.load(
            directory: site.sub("pages"), boundary: InputBoundary(folders: [site.path]))
        #expect(pages.map(\.slug) == ["about"])
        #expect(
            diagnostics.map(\.description) == [
                "\(site.sub("pages/leak.md")): warning: symlink to \(InputBoundary.resolved(secret)!), outside the site folder and the theme: not followed (to read a shared folder, list it under 'trusted_folders' in quire.yml); the page is left out"
            ])
    }
}

@Suite("Citation keys")
struct CitationKeyTests {
    @Test("equal keys get b, c… in slug order, so keys are unique within the site")
    func unique() {
        func paper(_ title: String) -> SiteModel.Paper {
            var details = PaperDetails()
            details.authors = ["Tianlong Chen"]
            let record = PaperRecord(
                key: TitleKeys.key(forTitle: title), title: title, abstract: "",
                date: Day(year: 2025, month: 1, day: 2),
                byline: nil, upvotes: nil, appearances: [], details: details)
            return SiteModel.Paper(record: record, slug: "", topics: [], listingDate: nil)
        }
        let papers = [paper("Sparse Models"), paper("The Sparse Lottery"), paper("On Sparse Training")]
        #expect(
            CitationKeys.assign(papers, order: [0, 1, 2]) == ["chen2025sparse", "chen2025sparseb", "chen2025sparsec"])

        // Thirty papers on one base go on past z with numbers; a paper whose own base is one of
        // those suffixed keys takes the next free key after it, whichever came first.
        let many = (1...30).map { paper("Sparse Study \($0)") } + [paper("Sparseb")]
        let keys = CitationKeys.assign(many, order: [30] + Array(0..<30))
        #expect(keys[30] == "chen2025sparseb")
        #expect(keys[0] == "chen2025sparse" && keys[1] == "chen2025sparsec" && keys[24] == "chen2025sparsez")
        #expect(Array(keys[25..<30]) == (27...31).map { "chen2025sparse\($0)" })
        #expect(Set(keys).count == keys.count)
    }
}
