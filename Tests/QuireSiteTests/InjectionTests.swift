import Foundation
import QuireTestSupport
import Testing

@testable import QuireKit
@testable import QuireOutput
@testable import QuirePublishing

extension RenderingTests {
    /// Builds `Fixtures/hostile/injection` (see `InjectionSite`) and checks every written file;
    /// `InjectionBrowserTests` opens it in a browser.
    @Suite("Nothing injected")
    struct InjectionTests {
        static let papers = InjectionSite.papers
        static let siteTitle = InjectionSite.siteTitle
        static let topicTitle = InjectionSite.topicTitle

        /// The fixture site plus a digest with a hostile file name, built into a temporary folder.
        static func build() throws -> (folder: TemporaryFolder, output: String, report: BuildReport) {
            let folder = try TemporaryFolder("quire-injection")
            let options = BuildOptions(
                siteDirectory: try InjectionSite.copy(into: folder), outputDirectory: folder.sub("public"),
                themeDirectory: TestPaths.theme)
            let report = try SiteBuilder(options: options).build()
            return (folder, folder.sub("public"), report)
        }

        @Test("no output file has a live script, event handler or javascript:/data: URL, and every feed is well-formed")
        func nothingLive() throws {
            let (folder, output, report) = try Self.build()
            _ = folder
            #expect(report.papers == Self.papers.count)
            #expect(
                report.diagnostics.map(\.description) == [
                    "\(folder.sub("site/quire.yml")):5: warning: language 'en\"><script>alert(5)</script>' is not a language tag such as 'en' or 'pt-BR'; the default is used"
                ])
            var files = SiteInspection.files(in: output).filter { $0 != OutputManifest.fileName }
            #expect(files.count == report.files)
            // `.nojekyll`, for GitHub Pages, is empty.
            #expect(try TestPaths.bytes(output + "/.nojekyll") == [])
            files.removeAll { $0 == ".nojekyll" }
            #expect(
                Set(files.map { ($0 as NSString).pathExtension }) == [
                    "html", "xml", "json", "opml", "txt", "css", "js", "svg",
                ])
            for file in files {
                let bytes = try TestPaths.bytes(output + "/" + file)
                let text = String(decoding: bytes, as: UTF8.self)
                let problems: [String]
                switch (file as NSString).pathExtension {
                case "css", "js", "svg":
                    // The theme's own files, copied as they are: no input reaches them.
                    problems = []
                    #expect(
                        bytes == (try TestPaths.bytes(TestPaths.theme + "/" + file)), "\(file) differs from the theme's"
                    )
                case "html": problems = LiveMarkup.problems(inHTML: text, scriptSources: ["/papers/search.js"])
                case "json" where file.hasPrefix("search/"): problems = LiveMarkup.problems(inSearchData: bytes)
                case "json": problems = LiveMarkup.problems(inJSONFeed: bytes)
                case "txt": problems = LiveMarkup.problems(inRobots: text)
                default:
                    problems = LiveMarkup.problems(inFeed: text)
                    #expect(XMLWellFormedness.problem(in: bytes) == nil, "\(file) is not well-formed XML")
                }
                #expect(problems == [], "\(file)")
            }
        }

        @Test("the hostile text is shown as written: escaped in pages, as text in feeds")
        func textKept() throws {
            let (folder, output, _) = try Self.build()
            _ = folder
            let papers = SiteInspection.files(in: output + "/papers").filter { $0.hasSuffix("index.html") }.sorted()
            #expect(papers == Self.papers.map { $0.slug + "/index.html" }.sorted())
            let page = SiteInspection.text(
                output + "/papers/script-alert-title-script-attention-is-all-you-need/index.html")
            #expect(
                SiteInspection.heading(of: page)
                    == "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; Attention Is All You Need")
            #expect(
                page.contains(
                    "<title>&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; Attention Is All You Need · Quire &lt;script&gt;alert(&#39;site title&#39;)&lt;/script&gt; &amp; &quot;Co&quot;</title>"
                ))
            #expect(page.contains(#"<html lang="en">"#))
            #expect(page.contains("<span>&lt;script&gt;alert(6)&lt;/script&gt;</span>"))
            // Markdown link syntax stays text; an autolink keeps a quote inside its URL, percent-encoded.
            #expect(
                page.contains(
                    "We show [a link](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) and &lt;img src=x onerror=alert(2)&gt;"
                ))
            #expect(
                page.contains(
                    #"See <a href="https://example.org/%22onmouseover=%22alert(3)">https://example.org/&quot;onmouseover=&quot;alert(3)</a>"#
                ))
            let quotes = SiteInspection.text(
                output + "/papers/quotes-onmouseover-alert-8-and-onfocus-alert-9-title/index.html")
            #expect(
                quotes.contains(
                    #"<meta name="description" content="An abstract with &amp;lt;script&amp;gt; already escaped"#))
            #expect(quotes.contains("<span>&quot;&gt;&lt;svg/onload=alert(17)&gt; Org</span>"))
            let digests = SiteInspection.files(in: output + "/digests")
            #expect(digests.contains("img-src-x-onerror-alert-20/index.html"))

            let feed = try #require(
                try JSONSerialization.jsonObject(with: Data(TestPaths.bytes(output + "/feed.json"))) as? [String: Any])
            #expect(feed["title"] as? String == Self.siteTitle)
            let items = try #require(feed["items"] as? [[String: Any]])
            #expect(items.map { $0["title"] as? String } == Self.papers.map(\.title))
            let rss = SiteInspection.text(output + "/feed.xml")
            #expect(rss.contains("<title>CDATA ]]&gt;&lt;script&gt;alert(7)&lt;/script&gt; Breakout</title>"))
        }

        @Test("search data, JSON-LD, meta tags, BibTeX and the sitemap carry the hostile text as written, and inert")
        func newOutputsKeepText() throws {
            let (folder, output, _) = try Self.build()
            _ = folder
            // Search index: titles, organisations and topic titles are data, read back exactly.
            let meta = try #require(
                try JSONSerialization.jsonObject(with: Data(TestPaths.bytes(output + "/search/meta.json")))
                    as? [String: Any])
            #expect((meta["topics"] as? [[String: Any]])?.map { $0["t"] as? String } == [Self.topicTitle, "Other"])
            let documents = try #require(
                try JSONSerialization.jsonObject(with: Data(TestPaths.bytes(output + "/search/docs/0.json")))
                    as? [[String: Any]])
            #expect(documents.map { $0["u"] as? String } == Self.papers.map { "papers/\($0.slug)/" })
            #expect(documents.map { $0["t"] as? String } == Self.papers.map(\.title))
            for (document, paper) in zip(documents, Self.papers) where paper.organization != nil {
                #expect(document["b"] as? String == paper.organization)
            }

            for paper in Self.papers {
                let page = SiteInspection.text(output + "/papers/\(paper.slug)/index.html")
                // JSON-LD: one script element, closed where it should be, whose JSON reads back.
                let scripts = Self.matches(#"<script type="application/ld\+json">(.*?)</script>"#, in: page)
                #expect(scripts.count == 1, "\(paper.slug)")
                let jsonLD = try #require(
                    try JSONSerialization.jsonObject(with: Data((scripts.first ?? "").utf8)) as? [String: Any])
                #expect(jsonLD["headline"] as? String == paper.title)
                #expect((jsonLD["isPartOf"] as? [String: Any])?["name"] as? String == Self.siteTitle)
                #expect((jsonLD["sourceOrganization"] as? [String: Any])?["name"] as? String == paper.organization)

                // Meta tags: no attribute broke out, and each title reads back whole from its attribute.
                let metaTags = LiveMarkup.tags(in: page).filter { $0.name == "meta" }
                for tag in metaTags {
                    #expect(
                        Set(tag.attributes.map(\.name)).isSubset(of: ["name", "property", "content", "charset"]),
                        "\(paper.slug): \(tag.attributes)")
                }
                func content(_ key: String) -> String? {
                    metaTags.first {
                        $0.attributes.contains { ($0.name == "name" || $0.name == "property") && $0.value == key }
                    }?
                    .attributes.first { $0.name == "content" }?.value
                }
                for key in ["citation_title", "og:title"] {
                    #expect(content(key) == paper.title, "\(paper.slug): \(key)")
                }
                #expect(content("og:site_name") == Self.siteTitle)

                // BibTeX: each field ends at its line's end, braces counted as BibTeX counts them,
                // and the only commands are those the escaping writes.
                let bibTeX = LiveMarkup.decodeEntities(
                    try #require(Self.matches(#"<code>(@misc\{.*?)</code>"#, in: page).first))
                let lines = bibTeX.split(separator: "\n")
                #expect(
                    lines.first?.range(of: #"^@misc\{anon2023[a-z0-9]+,$"#, options: .regularExpression) != nil,
                    "\(paper.slug)")
                #expect(lines.last == "}")
                for line in lines.dropFirst().dropLast() {
                    var depth = 0
                    var ends: [Int] = []
                    for (offset, byte) in line.utf8.enumerated() {
                        if byte == UInt8(ascii: "{") { depth += 1 }
                        if byte == UInt8(ascii: "}") { depth -= 1; if depth == 0 { ends.append(offset) } }
                        #expect(depth >= 0, "\(line)")
                    }
                    #expect(depth == 0, "\(line)")
                    #expect(
                        ends.count <= 1 && ends.allSatisfy { line.utf8.count - $0 <= 2 }, "a field ends early: \(line)")
                }
                let commands = Set(Self.matches(#"(\\[a-zA-Z]+|\\[^a-zA-Z])"#, in: bibTeX))
                #expect(
                    commands.isSubset(of: [
                        #"\textbraceleft"#, #"\textbraceright"#, #"\textbackslash"#, #"\textasciitilde"#,
                        #"\textasciicircum"#, #"\url"#, #"\%"#, ##"\#"##, #"\&"#, #"\$"#, #"\_"#,
                    ]), "\(commands)")
            }
            let braces = SiteInspection.text(
                output + "/papers/braces-note-input-etc-passwd-misc-evil-write18-rm-rf-1-x-y2/index.html")
            #expect(
                braces.contains(
                    ##"  title = {{Braces \textbraceright{}\textbraceright{} , note = \textbraceleft{}\textbackslash{}input\textbraceleft{}/etc/passwd\textbraceright{}\textbraceright{} @misc\textbraceleft{}evil, \% \textbackslash{}write18\textbraceleft{}rm -rf \textasciitilde{}\textbraceright{} \#1 x\_y² \textasciitilde{} \textbackslash{}}},"##
                ))

            // Sitemap: every location is a page of the site under its base URL, spelled plainly.
            let locations = Self.matches("<loc>([^<]*)</loc>", in: SiteInspection.text(output + "/sitemap.xml"))
            let pages = SiteInspection.files(in: output).filter {
                $0.hasSuffix("index.html") && $0 != "search/index.html"
            }
            #expect(locations.count == pages.count)
            for location in locations {
                let path = location.dropFirst("https://example.org/papers/".count)
                #expect(
                    location.hasPrefix("https://example.org/papers/")
                        && path.utf8.allSatisfy { byte in
                            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
                                || byte == 0x2F
                        }, "\(location)")
                #expect(pages.contains(path + "index.html"), "\(location)")
            }
        }

        /// Group 1 of every match of `pattern` in `text`.
        static func matches(_ pattern: String, in text: String) -> [String] {
            InjectionSite.matches(pattern, in: text)
        }
    }
}
