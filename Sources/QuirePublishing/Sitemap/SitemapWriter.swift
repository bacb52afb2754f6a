import QuireCore

/// Writes `sitemap.xml` (https://www.sitemaps.org/protocol.html) with the absolute URL of every
/// page and, where known, the date of its newest content; past 50,000 URLs, `sitemap.xml` becomes
/// a sitemap index over `sitemap-1.xml`, `sitemap-2.xml`…. Also writes `robots.txt` naming it.
public struct SitemapWriter {
    /// The protocol's limit of URLs per sitemap file.
    public static let maxURLsPerFile = 50_000
    static let namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"

    let siteURL: SiteURL
    let pages: [PageRenderer.SitemapPage]
    let urlsPerFile: Int

    public init(siteURL: SiteURL, pages: [PageRenderer.SitemapPage], urlsPerFile: Int = SitemapWriter.maxURLsPerFile) {
        self.siteURL = siteURL
        self.pages = pages
        self.urlsPerFile = urlsPerFile
    }

    /// Writes the sitemap files and `robots.txt`; returns the paths written.
    @discardableResult
    public func write(into output: some OutputSink) throws -> [String] {
        var written: [String] = []
        func write(_ path: String, _ bytes: [UInt8]) throws {
            if let problem = XMLWellFormedness.problem(in: bytes) {
                throw BuildFailure("internal error: \(path) is not well-formed XML (\(problem))")
            }
            try output.write(path, bytes)
            written.append(path)
        }
        if pages.count <= urlsPerFile {
            try write("sitemap.xml", urlSet(pages[...]))
        } else {
            let parts = stride(from: 0, to: pages.count, by: urlsPerFile).map {
                pages[$0..<min($0 + urlsPerFile, pages.count)]
            }
            let documents = Array(parts.enumerated()).parallelMap { index, part in
                ("sitemap-\(index + 1).xml", urlSet(part))
            }
            for (path, bytes) in documents { try write(path, bytes) }
            try write("sitemap.xml", index(parts))
        }
        try output.write("robots.txt", robots())
        written.append("robots.txt")
        return written
    }

    func urlSet(_ pages: ArraySlice<PageRenderer.SitemapPage>) -> [UInt8] {
        let xml = XMLDocumentWriter()
        xml.start("urlset", ["xmlns": Self.namespace])
        for page in pages {
            xml.start("url")
            xml.element("loc", siteURL.absolute(page.path))
            if let date = page.lastModified { xml.element("lastmod", date.description) }
            xml.end()
        }
        xml.end()
        return xml.finish()
    }

    func index(_ parts: [ArraySlice<PageRenderer.SitemapPage>]) -> [UInt8] {
        let xml = XMLDocumentWriter()
        xml.start("sitemapindex", ["xmlns": Self.namespace])
        for (number, part) in parts.enumerated() {
            xml.start("sitemap")
            xml.element("loc", siteURL.absolute("sitemap-\(number + 1).xml"))
            if let date = part.compactMap(\.lastModified).max() { xml.element("lastmod", date.description) }
            xml.end()
        }
        xml.end()
        return xml.finish()
    }

    func robots() -> [UInt8] {
        var lines = [
            "# Written by Quire.", "User-agent: *", "Allow: /", "", "Sitemap: \(siteURL.absolute("sitemap.xml"))",
        ]
        if siteURL.basePath != "/" {
            lines.insert(
                "# Crawlers read robots.txt only at the root of a host: copy these lines to \(siteURL.origin)/robots.txt.",
                at: 1)
        }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }
}
