import QuireCore

/// The RSS and JSON Feed archives that earlier versions of Quire wrote, kept answering at their
/// published addresses: each is now a feed with no entries whose description and link name the
/// Atom document that holds them (archives are Atom only, RFC 5005's format). Hosts that read
/// `_redirects` send the old address on with a 301 instead (`RedirectPages` lists them).
package struct RetiredArchives {
    let archives: [RedirectPages.Redirect]
    let siteURL: SiteURL
    let siteTitle: String

    /// `archives`: each old address and the Atom document that took its place.
    package init(archives: [RedirectPages.Redirect], siteURL: SiteURL, siteTitle: String) {
        self.archives = archives
        self.siteURL = siteURL
        self.siteTitle = siteTitle
    }

    package func write(into output: some OutputSink) throws {
        for archive in archives {
            let target = siteURL.absolute(archive.to)
            let description = "This archive is now published in Atom: \(target)"
            if archive.from.hasSuffix(".json") {
                try output.write(archive.from, jsonFeed(at: siteURL.absolute(archive.from), description: description))
            } else {
                let bytes = rss(target: target, description: description)
                if let problem = XMLWellFormedness.problem(in: bytes) {
                    throw BuildFailure("internal error: \(archive.from) is not well-formed XML (\(problem))")
                }
                try output.write(archive.from, bytes)
            }
        }
    }

    /// RSS 2.0 with a channel and no items; the Atom document as an `atom:link`.
    func rss(target: String, description: String) -> [UInt8] {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>\
            <title>\(HTMLEscaping.escaped(siteTitle))</title>\
            <link>\(HTMLEscaping.escaped(siteURL.absolute(SitePaths.home)))</link>\
            <description>\(HTMLEscaping.escaped(description))</description>\
            <atom:link rel="alternate" type="application/atom+xml" href="\(HTMLEscaping.escaped(target))"/>\
            </channel></rss>

            """
        return Array(text.utf8)
    }

    /// JSON Feed 1.1 with no items.
    func jsonFeed(at url: String, description: String) -> [UInt8] {
        var bytes = Array(#"{"version":"https://jsonfeed.org/version/1.1","title":"#.utf8)
        JSONText.appendString(siteTitle, to: &bytes)
        bytes += #","home_page_url":"#.utf8
        JSONText.appendString(siteURL.absolute(SitePaths.home), to: &bytes)
        bytes += #","feed_url":"#.utf8
        JSONText.appendString(url, to: &bytes)
        bytes += #","description":"#.utf8
        JSONText.appendString(description, to: &bytes)
        bytes += #","items":[]}"#.utf8
        bytes.append(0x0A)
        return bytes
    }
}
