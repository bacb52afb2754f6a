import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireKit
@testable import QuireLoading
@testable import QuirePublishing

/// The example site built for a subpath (`/quire/`) and served from it by a local server, as a
/// reader gets it from a host.
private final class ServedSite: Sendable {
    static let shared: Result<ServedSite, Error> = Result { try ServedSite() }

    let scratch: TemporaryFolder
    let output: String
    let server: StaticHTTPServer
    let siteURL: SiteURL
    let model: SiteModel

    init() throws {
        scratch = try TemporaryFolder("quire-served")
        SharedFolders.removeAtExit(scratch.path)
        output = scratch.sub("public")
        server = try StaticHTTPServer(folder: output, prefix: "/quire/")
        // The ledger goes into the scratch folder: a test never rewrites the committed one.
        let options = BuildOptions(
            siteDirectory: TestPaths.exampleSite, outputDirectory: output, baseURL: server.baseURL,
            themeDirectory: TestPaths.theme, ledgerFile: scratch.sub(LedgerFile.fileName))
        _ = try SiteBuilder(options: options).build()
        siteURL = try #require(SiteURL(server.baseURL))
        model = try #require(SiteBuilder(options: options).load().0)
    }

    /// Loads a page of the site (a path under the base, such as `search/?q=x`) in Chromium and
    /// checks what every page must satisfy: nothing written to the console, no request failed.
    func load(_ path: String, windowSize: String = "1280,900") throws -> Chromium.Page {
        server.clearLog()
        let page = try Chromium.load(server.baseURL + path, windowSize: windowSize)
        #expect(page.console == [], "console messages on \(path)")
        let failed = server.log.filter { $0.status >= 400 }.map { "\($0.path) → \($0.status)" }
        #expect(failed == [], "failed requests from \(path)")
        #expect(!server.log.isEmpty, "the page \(path) was not requested from the test's server")
        return page
    }

    func paperPath(_ slug: String) -> String { siteURL.rooted(SitePaths.paper(slug)) }
}

/// The first match of `pattern`'s group 1 in `text`, and all of them.
private func matches(_ pattern: String, in text: String) -> [String] {
    let expression = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
    return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
        String(text[Range($0.range(at: 1), in: text)!])
    }
}

