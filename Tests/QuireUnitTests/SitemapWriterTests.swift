import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireOutput
@testable import QuirePublishing

@Suite("SitemapWriter")
struct SitemapWriterTests {
    static let siteURL = SiteURL("https://example.org/reading/")!

    static func pages(_ count: Int) -> [PageRenderer.SitemapPage] {
        (0..<count).map {
            PageRenderer.SitemapPage(
                path: "papers/p\($0)/", lastModified: $0 == 4 ? nil : Day(year: 2024, month: 1, day: $0 + 1))
        }
    }

    /// Writes a sitemap into a fresh output folder; returns the folder and the files written.
    static func write(_ pages: [PageRenderer.SitemapPage], urlsPerFile: Int) throws -> (TemporaryFolder, [String]) {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.sub("site"), withIntermediateDirectories: true)
        let output = try OutputWriter(
            outputPath: folder.sub("site/public"), siteDirectory: folder.sub("site"), inputs: [])
        let written = try SitemapWriter(siteURL: siteURL, pages: pages, urlsPerFile: urlsPerFile).write(into: output)
        _ = try output.commit()
        return (folder, written)
    }

    @Test("up to the limit, one sitemap.xml lists every page with absolute URLs and known dates")
    func single() throws {
        let (folder, written) = try Self.write(Self.pages(5), urlsPerFile: 5)
        #expect(written == ["sitemap.xml", "robots.txt"])
        let xml = SiteInspection.text(folder.sub("site/public/sitemap.xml"))
        #expect(xml.contains(#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"#))
        #expect(xml.components(separatedBy: "<url>").count == 6)
        #expect(xml.contains("<loc>https://example.org/reading/papers/p0/</loc>\n    <lastmod>2024-01-01</lastmod>"))
        #expect(xml.contains("<loc>https://example.org/reading/papers/p4/</loc>\n  </url>"))
        let robots = SiteInspection.text(folder.sub("site/public/robots.txt"))
        #expect(robots.hasSuffix("Sitemap: https://example.org/reading/sitemap.xml\n"))
    }

    @Test("past the limit, sitemap.xml is an index over numbered sitemaps dated by their newest page")
    func split() throws {
        let (folder, written) = try Self.write(Self.pages(7), urlsPerFile: 3)
        #expect(written == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml", "robots.txt"])
        let index = SiteInspection.text(folder.sub("site/public/sitemap.xml"))
        #expect(index.contains(#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"#))
        #expect(
            index.contains("<loc>https://example.org/reading/sitemap-2.xml</loc>\n    <lastmod>2024-01-06</lastmod>"))
        #expect(
            index.contains("<loc>https://example.org/reading/sitemap-3.xml</loc>\n    <lastmod>2024-01-07</lastmod>"))
        let third = SiteInspection.text(folder.sub("site/public/sitemap-3.xml"))
        #expect(third.components(separatedBy: "<url>").count == 2)
    }

    @Test("the well-formedness check every sitemap and feed passes names the line of a fault")
    func wellFormedness() {
        #expect(XMLWellFormedness.problem(in: Array("<urlset><url><loc>a &amp; b</loc></url></urlset>\n".utf8)) == nil)
        let crossed = XMLWellFormedness.problem(in: Array("<urlset>\n<url>\n<loc>a</url>\n</loc>\n</urlset>".utf8))
        #expect(crossed?.hasPrefix("line 3:") == true, "\(crossed ?? "nil")")
        #expect(XMLWellFormedness.problem(in: Array("<a>R&D</a>".utf8)) != nil)
        #expect(XMLWellFormedness.problem(in: Array("<a></a><b></b>".utf8)) != nil)
    }
}
