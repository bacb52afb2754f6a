import QuireCore

/// Keeps the published addresses of papers that moved (two papers merged, a title fixed)
/// working: a page at each old address that sends the reader on (a meta refresh, `rel=canonical`
/// for search engines, and a visible link), and a `_redirects` file for hosts that read one
/// (Netlify, Cloudflare Pages) and answer with a real 301.
///
/// The page is fixed HTML rather than a theme template, so no theme can leave an old address
/// without its way on.
package struct RedirectPages {
    let redirects: [PaperLedger.Redirect]
    let siteURL: SiteURL

    package init(redirects: [PaperLedger.Redirect], siteURL: SiteURL) {
        self.redirects = redirects
        self.siteURL = siteURL
    }

    static let redirectsFile = "_redirects"

    /// Writes the pages and, when there is any redirect, `_redirects`.
    package func write(into output: some OutputSink) throws {
        guard !redirects.isEmpty else { return }
        var lines = ""
        for redirect in redirects {
            try output.write(
                SitePaths.file(for: SitePaths.paper(redirect.from)),
                text: page(to: siteURL.absolute(SitePaths.paper(redirect.to))))
            lines +=
                "\(siteURL.rooted(SitePaths.paper(redirect.from))) \(siteURL.rooted(SitePaths.paper(redirect.to))) 301\n"
        }
        try output.write(Self.redirectsFile, text: lines)
    }

    /// The page at an old address. Slugs are `a-z`, `0-9` and `-`, and a base URL holds no quote
    /// or angle bracket, but `&` is escaped all the same.
    func page(to target: String) -> String {
        let url = target.replacingOccurrences(of: "&", with: "&amp;")
        return """
            <!DOCTYPE html>
            <html>
            <head>
            <meta charset="utf-8">
            <title>Moved</title>
            <link rel="canonical" href="\(url)">
            <meta name="robots" content="noindex">
            <meta http-equiv="refresh" content="0; url=\(url)">
            </head>
            <body>
            <p>This page has moved to <a href="\(url)">\(url)</a>.</p>
            </body>
            </html>

            """
    }
}