extension RenderingTests {
    @Suite("The example site served from a subpath")
    struct ServedSiteTests {
        @Test("no link of any page, nor of the sitemap, points outside the subpath or to a missing file")
        func links() throws {
            let site = try ServedSite.shared.get()
            #expect(SiteInspection.brokenLinks(output: site.output, siteURL: site.siteURL) == [])
            let sitemap = SiteInspection.text(site.output + "/sitemap.xml")
            let locations = matches("<loc>([^<]*)</loc>", in: sitemap)
            let pages = SiteInspection.files(in: site.output).filter {
                $0.hasSuffix(".html") && $0 != "404.html" && $0 != "search/index.html"
            }
            #expect(locations.count == pages.count)
            for location in locations {
                let target = try #require(
                    SiteInspection.target(
                        of: String(location.dropFirst(site.siteURL.origin.count)), basePath: site.siteURL.basePath))
                #expect(FileManager.default.fileExists(atPath: site.output + "/" + target), "\(location)")
            }
            #expect(
                SiteInspection.text(site.output + "/robots.txt").contains(
                    "Sitemap: \(site.server.baseURL)sitemap.xml\n"))
        }
    }

    @Suite(
        "The example site in headless Chromium",
        .enabled(
            if: Chromium.executable != nil,
            "chromium was not found on PATH: install Debian's chromium (make test does) to run the browser tests"))
    struct BrowserTests {
        @Test("the home page lists the newest papers and has a search box")
        func home() throws {
            let site = try ServedSite.shared.get()
            let page = try site.load("")
            #expect(SiteInspection.heading(of: page.dom) == "Training Notes")
            let cards = SiteInspection.cardLinks(in: page.dom)
            #expect(cards == site.model.newest.prefix(20).map { site.paperPath(site.model.papers[$0].slug) })
            #expect(
                page.dom.contains(#"<form class="header-search" role="search" action="/quire/search/" method="get">"#))
            #expect(page.dom.contains(##"<a class="skip-link" href="#main">"##))
        }

        @Test("a paper's page carries its abstract, citation tags, JSON-LD and a BibTeX entry")
        func paper() throws {
            let site = try ServedSite.shared.get()
            let slug = "monarch-expressive-structured-matrices-for-efficient-and-accurate-training"
            let title = "Monarch: Expressive Structured Matrices for Efficient and Accurate Training"
            let page = try site.load(SitePaths.paper(slug), windowSize: "390,844")
            #expect(SiteInspection.heading(of: page.dom) == title)
            #expect(page.dom.contains(#"<meta name="citation_title" content="\#(title)">"#))
            #expect(page.dom.contains(#"<meta name="citation_publication_date" content="2022/04/01">"#))
            #expect(page.dom.contains(#"<meta property="og:type" content="article">"#))
            let jsonText = try #require(
                matches(#"<script type="application/ld\+json">(.*?)</script>"#, in: page.dom).first)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(jsonText.utf8)) as? [String: Any])
            #expect(json["@type"] as? String == "ScholarlyArticle")
            #expect(json["headline"] as? String == title)
            #expect(json["datePublished"] as? String == "2022-04-01")
            #expect(page.dom.contains("@misc{anon2022monarch,"))  // a text digest knows no author names
        }

        @Test("a topic's page shows why each paper is there, and its most-upvoted order sorts by upvotes")
        func topic() throws {
            let site = try ServedSite.shared.get()
            let newest = try site.load("topics/pruning/")
            let cards = SiteInspection.cardLinks(in: newest.dom)
            #expect(cards.count == 20)
            #expect(matches(#"<p class="matched">Matched: ([^<]+)</p>"#, in: newest.dom).count == cards.count)
            #expect(newest.dom.contains(#"<a href="/quire/topics/pruning/top/">Most upvoted</a>"#))
            let top = try site.load("topics/pruning/top/")
            let topic = try #require(site.model.topics.first { $0.rule.slug == "pruning" })
            #expect(
                SiteInspection.cardLinks(in: top.dom)
                    == topic.mostUpvoted.prefix(20).map { site.paperPath(site.model.papers[$0].slug) })
            let upvotes = topic.mostUpvoted.map { site.model.papers[$0].record.upvotes ?? 0 }
            #expect(upvotes == upvotes.sorted(by: >))
            #expect(upvotes.first ?? 0 > 0)
        }

        /// Loads the search page for `query`; returns the result links and the status line.
        fileprivate func search(_ site: ServedSite, _ query: String) throws -> (
            links: [String], status: String, dom: String
        ) {
            let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
            let page = try site.load("search/?q=" + encoded)
            let status = matches(#"<p id="search-status"[^>]*>([^<]*)</p>"#, in: page.dom).first ?? ""
            let links = SiteInspection.cardLinks(in: page.dom)
            for link in links {
                let target = try #require(SiteInspection.target(of: link, basePath: site.siteURL.basePath))
                #expect(FileManager.default.fileExists(atPath: site.output + "/" + target), "result \(link)")
            }
            #expect(page.dom.contains("<title>Search: \(query) · Training Notes</title>"))
            return (links, status, page.dom)
        }

        @Test("search finds a paper by a word of its title, ranked first, with the query kept")
        func searchByTitle() throws {
            let site = try ServedSite.shared.get()
            let found = try search(site, "Monarch")
            #expect(
                found.links.first
                    == site.paperPath("monarch-expressive-structured-matrices-for-efficient-and-accurate-training"))
            #expect(found.status.hasSuffix("match “Monarch”.") || found.status == "1 paper matches “Monarch”.")
            #expect(found.dom.contains(#"<input id="search-input" type="search" name="q""#))
            #expect(found.dom.contains("<mark>Monarch</mark>"))
            // A result's meta line is plain items: the stylesheet dots them, as on the build's cards.
            let metaLines = matches(#"<p class="meta">(.*?)</p>"#, in: found.dom)
            #expect(!metaLines.isEmpty)
            #expect(metaLines.allSatisfy { !$0.contains("·") }, "\(metaLines)")
        }

        @Test("search finds a paper by a word only its abstract has")
        func searchByAbstract() throws {
            let site = try ServedSite.shared.get()
            let found = try search(site, "polymorphisms")
            let hyena = try #require(site.model.papers.first { $0.title.hasPrefix("HyenaDNA") })
            #expect(!SearchTokenizer.terms(hyena.title).contains("polymorphisms"))
            #expect(found.links == [site.paperPath(hyena.slug)])
            #expect(found.status == "1 paper matches “polymorphisms”.")
        }

        @Test("search finds a paper through a topic it belongs to, even when its text lacks the topic's words")
        func searchByTopic() throws {
            let site = try ServedSite.shared.get()
            // A paper of a topic whose title and abstract do not contain the topic title's first
            // long word; searched with that word and a word of its own title, it can match only
            // through its topic.
            var query: (text: String, slug: String)?
            search: for (index, topic) in site.model.topics.enumerated() where !topic.isFallback {
                guard let word = SearchTokenizer.terms(topic.rule.title).first(where: { $0.count >= 5 }) else {
                    continue
                }
                for paper in topic.papers.map({ site.model.papers[$0] }) {
                    let own = SearchTokenizer.terms(paper.title + " " + paper.record.abstract)
                    guard !own.contains(where: { $0.hasPrefix(word) }),
                        paper.topics.contains(where: { $0.topic == index }),
                        let titleWord = SearchTokenizer.terms(paper.title).first(where: {
                            $0.count >= 6 && !$0.hasPrefix(word)
                        })
                    else { continue }
                    query = ("\(word) \(titleWord)", paper.slug)
                    break search
                }
            }
            let (text, slug) = try #require(query)
            let found = try search(site, text)
            #expect(found.links.contains(site.paperPath(slug)), "\(text)")
        }

        @Test("a search that matches nothing says so")
        func searchWithoutResults() throws {
            let site = try ServedSite.shared.get()
            let found = try search(site, "zzyzx")
            #expect(found.links == [])
            #expect(found.status == "No paper matches “zzyzx”.")
        }
    }
}

extension RenderingTests {
    /// `Fixtures/hostile/injection` (see `InjectionSite`; `InjectionTests` checks its files) in a browser.
    @Suite("Nothing injected, in a browser")
    struct InjectionBrowserTests {
        @Test(
            "in a browser, search results, a hostile query and paper pages show the text as text, and nothing from it runs",
            .enabled(
                if: Chromium.executable != nil,
                "chromium was not found on PATH: install Debian's chromium (make test does)"))
        func inBrowser() throws {
            let folder = try TemporaryFolder("quire-injection-served")
            let server = try StaticHTTPServer(folder: folder.sub("public"), prefix: "/papers/")
            defer { server.stop() }
            let site = try TemporaryFolder("quire-injection")
            let options = BuildOptions(
                siteDirectory: try InjectionSite.copy(into: site), outputDirectory: folder.sub("public"),
                baseURL: server.baseURL, themeDirectory: TestPaths.theme)
            _ = try SiteBuilder(options: options).build()
            let allowed = LiveMarkup.htmlElements.union(["mark"])  // search.js marks the matched words

            let search = try Chromium.load(server.baseURL + "search/?q=alert")
            #expect(search.console == [])
            #expect(
                LiveMarkup.problems(inHTML: search.dom, allowed: allowed, scriptSources: ["/papers/search.js"]) == [])
            // Every paper but the one in the evil file says "alert" in its title, abstract or organisation.
            let found = InjectionSite.papers.filter { $0.slug != "a-paper-in-an-evil-file" }
            #expect(SiteInspection.cardLinks(in: search.dom) == found.map { "/papers/papers/\($0.slug)/" })
            let shownTitles = InjectionSite.matches(#"<h3 class="card-title"><a [^>]*>(.*?)</a></h3>"#, in: search.dom)
                .map { html in
                    LiveMarkup.decodeEntities(
                        html.replacingOccurrences(of: "<mark>", with: "").replacingOccurrences(of: "</mark>", with: ""))
                }
            #expect(shownTitles == found.map(\.title))
            #expect(
                search.dom.contains(
                    SiteInspection.htmlEscaped(InjectionSite.topicTitle).replacingOccurrences(of: "&quot;", with: "\""))
            )

            // A query is the visitor's input, reflected in the status line, the field and the title.
            let query = #""><img src=x onerror=alert(1)><script>alert(2)</script>"#
            let reflected = try Chromium.load(
                server.baseURL + "search/?q=" + query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(reflected.console == [])
            #expect(
                LiveMarkup.problems(inHTML: reflected.dom, allowed: allowed, scriptSources: ["/papers/search.js"]) == []
            )
            #expect(
                reflected.dom.contains(
                    "<title>Search: \(SiteInspection.htmlEscaped(query).replacingOccurrences(of: "&quot;", with: "\""))"
                ))

            // The pages whose title and organisation carry a script and an attribute breakout.
            for paper in InjectionSite.papers where paper.organization?.contains("<") == true {
                let page = try Chromium.load(server.baseURL + "papers/\(paper.slug)/")
                #expect(page.console == [], "\(paper.slug)")
                #expect(LiveMarkup.problems(inHTML: page.dom) == [], "\(paper.slug)")
                #expect(LiveMarkup.decodeEntities(SiteInspection.heading(of: page.dom) ?? "") == paper.title)
            }
        }
    }
}
