import QuireCore

/// Keeps published addresses working when their page moved: a paper merged into another or
/// retitled (`PaperLedger.redirects`), or a page this build no longer writes (`PublishedPages`).
/// Each old address gets a page that sends the reader on (a meta refresh, `rel=canonical` for
/// search engines, and a visible link), and `_redirects` lists them all for hosts that read one
/// (Netlify, Cloudflare Pages) and answer with a real 301.
///
/// The page is fixed HTML rather than a theme template, so no theme can leave an old address
/// without its way on.
package struct RedirectPages {
    /// An old page and the page it leads to, as site folder paths (`papers/x/`, `digests/y/`).
    package struct Redirect: Hashable, Sendable {
        package var from: String
        package var to: String

        package init(from: String, to: String) {
            self.from = from
            self.to = to
        }
    }

    let redirects: [Redirect]
    let siteURL: SiteURL

    /// Files (retired feed archives) whose old address `_redirects` also lists; each has a
    /// document of its own there (`RetiredArchives`), not a page.
    let files: [Redirect]

    /// `papers` and `pages` together, sorted by old address; `files` only in `_redirects`.
    package init(
        papers: [PaperLedger.Redirect], pages: [Redirect] = [], files: [Redirect] = [], siteURL: SiteURL
    ) {
        let moved = papers.map { Redirect(from: SitePaths.paper($0.from), to: SitePaths.paper($0.to)) }
        self.redirects = (moved + pages).sorted { $0.from < $1.from }
        self.files = files
        self.siteURL = siteURL
    }

    static let redirectsFile = "_redirects"

    /// Writes the pages and, when there is any redirect, `_redirects`.
    package func write(into output: some OutputSink) throws {
        guard !redirects.isEmpty || !files.isEmpty else { return }
        for redirect in redirects {
            try output.write(SitePaths.file(for: redirect.from), text: page(to: siteURL.absolute(redirect.to)))
        }
        var lines = ""
        for redirect in (redirects + files).sorted(by: { $0.from < $1.from }) {
            lines += "\(siteURL.rooted(redirect.from)) \(siteURL.rooted(redirect.to)) 301\n"
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
