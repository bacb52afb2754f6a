import Foundation
import Testing
@testable import QuireKit

extension RenderingTests {
    /// Builds `Fixtures/hostile/injection`, whose titles, abstracts, organisation names, config
    /// values and even a digest's file name carry script tags, event handlers, attribute
    /// breakouts, `javascript:` and `data:` links and `]]>`, and checks every written file.
    @Suite("Nothing injected")
    struct InjectionTests {
        static let fixture = TestPaths.fixture("hostile/injection")
        static let evilFileName = "\"><img src=x onerror=alert(20)>.txt"

        /// The fixture site plus a digest with a hostile file name, built into a temporary folder.
        static func build() throws -> (folder: TemporaryFolder, output: String, report: BuildReport) {
            let folder = try TemporaryFolder("quire-injection")
            try FileManager.default.copyItem(atPath: fixture, toPath: folder.sub("site"))
            try folder.write("site/digests/" + evilFileName, "new\n\nApr 14\n\nA Paper In An Evil File\n\nIts abstract.\n\n  • 2 authors\n·\nJun 7, 2023\n")
            let options = BuildOptions(siteDirectory: folder.sub("site"), outputDirectory: folder.sub("public"), themeDirectory: TestPaths.theme)
            let report = try SiteBuilder(options: options).build()
            return (folder, folder.sub("public"), report)
        }

        @Test("no output file has a live script, event handler or javascript:/data: URL, and every feed is well-formed")
        func nothingLive() throws {
            let (folder, output, report) = try Self.build()
            _ = folder
            #expect(report.papers == 5)
            #expect(report.diagnostics.map(\.description) == [
                "\(folder.sub("site/quire.yml")):5: warning: language 'en\"><script>alert(5)</script>' is not a language tag such as 'en' or 'pt-BR'; the default is used",
            ])
            let files = SiteInspection.files(in: output).filter { $0 != OutputManifest.fileName }
            #expect(files.count == report.files)
            #expect(Set(files.map { ($0 as NSString).pathExtension }) == ["html", "xml", "json", "opml", "txt", "css", "js", "svg"])
            for file in files {
                let bytes = try TestPaths.bytes(output + "/" + file)
                let text = String(decoding: bytes, as: UTF8.self)
                let problems: [String]
                switch (file as NSString).pathExtension {
                case "css", "js", "svg":
                    // The theme's own files, copied as they are: no input reaches them.
                    problems = []
                    #expect(bytes == (try TestPaths.bytes(TestPaths.theme + "/" + file)), "\(file) differs from the theme's")
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
            #expect(papers == [
                "a-paper-in-an-evil-file/index.html", "cdata-script-alert-7-script-breakout/index.html",
                "javascript-alert-18/index.html", "quotes-onmouseover-alert-8-and-onfocus-alert-9-title/index.html",
                "script-alert-title-script-attention-is-all-you-need/index.html",
            ])
            let page = SiteInspection.text(output + "/papers/script-alert-title-script-attention-is-all-you-need/index.html")
            #expect(SiteInspection.heading(of: page) == "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; Attention Is All You Need")
            #expect(page.contains("<title>&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; Attention Is All You Need · Quire &lt;script&gt;alert(&#39;site title&#39;)&lt;/script&gt; &amp; &quot;Co&quot;</title>"))
            #expect(page.contains(#"<html lang="en">"#))
            #expect(page.contains("<span>&lt;script&gt;alert(6)&lt;/script&gt;</span>"))
            // Markdown link syntax stays text; an autolink keeps a quote inside its URL, percent-encoded.
            #expect(page.contains("We show [a link](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) and &lt;img src=x onerror=alert(2)&gt;"))
            #expect(page.contains(#"See <a href="https://example.org/%22onmouseover=%22alert(3)">https://example.org/&quot;onmouseover=&quot;alert(3)</a>"#))
            let quotes = SiteInspection.text(output + "/papers/quotes-onmouseover-alert-8-and-onfocus-alert-9-title/index.html")
            #expect(quotes.contains(#"<meta name="description" content="An abstract with &amp;lt;script&amp;gt; already escaped"#))
            #expect(quotes.contains("<span>&quot;&gt;&lt;svg/onload=alert(17)&gt; Org</span>"))
            let digests = SiteInspection.files(in: output + "/digests")
            #expect(digests.contains("img-src-x-onerror-alert-20/index.html"))

            let feed = try #require(try JSONSerialization.jsonObject(with: Data(TestPaths.bytes(output + "/feed.json"))) as? [String: Any])
            #expect(feed["title"] as? String == "Quire <script>alert('site title')</script> & \"Co\"")
            let items = try #require(feed["items"] as? [[String: Any]])
            #expect(items.map { $0["title"] as? String } == [
                "A Paper In An Evil File", "<script>alert(\"title\")</script> Attention Is All You Need", "CDATA ]]><script>alert(7)</script> Breakout",
                "Quotes \" onmouseover=\"alert(8)\" and ' onfocus='alert(9)' Title", "javascript:alert(18)",
            ])
            let rss = SiteInspection.text(output + "/feed.xml")
            #expect(rss.contains("<title>CDATA ]]&gt;&lt;script&gt;alert(7)&lt;/script&gt; Breakout</title>"))
        }
    }
}
