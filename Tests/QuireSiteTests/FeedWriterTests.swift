import Foundation
import QuireTestSupport
import Testing

@testable import QuireKit
@testable import QuirePublishing

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
        /// RFC 3339 and RFC 822 forms of the day the paper was first listed.
        var rfc3339: String
        var rfc822: String
        /// Topic slugs, in the configuration's order.
        var topics: [String]
        var byline: String? = nil
        /// The paper's own publication date as feed items' content states it.
        var published: String? = nil

        /// The item's content: the publication date, then the abstract exactly as the paper's page holds it.
        func content() throws -> String {
            (published.map { "<p>Published \($0).</p>\n" } ?? "") + (try FeedsSite.pageAbstract(self))
        }

        var url: String { base + "papers/\(slug)/" }
    }

    // Titles, abstracts and organisation names in the digests also hold control characters.
    static let agents = Paper(
        title: "Agents & <script>alert('t')</script> Planning", slug: "agents-script-alert-t-script-planning",
        rfc3339: "2024-06-12T00:00:00Z", rfc822: "Wed, 12 Jun 2024 00:00:00 +0000", topics: ["agents"],
        byline: #"Acme & <Labs> "R&D" 'Intl' ]]>"#, published: "Jun 12, 2024")
    // Listed before `agents` in the same digest: the source's order holds within a day.
    static let zebra = Paper(
        title: #"Zebra Pruning: "Quoted" & 'Single' <b>Bold</b> ]]> Edition"#,
        slug: "zebra-pruning-quoted-single-b-bold-b-edition",
        rfc3339: "2024-06-12T00:00:00Z", rfc822: "Wed, 12 Jun 2024 00:00:00 +0000", topics: ["pruning"])
    // Published Jun 10, first listed Jun 12: the listing dates the item.
    static let collaborative = Paper(
        title: "Collaborative Agents Prune Themselves", slug: "collaborative-agents-prune-themselves",
        rfc3339: "2024-06-12T00:00:00Z", rfc822: "Wed, 12 Jun 2024 00:00:00 +0000",
        topics: ["pruning", "agents"], byline: "3 authors", published: "Jun 10, 2024")
    // No date of its own; listed on Jun 5 and again on Jun 12: the first listing counts.
    static let revisited = Paper(
        title: "Pruning Revisited", slug: "pruning-revisited",
        rfc3339: "2024-06-05T00:00:00Z", rfc822: "Wed, 05 Jun 2024 00:00:00 +0000", topics: ["pruning"])
    static let quantization = Paper(
        title: "Quantization Without Tears", slug: "quantization-without-tears",
        rfc3339: "2024-06-05T00:00:00Z", rfc822: "Wed, 05 Jun 2024 00:00:00 +0000", topics: ["other"],
        byline: "1 author", published: "Jun 3, 2024")
    static let memory = Paper(
        title: "Agent Memory", slug: "agent-memory",
        rfc3339: "2024-06-05T00:00:00Z", rfc822: "Wed, 05 Jun 2024 00:00:00 +0000", topics: ["agents"],
        byline: "4 authors", published: "May 30, 2024")
    // In the archives only: `Pruning Old Weights` and `Agents at Scale`, each the fourth newest
    // listing of its topic with feed_limit 3, and `Undated Pruning Paper`, whose digest's year
    // cannot be known, last of all.

    struct Feed {
        var title: String
        var description: String
        var pagePath: String
        var items: [Paper]
        /// Whether older items are in archives, linked by `prev-archive`.
        var hasArchives = true

        var rssURL: String { base + pagePath + "feed.xml" }
        var atomURL: String { base + pagePath + "atom.xml" }
    }

    static let siteFeed = Feed(
        title: title, description: description, pagePath: "", items: [zebra, agents, collaborative])
    /// Per topic slug, in the configuration's order, then the fallback topic.
    static let topicFeeds: [(slug: String, feed: Feed)] = [
        (
            "pruning",
            Feed(
                title: "\(title): \(topicTitles["pruning"]!)", description: "Cutting weights & <neurons>.",
                pagePath: "topics/pruning/", items: [zebra, collaborative, revisited])
        ),
        (
            "agents",
            Feed(
                title: "\(title): Agents 'n' Tools", description: "Papers on Agents 'n' Tools from \(title).",
                pagePath: "topics/agents/", items: [agents, collaborative, memory])
        ),
        (
            "other",
            Feed(
                title: "\(title): Other", description: "Papers that match none of the topics.",
                pagePath: "topics/other/", items: [quantization], hasArchives: false)
        ),
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
        let start = try #require(
            page.range(of: "<h2 id=\"abstract-heading\">Abstract</h2>\n"), "\(paper.slug) has no abstract")
        let end = try #require(page.range(of: "\n</section>", range: start.upperBound..<page.endIndex))
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
            // Only `self`: RSS has no archives (they are the Atom feed's).
            #expect(
                channel.elements("link", namespace: ParsedXML.atomNamespace).map(\.attributes) == [
                    ["href": feed.rssURL, "rel": "self", "type": "application/rss+xml"]
                ])

            let items = channel.elements("item")
            #expect(items.map { $0.text(of: "title") } == feed.items.map(\.title), "\(feed.rssURL)")
            for (item, paper) in zip(items, feed.items) {
                #expect(item.text(of: "link") == paper.url)
                let guid = try #require(item.element("guid"))
                #expect(guid.text == paper.url)
                #expect(guid.attributes == ["isPermaLink": "true"])
                #expect(item.text(of: "pubDate") == paper.rfc822)
                #expect(item.elements("category").map(\.text) == paper.topics.map { FeedsSite.topicTitles[$0]! })
                #expect(
                    item.elements("category").map { $0.attributes["domain"] }
                        == paper.topics.map { FeedsSite.base + "topics/\($0)/" })
                #expect(
                    item.elements("creator", namespace: ParsedXML.dublinCoreNamespace).map(\.text)
                        == (authorName(paper.byline).map { [$0] } ?? []))
                #expect(item.text(of: "description") == (try paper.content()), "\(paper.slug)")
            }
        }

        /// Checks an Atom 1.0 feed, head and entries, against what it must hold.
        private func expectAtom(_ feed: FeedsSite.Feed) throws {
            let atom = try FeedsSite.xml(feed.atomURL)
            #expect(atom.name == "feed" && atom.namespace == ParsedXML.atomNamespace)
            #expect(atom.attributes["xml:lang"] == "en-GB")
            func child(_ element: ParsedXML.Element, _ name: String) -> String? {
                element.text(of: name, namespace: ParsedXML.atomNamespace)
            }
            #expect(child(atom, "id") == feed.atomURL)
            #expect(child(atom, "title") == feed.title)
            #expect(child(atom, "subtitle") == feed.description)
            #expect(child(atom, "updated") == feed.items[0].rfc3339)
            #expect(
                atom.elements("link", namespace: ParsedXML.atomNamespace).map(\.attributes) == [
                    ["rel": "alternate", "type": "text/html", "href": FeedsSite.base + feed.pagePath],
                    ["rel": "self", "type": "application/atom+xml", "href": feed.atomURL],
                ]
                    + (feed.hasArchives
                        ? [
                            [
                                "rel": "prev-archive", "type": "application/atom+xml",
                                "href": feed.atomURL.replacingOccurrences(
                                    of: "atom.xml", with: "atom-archive-\(feed.pagePath.isEmpty ? 2 : 1).xml"),
                            ]
                        ] : []))
            #expect(
                atom.element("author", namespace: ParsedXML.atomNamespace).flatMap { child($0, "name") }
                    == FeedsSite.author)
            let generator = try #require(atom.element("generator", namespace: ParsedXML.atomNamespace))
            #expect(generator.text == "Quire")
            #expect(generator.attributes == ["uri": FeedWriter.generatorURI])

            let entries = atom.elements("entry", namespace: ParsedXML.atomNamespace)
            #expect(entries.map { child($0, "title") } == feed.items.map(\.title), "\(feed.atomURL)")
            for (entry, paper) in zip(entries, feed.items) {
                #expect(child(entry, "id") == paper.url)
                #expect(child(entry, "published") == paper.rfc3339)
                #expect(child(entry, "updated") == paper.rfc3339)
                #expect(
                    entry.elements("link", namespace: ParsedXML.atomNamespace).map(\.attributes) == [
                        ["rel": "alternate", "type": "text/html", "href": paper.url]
                    ])
                #expect(
                    entry.elements("category", namespace: ParsedXML.atomNamespace).map(\.attributes)
                        == paper.topics.map {
                            ["term": $0, "label": FeedsSite.topicTitles[$0]!, "scheme": FeedsSite.base + "topics/"]
                        })
                #expect(
                    entry.elements("author", namespace: ParsedXML.atomNamespace).map { child($0, "name") }
                        == (authorName(paper.byline).map { [$0] } ?? []))
                let content = try #require(entry.element("content", namespace: ParsedXML.atomNamespace))
                #expect(content.attributes == ["type": "html"])
                #expect(content.text == (try paper.content()), "\(paper.slug)")
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
                    #expect(
                        item.elements("category").contains {
                            $0.attributes["domain"] == FeedsSite.base + "topics/\(slug)/"
                        },
                        "\(item.text(of: "title") ?? "") in the \(slug) feed")
                }
            }
        }

        @Test(
            "& < > \" ' and ]]> in titles, abstracts and organisation names read back unchanged; control characters are dropped"
        )
        func escaping() throws {
            // The inputs do hold the control characters the feeds must drop; the configuration's
            // are left out as it is read (with a warning), the digests' when their text is.
            let (model, _, _) = SiteBuilder(
                options: BuildOptions(siteDirectory: FeedsSite.folder, themeDirectory: TestPaths.theme)
            ).load()
            let config = try #require(model).config
            #expect(config.title == FeedsSite.title)
            #expect(config.author == FeedsSite.author)
            #expect(config.topics[0].title == FeedsSite.topicTitles["pruning"]!)
            #expect(SiteInspection.text(FeedsSite.folder + "/quire.yml").contains(#"end\x01\b\e""#))
            let digest = SiteInspection.text(FeedsSite.folder + "/digests/2024-06-12-week-24.txt")
            #expect(digest.contains("]]> Edition\u{1}\n"))
            #expect(digest.contains("*stars*\u{8} and \u{1B}[31mcolour"))
            #expect(digest.contains("'Intl' ]]>\u{1}\u{1B}\n"))

            // Read back, every special character is there and the control characters are not.
            let zebraHTML =
                #"<p>We prune &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; weights &amp; keep 'accuracy' &gt; 90% &lt; 100% ]]&gt; with *stars* and [31mcolour codes. See <a href="https://example.org/zebra">https://example.org/zebra</a>.</p>"#
                + "\n"
            #expect(try FeedsSite.pageAbstract(FeedsSite.zebra) == zebraHTML)
            let channel = try #require(try FeedsSite.xml(FeedsSite.siteFeed.rssURL).element("channel"))
            let zebra = try #require(channel.elements("item").first { $0.text(of: "link") == FeedsSite.zebra.url })
            #expect(zebra.text(of: "title") == #"Zebra Pruning: "Quoted" & 'Single' <b>Bold</b> ]]> Edition"#)
            #expect(zebra.text(of: "description") == zebraHTML)
            let agents = try #require(channel.elements("item").first { $0.text(of: "link") == FeedsSite.agents.url })
            #expect(
                agents.text(of: "creator", namespace: ParsedXML.dublinCoreNamespace)
                    == #"Acme & <Labs> "R&D" 'Intl' ]]>"#)
            #expect(channel.text(of: "title") == #"Notes & <Papers> "Q" 'A' ]]> end"#)
            let opml = try FeedsSite.xml(FeedsSite.base + "feeds.opml")
            #expect(opml.element("body")?.children.first?.attributes["text"] == #"Notes & <Papers> "Q" 'A' ]]> end"#)

            // In the raw bytes of every feed: no control character, no markup from a text, no `]]>`.
            let output = try FeedsSite.output()
            for file in try FeedsSite.feedFiles() {
                let bytes = try TestPaths.bytes(output + "/" + file)
                #expect(!bytes.contains { $0 < 0x20 && $0 != 0x0A }, "\(file) holds a control character")
                #expect(String(validating: bytes, as: UTF8.self) != nil, "\(file) is not UTF-8")
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(
                    !text.contains("\\u000") && !text.contains("\\u001"), "\(file) holds an escaped control character")
                guard !file.hasSuffix(".json") else { continue }
                _ = try ParsedXML.parse(bytes, name: file)
                for markup in [
                    "<script", "<b>", "<Papers>", "<Labs>", "<Sparsity>", "<Bob>", "<feed>", "<neurons>", "]]>",
                ] {
                    #expect(!text.contains(markup), "\(file) holds \(markup) unescaped")
                }
            }
        }

        @Test(
            "a second build into another folder writes byte-identical feeds, dated by their items and never by the clock"
        )
        func determinism() throws {
            let first = try FeedsSite.output()
            let second = try BuiltSite(site: FeedsSite.folder, outputName: "second")
            let files = try FeedsSite.feedFiles()
            #expect(
                files == [
                    "atom-archive-1.xml", "atom-archive-2.xml", "atom.xml", "feed.json", "feed.xml", "feeds.opml",
                    "topics/agents/atom-archive-1.xml", "topics/agents/atom.xml", "topics/agents/feed.xml",
                    "topics/other/atom.xml", "topics/other/feed.xml",
                    "topics/pruning/atom-archive-1.xml", "topics/pruning/atom.xml", "topics/pruning/feed.xml",
                ])
            #expect(SiteInspection.files(in: second.output).filter { files.contains($0) } == files)
            for file in files {
                #expect(
                    try TestPaths.bytes(first + "/" + file) == TestPaths.bytes(second.output + "/" + file),
                    "\(file) differs between builds")
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
                    printed += ["published", "updated"].compactMap {
                        entry.text(of: $0, namespace: ParsedXML.atomNamespace)
                    }
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
                    #expect(
                        !SiteInspection.text(first + "/" + file).contains(today), "\(file) holds today's date \(today)")
                }
            }
        }

        @Test(
            "a digest whose year cannot be known is reported once, and its paper is the last entry of the Atom archives"
        )
        func undatedPaper() throws {
            let built = try FeedsSite.built.get()
            let undated = FeedsSite.folder + "/digests/undated.txt"
            let config = FeedsSite.folder + "/quire.yml"
            let controls = "holds control characters, which no page or feed can show; they are left out"
            #expect(
                built.report.diagnostics.map(\.description) == [
                    "\(config):3: warning: 'title' \(controls)", "\(config):4: warning: 'description' \(controls)",
                    "\(config):7: warning: 'author' \(controls)", "\(config):12: warning: 'title' \(controls)",
                    "\(undated):11: warning: the year of this digest (Mar 11) cannot be known: no entry has a date, and none of its papers has a date elsewhere in the site; pin it with digest_dates in quire.yml or a YYYY-MM-DD file-name prefix",
                ])
            for oldest in ["atom-archive-1.xml", "topics/pruning/atom-archive-1.xml"] {
                let feed = try FeedsSite.xml(FeedsSite.base + oldest)
                let last = try #require(feed.elements("entry", namespace: ParsedXML.atomNamespace).last)
                #expect(
                    last.text(of: "id", namespace: ParsedXML.atomNamespace)
                        == FeedsSite.base + "papers/undated-pruning-paper/", "\(oldest)")
                #expect(last.text(of: "published", namespace: ParsedXML.atomNamespace) == nil)
                // An archive entry is short: in the site's archive a summary, not the content; in
                // a topic's, neither.
                #expect(last.element("content", namespace: ParsedXML.atomNamespace) == nil)
                #expect(
                    last.text(of: "summary", namespace: ParsedXML.atomNamespace)?.isEmpty
                        == (oldest.hasPrefix("topics/") ? nil : false))
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
            #expect(json["next_url"] == nil)  // the archives are the Atom feed's
            #expect(json["language"] as? String == "en-GB")
            #expect((json["authors"] as? [[String: String]]) == [["name": FeedsSite.author]])
            let items = try #require(json["items"] as? [[String: Any]])
            let expected = FeedsSite.siteFeed.items
            #expect(items.map { $0["id"] as? String } == expected.map(\.url))
            let rssLinks = try #require(try FeedsSite.xml(FeedsSite.siteFeed.rssURL).element("channel")).elements(
                "item"
            ).map { $0.text(of: "link") }
            #expect(items.map { $0["url"] as? String } == rssLinks)
            for (item, paper) in zip(items, expected) {
                #expect(item["url"] as? String == paper.url)
                #expect(item["title"] as? String == paper.title)
                #expect(item["content_html"] as? String == (try paper.content()))
                #expect(item["date_published"] as? String == paper.rfc3339)
                #expect(item["tags"] as? [String] == paper.topics.map { FeedsSite.topicTitles[$0]! })
                #expect((item["authors"] as? [[String: String]]) == authorName(paper.byline).map { [["name": $0]] })
            }
            #expect(
                items.first { $0["url"] as? String == FeedsSite.zebra.url }?["summary"] as? String
                    == #"We prune <script>alert("x")</script> weights & keep 'accuracy' > 90% < 100% ]]> with *stars* and [31mcolour codes. See https://example.org/zebra."#
            )
        }

        @Test(
            "the OPML lists each feed of the site and its topics once, by its Atom document, each a file of the output")
        func opml() throws {
            let opml = try FeedsSite.xml(FeedsSite.base + "feeds.opml")
            #expect(opml.name == "opml" && opml.attributes["version"] == "2.0")
            #expect(opml.element("head")?.text(of: "title") == "\(FeedsSite.title): feeds")
            #expect(opml.element("head")?.text(of: "ownerName") == FeedsSite.author)
            let listed = try #require(opml.element("body")).elements("outline")
            let feeds = FeedsSite.allFeeds
            #expect(listed.map { $0.attributes["xmlUrl"] } == feeds.map(\.atomURL))
            #expect(listed.map { $0.attributes["title"] } == feeds.map(\.title))
            #expect(listed.map { $0.attributes["htmlUrl"] } == feeds.map { FeedsSite.base + $0.pagePath })
            #expect(listed.allSatisfy { $0.attributes["type"] == "rss" && $0.attributes["version"] == nil })
            for url in listed.compactMap({ $0.attributes["xmlUrl"] }) {
                #expect(FileManager.default.fileExists(atPath: try FeedsSite.file(of: url)), "\(url)")
            }
        }
    }
}

/// A byline as feeds name it: an organisation is a name, an author count (`3 authors`) is none.
private func authorName(_ byline: String?) -> String? {
    guard let byline, byline.range(of: #"^\d+ authors?$"#, options: .regularExpression) == nil else { return nil }
    return byline
}
