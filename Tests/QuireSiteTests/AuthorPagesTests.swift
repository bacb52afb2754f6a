import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireKit
@testable import QuireLoading

extension RenderingTests {
    /// `sites/authors`: six arXiv papers whose names fold together, one alias and one split namesake.
    @Suite("Author pages, their feeds and the authors' index")
    struct AuthorPagesTests {
        static let built = Result { try BuiltSite(site: TestPaths.fixture("sites/authors")) }

        static func text(_ path: String) throws -> String {
            SiteInspection.text(try built.get().output + "/" + path)
        }

        static func exists(_ path: String) throws -> Bool {
            FileManager.default.fileExists(atPath: try built.get().output + "/" + path)
        }

        @Test("/authors/ lists the four authors with two papers or more by family name, two a page")
        func index() throws {
            let first = try Self.text("authors/index.html")
            let second = try Self.text("authors/page/2/index.html")
            #expect(
                SiteInspection.links(in: first).filter { $0.contains("/authors/") && !$0.hasSuffix("/authors/") }
                    .prefix(2) == ["/people/authors/tri-dao/", "/people/authors/albert-gu/"])
            #expect(first.contains("Tri Dao</a> <span class=\"count\">3 papers</span>"))
            #expect(second.contains("Chris Ré</a> <span class=\"count\">2 papers</span>"))
            #expect(second.contains("Wei Wang</a> <span class=\"count\">2 papers</span>"))
            #expect(try !Self.exists("authors/page/3/index.html"))
            // The namesake kept apart has one paper: no page.
            #expect(try !Self.exists("authors/wei-wang-2/index.html"))
        }

        @Test("an author's page lists their papers newest first, paginated, and links their three feeds")
        func authorPage() throws {
            let first = try Self.text("authors/tri-dao/index.html")
            #expect(
                SiteInspection.cardLinks(in: first) == [
                    "/people/papers/initials-are-names-too/", "/people/papers/state-spaces-revisited/",
                ])
            #expect(
                SiteInspection.cardLinks(in: try Self.text("authors/tri-dao/page/2/index.html")) == [
                    "/people/papers/flash-attention-again/"
                ])
            for feed in ["feed.xml", "atom.xml", "feed.json"] {
                #expect(first.contains("href=\"/people/authors/tri-dao/\(feed)\""))
            }
        }

        @Test("each author has RSS, Atom and JSON feeds of all their papers, and feeds.opml groups them")
        func feeds() throws {
            let output = try Self.built.get().output
            let rss = try ParsedXML.parse(InputFile.read(output + "/authors/tri-dao/feed.xml"), name: "feed.xml")
            #expect(rss.element("channel")?.elements("item").count == 3)
            let atom = try ParsedXML.parse(InputFile.read(output + "/authors/tri-dao/atom.xml"), name: "atom.xml")
            #expect(atom.elements("entry", namespace: ParsedXML.atomNamespace).count == 3)
            #expect(atom.text(of: "title", namespace: ParsedXML.atomNamespace) == "Authors & Co: Tri Dao")
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(InputFile.read(output + "/authors/tri-dao/feed.json")))
                    as? [String: Any])
            #expect((json["items"] as? [Any])?.count == 3)
            // An author's feed item is a summary and a link, not the full content (the site's
            // feed has that): a site has thousands of authors with three feeds each.
            let entries = atom.elements("entry", namespace: ParsedXML.atomNamespace)
            #expect(entries.allSatisfy { $0.element("content", namespace: ParsedXML.atomNamespace) == nil })
            #expect(entries.allSatisfy { $0.text(of: "summary", namespace: ParsedXML.atomNamespace)?.isEmpty == false })
            let items = try #require(json["items"] as? [[String: Any]])
            #expect(items.allSatisfy { $0["content_html"] == nil && ($0["content_text"] as? String)?.isEmpty == false })
            #expect(
                rss.element("channel")?.elements("item").allSatisfy {
                    $0.text(of: "description")?.contains("<p>") == false
                } == true)
            let opml = try ParsedXML.parse(InputFile.read(output + "/feeds.opml"), name: "feeds.opml")
            let outlines = try #require(opml.element("body")?.elements("outline"))
            let group = try #require(outlines.last)
            #expect(group.attributes["text"] == "Authors")
            #expect(
                group.elements("outline").map { $0.attributes["xmlUrl"] ?? "" } == [
                    "https://example.org/people/authors/tri-dao/atom.xml",
                    "https://example.org/people/authors/albert-gu/atom.xml",
                    "https://example.org/people/authors/chris-re/atom.xml",
                    "https://example.org/people/authors/wei-wang/atom.xml",
                ])
            #expect(outlines.dropLast().allSatisfy { $0.attributes["xmlUrl"]?.contains("/authors/") == false })
        }

        @Test("paper pages link the names that have a page, an alias to its author, a namesake apart to none")
        func paperLinks() throws {
            #expect(
                try Self.text("papers/initials-are-names-too/index.html").contains(
                    "<a href=\"/people/authors/tri-dao/\">T. Dao</a>, <a href=\"/people/authors/chris-re/\">Chris Ré</a>"
                ))
            let namesake = try Self.text("papers/a-paper-by-another-wei-wang/index.html")
            #expect(namesake.contains("<p class=\"authors\">Wei Wang</p>"))
            #expect(
                try Self.text("topics/attention/index.html").contains(
                    "<p class=\"card-authors\"><a href=\"/people/authors/wei-wang/\">Wei Wang</a>, <a href=\"/people/authors/albert-gu/\">Albert Gu</a></p>"
                ))
        }

        @Test("author pages are in the sitemap and their slugs in the ledger")
        func sitemapAndLedger() throws {
            let sitemap = try Self.text("sitemap.xml")
            for path in ["authors/", "authors/page/2/", "authors/tri-dao/", "authors/tri-dao/page/2/"] {
                #expect(sitemap.contains("<loc>https://example.org/people/\(path)</loc>"))
            }
            let (ledger, problems) = LedgerFile.load(path: try Self.built.get().ledger)
            #expect(problems.isEmpty)
            #expect(
                ledger.authors.map { "\($0.slug) \($0.key)" } == [
                    "albert-gu albert gu", "chris-re chris ré", "tri-dao tri dao", "wei-wang wei wang",
                ])
        }
    }
}
