import Foundation
import Testing
@testable import QuireKit

/// `Fixtures/sites/feeds` built once, shared by the tests that only read it, and what its feeds
/// must hold, worked out by hand from its `quire.yml` and digests.
private enum FeedsSite {
    static let folder = TestPaths.fixture("sites/feeds")
    static let built: Result<BuiltSite, Error> = Result {
        let built = try BuiltSite(site: folder)
        SharedFolders.removeAtExit(built.folder.path)
        return built
    }
    static func output() throws -> String { try built.get().output }

    static let base = "https://example.org/feeds/"
    // The configuration's texts as written, less the U+0001, U+0008 and U+001B they also hold.
    static let title = #"Notes & <Papers> "Q" 'A' ]]> end"#
    static let description = #"Every <feed> & "its" 'items' ]]>"#
    static let author = #"Ada & <Bob> "C" 'D'"#
    static let topicTitles = ["pruning": #"Pruning & <Sparsity> "P""#, "agents": "Agents 'n' Tools", "other": "Other"]

    struct Paper {
        var title: String
        var slug: String
        /// RFC 3339 and RFC 822 forms of the paper's listing date.
        var rfc3339: String
        var rfc822: String
        /// Topic slugs, in the configuration's order.
        var topics: [String]
        var byline: String?

        var url: String { base + "papers/\(slug)/" }
    }

    // Titles, abstracts and organisation names in the digests also hold control characters.
    static let agents = Paper(title: "Agents & <script>alert('t')</script> Planning", slug: "agents-script-alert-t-script-planning",
                              rfc3339: "2024-06-12T00:00:00Z", rfc822: "Wed, 12 Jun 2024 00:00:00 +0000", topics: ["agents"],
                              byline: #"Acme & <Labs> "R&D" 'Intl' ]]>"#)
    // Listed before `agents` on the same day: the title breaks the tie.
    static let zebra = Paper(title: #"Zebra Pruning: "Quoted" & 'Single' <b>Bold</b> ]]> Edition"#, slug: "zebra-pruning-quoted-single-b-bold-b-edition",
                             rfc3339: "2024-06-12T00:00:00Z", rfc822: "Wed, 12 Jun 2024 00:00:00 +0000", topics: ["pruning"])
    static let collaborative = Paper(title: "Collaborative Agents Prune Themselves", slug: "collaborative-agents-prune-themselves",
                                     rfc3339: "2024-06-10T00:00:00Z", rfc822: "Mon, 10 Jun 2024 00:00:00 +0000",
                                     topics: ["pruning", "agents"], byline: "3 authors")
    // No date of its own; listed on Jun 5 and again on Jun 12: the first digest's date counts.
    static let revisited = Paper(title: "Pruning Revisited", slug: "pruning-revisited",
                                 rfc3339: "2024-06-05T00:00:00Z", rfc822: "Wed, 05 Jun 2024 00:00:00 +0000", topics: ["pruning"])
    static let quantization = Paper(title: "Quantization Without Tears", slug: "quantization-without-tears",
                                    rfc3339: "2024-06-03T00:00:00Z", rfc822: "Mon, 03 Jun 2024 00:00:00 +0000", topics: ["other"],
                                    byline: "1 author")
    static let memory = Paper(title: "Agent Memory", slug: "agent-memory",
                              rfc3339: "2024-05-30T00:00:00Z", rfc822: "Thu, 30 May 2024 00:00:00 +0000", topics: ["agents"],
                              byline: "4 authors")
    // In no feed: `Pruning Old Weights` (Jun 1) and `Agents at Scale` (May 1), each the fourth
    // newest of its topic with feed_limit 3, and `Undated Pruning Paper`, which has no date at all.

    struct Feed {
        var title: String
        var description: String
        var pagePath: String
        var items: [Paper]

        var rssURL: String { base + pagePath + "feed.xml" }
        var atomURL: String { base + pagePath + "atom.xml" }
    }

    static let siteFeed = Feed(title: title, description: description, pagePath: "", items: [agents, zebra, collaborative])
    /// Per topic slug, in the configuration's order, then the fallback topic.
    static let topicFeeds: [(slug: String, feed: Feed)] = [
        ("pruning", Feed(title: "\(title): \(topicTitles["pruning"]!)", description: "Cutting weights & <neurons>.",
                         pagePath: "topics/pruning/", items: [zebra, collaborative, revisited])),
        ("agents", Feed(title: "\(title): Agents 'n' Tools", description: "Papers on Agents 'n' Tools from \(title).",
                        pagePath: "topics/agents/", items: [agents, collaborative, memory])),
        ("other", Feed(title: "\(title): Other", description: "Papers that match none of the topics.",
                       pagePath: "topics/other/", items: [quantization])),
    ]
    static var allFeeds: [Feed] { [siteFeed] + topicFeeds.map(\.feed) }

    /// The output file of an absolute URL of the site.
    static func file(of url: String) throws -> String {
        try #require(url.hasPrefix(base), "\(url) is not under \(base)")
        return try output() + "/" + url.dropFirst(base.count)
    }

    static func xml(_ url: String) throws -> ParsedXML.Element {
        let path = try file(of: url)
        return try ParsedXML.parse(TestPaths.bytes(path), name: String(path.dropFirst(try output().count + 1)))
    }

    /// The abstract HTML exactly as the paper's page holds it.
    static func pageAbstract(_ paper: Paper) throws -> String {
        let page = SiteInspection.text(try output() + "/papers/\(paper.slug)/index.html")
        let start = try #require(page.range(of: "<h2 id=\"abstract-heading\">Abstract</h2>\n    "), "\(paper.slug) has no abstract")
        let end = try #require(page.range(of: "\n  </section>", range: start.upperBound..<page.endIndex))
        return String(page[start.upperBound..<end.lowerBound])
    }

    /// Every feed file the build wrote, relative to the output.
    static func feedFiles() throws -> [String] {
        try SiteInspection.files(in: output()).filter { file in
            (file.hasSuffix(".xml") || file.hasSuffix(".json") || file.hasSuffix(".opml"))
                && !file.hasPrefix("search/") && file != "sitemap.xml"
        }
    }
}

extension RenderingTests {
    @Suite("FeedWriter on the feeds fixture site")
    struct FeedWriterTests {
        /// Checks an RSS 2.0 feed, channel and items, against what it must hold.
        private func expectRSS(_ feed: FeedsSite.Feed) throws {
            let rss = try FeedsSite.xml(feed.rssURL)
            #expect(rss.name == "rss" && rss.namespace == nil)
            #expect(rss.attributes["version"] == "2.0")
            let channel = try #require(rss.element("channel"))
            #expect(channel.text(of: "title") == feed.title)
            #expect(channel.text(of: "link") == FeedsSite.base + feed.pagePath)
            #expect(channel.text(of: "description") == feed.description)
            #expect(channel.text(of: "language") == "en-GB")
            #expect(channel.text(of: "generator") == "Quire")
            #expect(channel.text(of: "creator", namespace: ParsedXML.dublinCoreNamespace) == FeedsSite.author)
            #expect(channel.text(of: "pubDate") == feed.items[0].rfc822)
            #expect(channel.text(of: "lastBuildDate") == feed.items[0].rfc822)
            let selfLink = try #require(channel.element("link", namespace: ParsedXML.atomNamespace))
            #expect(selfLink.attributes == ["href": feed.rssURL, "rel": "self", "type": "application/rss+xml"])

            let items = channel.elements("item")
            #expect(items.map { $0.text(of: "title") } == feed.items.map(\.title), "\(feed.rssURL)")
            for (item, paper) in zip(items, feed.items) {
                #expect(item.text(of: "link") == paper.url)
                let guid = try #require(item.element("guid"))
                #expect(guid.text == paper.url)
                #expect(guid.attributes == ["isPermaLink": "true"])
                #expect(item.text(of: "pubDate") == paper.rfc822)
                #expect(item.elements("category").map(\.text) == paper.topics.map { FeedsSite.topicTitles[$0]! })
                #expect(item.elements("category").map { $0.attributes["domain"] } == paper.topics.map { FeedsSite.base + "topics/\($0)/" })
                #expect(item.elements("creator", namespace: ParsedXML.dublinCoreNamespace).map(\.text) == (authorName(paper.byline).map { [$0] } ?? []))
                let abstract = try FeedsSite.pageAbstract(paper)
                #expect(item.text(of: "description") == abstract, "\(paper.slug)")
            }
        }

        /// Checks an Atom 1.0 feed, head and entries, against what it must hold.
        private func expectAtom(_ feed: FeedsSite.Feed) throws {
            let atom = try FeedsSite.xml(feed.atomURL)
            #expect(atom.name == "feed" && atom.namespace == ParsedXML.atomNamespace)
            #expect(atom.attributes["xml:lang"] == "en-GB")
            func child(_ element: ParsedXML.Element, _ name: String) -> String? { element.text(of: name, namespace: ParsedXML.atomNamespace) }
            #expect(child(atom, "id") == feed.atomURL)
            #expect(child(atom, "title") == feed.title)
            #expect(child(atom, "subtitle") == feed.description)
            #expect(child(atom, "updated") == feed.items[0].rfc3339)
            #expect(atom.elements("link", namespace: ParsedXML.atomNamespace).map(\.attributes) == [
                ["rel": "alternate", "type": "text/html", "href": FeedsSite.base + feed.pagePath],
                ["rel": "self", "type": "application/atom+xml", "href": feed.atomURL],
            ])
            #expect(atom.element("author", namespace: ParsedXML.atomNamespace).flatMap { child($0, "name") } == FeedsSite.author)
            let generator = try #require(atom.element("generator", namespace: ParsedXML.atomNamespace))
            #expect(generator.text == "Quire")
            #expect(generator.attributes == ["uri": FeedWriter.generatorURI])

            let entries = atom.elements("entry", namespace: ParsedXML.atomNamespace)
            #expect(entries.map { child($0, "title") } == feed.items.map(\.title), "\(feed.atomURL)")
            for (entry, paper) in zip(entries, feed.items) {
                #expect(child(entry, "id") == paper.url)
                #expect(child(entry, "published") == paper.rfc3339)
                #expect(child(entry, "updated") == paper.rfc3339)
                #expect(entry.elements("link", namespace: ParsedXML.atomNamespace).map(\.attributes) == [
                    ["rel": "alternate", "type": "text/html", "href": paper.url],
                ])
                #expect(entry.elements("category", namespace: ParsedXML.atomNamespace).map(\.attributes) == paper.topics.map {
                    ["term": $0, "label": FeedsSite.topicTitles[$0]!, "scheme": FeedsSite.base + "topics/"]
                })
                #expect(entry.elements("author", namespace: ParsedXML.atomNamespace).map { child($0, "name") } == (authorName(paper.byline).map { [$0] } ?? []))
                let content = try #require(entry.element("content", namespace: ParsedXML.atomNamespace))
                #expect(content.attributes == ["type": "html"])
                let abstract = try FeedsSite.pageAbstract(paper)
                #expect(content.text == abstract, "\(paper.slug)")
            }
        }

        @Test("the site's RSS feed has every channel field and the feed_limit newest papers, ties broken by title")
        func siteRSS() throws {
            try expectRSS(FeedsSite.siteFeed)
        }

        @Test("the site's Atom feed has id, title, subtitle, links, author, generator and the same entries as RSS")
        func siteAtom() throws {
            try expectAtom(FeedsSite.siteFeed)
        }

        @Test("each topic's RSS and Atom feeds hold exactly the newest papers of that topic and no other")
        func topicFeeds() throws {
            for (slug, feed) in FeedsSite.topicFeeds {
                try expectRSS(feed)
                try expectAtom(feed)
                // Independently of the expected lists: every item is filed under this topic.
                let channel = try #require(try FeedsSite.xml(feed.rssURL).element("channel"))
                for item in channel.elements("item") {
                    #expect(item.elements("category").contains { $0.attributes["domain"] == FeedsSite.base + "topics/\(slug)/" },
                            "\(item.text(of: "title") ?? "") in the \(slug) feed")
                }
            }
        }

        @Test("& < > \" ' and ]]> in titles, abstracts and organisation names read back unchanged; control characters are dropped")
        func escaping() throws {
            // The inputs do hold the control characters the feeds must drop.
            let (model, _, _) = SiteBuilder(options: BuildOptions(siteDirectory: FeedsSite.folder, themeDirectory: TestPaths.theme)).load()
            let config = try #require(model).config
            #expect(config.title == FeedsSite.title + "\u{1}\u{8}\u{1B}")
            #expect(config.author == FeedsSite.author + "\u{1B}")
            #expect(config.topics[0].title == FeedsSite.topicTitles["pruning"]! + "\u{1}")
            let digest = SiteInspection.text(FeedsSite.folder + "/digests/2024-06-12-week-24.txt")
            #expect(digest.contains("]]> Edition\u{1}\n"))
            #expect(digest.contains("*stars*\u{8} and \u{1B}[31mcolour"))
            #expect(digest.contains("'Intl' ]]>\u{1}\u{1B}\n"))

            // Read back, every special character is there and the control characters are not.
            let zebraHTML = #"<p>We prune &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; weights &amp; keep 'accuracy' &gt; 90% &lt; 100% ]]&gt; with *stars* and [31mcolour codes. See <a href="https://example.org/zebra">https://example.org/zebra</a>.</p>"# + "\n"
            #expect(try FeedsSite.pageAbstract(FeedsSite.zebra) == zebraHTML)
            let channel = try #require(try FeedsSite.xml(FeedsSite.siteFeed.rssURL).element("channel"))
            let zebra = try #require(channel.elements("item").first { $0.text(of: "link") == FeedsSite.zebra.url })
            #expect(zebra.text(of: "title") == #"Zebra Pruning: "Quoted" & 'Single' <b>Bold</b> ]]> Edition"#)
            #expect(zebra.text(of: "description") == zebraHTML)
            let agents = try #require(channel.elements("item").first { $0.text(of: "link") == FeedsSite.agents.url })
            #expect(agents.text(of: "creator", namespace: ParsedXML.dublinCoreNamespace) == #"Acme & <Labs> "R&D" 'Intl' ]]>"#)
            #expect(channel.text(of: "title") == #"Notes & <Papers> "Q" 'A' ]]> end"#)
            let opml = try FeedsSite.xml(FeedsSite.base + "feeds.opml")
            #expect(opml.element("body")?.children.first?.attributes["text"] == #"Notes & <Papers> "Q" 'A' ]]> end (RSS 2.0)"#)

            // In the raw bytes of every feed: no control character, no markup from a text, no `]]>`.
            let output = try FeedsSite.output()
            for file in try FeedsSite.feedFiles() {
                let bytes = try TestPaths.bytes(output + "/" + file)
                #expect(!bytes.contains { $0 < 0x20 && $0 != 0x0A }, "\(file) holds a control character")
                #expect(String(validating: bytes, as: UTF8.self) != nil, "\(file) is not UTF-8")
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(!text.contains("\\u000") && !text.contains("\\u001"), "\(file) holds an escaped control character")
                guard !file.hasSuffix(".json") else { continue }
                _ = try ParsedXML.parse(bytes, name: file)
                for markup in ["<script", "<b>", "<Papers>", "<Labs>", "<Sparsity>", "<Bob>", "<feed>", "<neurons>", "]]>"] {
                    #expect(!text.contains(markup), "\(file) holds \(markup) unescaped")
                }
            }
        }

        @Test("a second build into another folder writes byte-identical feeds, dated by their items and never by the clock")
        func determinism() throws {
            let first = try FeedsSite.output()
            let second = try BuiltSite(site: FeedsSite.folder, outputName: "second")
            let files = try FeedsSite.feedFiles()
            #expect(files == [
                "atom.xml", "feed.json", "feed.xml", "feeds.opml",
                "topics/agents/atom.xml", "topics/agents/feed.xml", "topics/other/atom.xml", "topics/other/feed.xml",
                "topics/pruning/atom.xml", "topics/pruning/feed.xml",
            ])
            #expect(SiteInspection.files(in: second.output).filter { files.contains($0) } == files)
            for file in files {
                #expect(try TestPaths.bytes(first + "/" + file) == TestPaths.bytes(second.output + "/" + file), "\(file) differs between builds")
            }

            // Every date a feed prints is an item's; today's date appears nowhere.
            let itemDates = Set(FeedsSite.allFeeds.flatMap(\.items).flatMap { [$0.rfc822, $0.rfc3339] })
            var printed: [String] = []
            for feed in FeedsSite.allFeeds {
                let channel = try #require(try FeedsSite.xml(feed.rssURL).element("channel"))
                printed += [channel.text(of: "pubDate"), channel.text(of: "lastBuildDate")].compactMap { $0 }
                printed += channel.elements("item").compactMap { $0.text(of: "pubDate") }
                let atom = try FeedsSite.xml(feed.atomURL)
                printed += atom.text(of: "updated", namespace: ParsedXML.atomNamespace).map { [$0] } ?? []
                for entry in atom.elements("entry", namespace: ParsedXML.atomNamespace) {
                    printed += ["published", "updated"].compactMap { entry.text(of: $0, namespace: ParsedXML.atomNamespace) }
                }
            }
            #expect(printed.count == 4 * 2 + 10 + 4 + 10 * 2)  // four feeds with ten items in all
            #expect(printed.filter { !itemDates.contains($0) } == [])
            let now = Date()
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            for format in ["yyyy-MM-dd", "dd MMM yyyy"] {
                formatter.dateFormat = format
                let today = formatter.string(from: now)
                for file in files {
                    #expect(!SiteInspection.text(first + "/" + file).contains(today), "\(file) holds today's date \(today)")
                }
            }
        }

        @Test("the paper with no date is in no feed, and the build names its digest in a warning")
        func undatedPaper() throws {
            let built = try FeedsSite.built.get()
            let undated = FeedsSite.folder + "/digests/undated.txt"
            #expect(built.report.diagnostics.map(\.description) == [
                "\(undated):11: warning: the year of this digest (Mar 11) cannot be known: no entry has a date; pin it with digest_dates in quire.yml or a YYYY-MM-DD file-name prefix",
                "\(undated):11: warning: 1 paper listed here has no date of its own and this digest's year is unknown; it is left out of the feeds",
            ])
            #expect(FileManager.default.fileExists(atPath: built.output + "/papers/undated-pruning-paper/index.html"))
            for file in try FeedsSite.feedFiles() {
                let text = SiteInspection.text(built.output + "/" + file)
                #expect(!text.contains("Undated Pruning Paper") && !text.contains("undated-pruning-paper"), "\(file)")
            }
        }

        @Test("the JSON Feed 1.1 has version, title, URLs and the RSS feed's items in the same order")
        func jsonFeed() throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: try FeedsSite.output() + "/feed.json"))
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(json["version"] as? String == "https://jsonfeed.org/version/1.1")
            #expect(json["title"] as? String == FeedsSite.title)
            #expect(json["description"] as? String == FeedsSite.description)
            #expect(json["home_page_url"] as? String == FeedsSite.base)
            #expect(json["feed_url"] as? String == FeedsSite.base + "feed.json")
            #expect(json["language"] as? String == "en-GB")
            #expect((json["authors"] as? [[String: String]]) == [["name": FeedsSite.author]])
            let items = try #require(json["items"] as? [[String: Any]])
            let expected = FeedsSite.siteFeed.items
            #expect(items.map { $0["id"] as? String } == expected.map(\.url))
            let rssLinks = try #require(try FeedsSite.xml(FeedsSite.siteFeed.rssURL).element("channel")).elements("item").map { $0.text(of: "link") }
            #expect(items.map { $0["url"] as? String } == rssLinks)
            for (item, paper) in zip(items, expected) {
                #expect(item["url"] as? String == paper.url)
                #expect(item["title"] as? String == paper.title)
                let abstract = try FeedsSite.pageAbstract(paper)
                #expect(item["content_html"] as? String == abstract)
                #expect(item["date_published"] as? String == paper.rfc3339)
                #expect(item["tags"] as? [String] == paper.topics.map { FeedsSite.topicTitles[$0]! })
                #expect((item["authors"] as? [[String: String]]) == authorName(paper.byline).map { [["name": $0]] })
            }
            #expect(items.first { $0["url"] as? String == FeedsSite.zebra.url }?["summary"] as? String
                    == #"We prune <script>alert("x")</script> weights & keep 'accuracy' > 90% < 100% ]]> with *stars* and [31mcolour codes. See https://example.org/zebra."#)
        }

        @Test("the OPML lists every RSS and Atom feed of the site and its topics, and the JSON Feed, each a file of the output")
        func opml() throws {
            let opml = try FeedsSite.xml(FeedsSite.base + "feeds.opml")
            #expect(opml.name == "opml" && opml.attributes["version"] == "2.0")
            #expect(opml.element("head")?.text(of: "title") == "\(FeedsSite.title): feeds")
            #expect(opml.element("head")?.text(of: "ownerName") == FeedsSite.author)
            let groups = try #require(opml.element("body")).elements("outline")
            #expect(groups.map { $0.attributes["text"] } == ["RSS 2.0", "Atom", "JSON Feed"].map { "\(FeedsSite.title) (\($0))" })
            let feeds = FeedsSite.allFeeds
            #expect(groups.map { $0.elements("outline").compactMap { $0.attributes["xmlUrl"] } } == [
                feeds.map(\.rssURL), feeds.map(\.atomURL), [FeedsSite.base + "feed.json"],
            ])
            #expect(groups.map { $0.elements("outline").compactMap { $0.attributes["title"] } } == [
                feeds.map(\.title), feeds.map(\.title), [FeedsSite.title],
            ])
            #expect(groups.map { $0.elements("outline").compactMap { $0.attributes["htmlUrl"] } } == [
                feeds.map { FeedsSite.base + $0.pagePath }, feeds.map { FeedsSite.base + $0.pagePath }, [FeedsSite.base],
            ])
            let listed = groups.flatMap { $0.elements("outline") }
            #expect(listed.allSatisfy { $0.attributes["type"] == "rss" })
            #expect(listed.map { $0.attributes["version"] } == Array(repeating: "RSS2", count: 4) + Array(repeating: nil, count: 5))
            // Every listed feed is a file of the output, and every feed file of the output is listed.
            let urls = listed.compactMap { $0.attributes["xmlUrl"] }
            for url in urls {
                #expect(FileManager.default.fileExists(atPath: try FeedsSite.file(of: url)), "\(url)")
            }
            #expect(Set(urls.map { String($0.dropFirst(FeedsSite.base.count)) }) == Set(try FeedsSite.feedFiles().filter { $0 != "feeds.opml" }))
        }
    }
}

/// A byline as feeds name it: an organisation is a name, an author count (`3 authors`) is none.
private func authorName(_ byline: String?) -> String? {
    guard let byline, byline.range(of: #"^\d+ authors?$"#, options: .regularExpression) == nil else { return nil }
    return byline
}
