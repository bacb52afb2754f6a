import QuireCore

/// Keeps the published address of a paper the curator has hidden (`hide:`): a short page that
/// says the curator removed it from the site and links to its arXiv page. Fixed HTML, as the
/// redirect pages are, so no theme can leave a published address without its answer.
package struct RemovalPages {
    let removed: [RemovedPaper]
    let siteURL: SiteURL
    let siteTitle: String

    package init(removed: [RemovedPaper], siteURL: SiteURL, siteTitle: String) {
        self.removed = removed
        self.siteURL = siteURL
        self.siteTitle = siteTitle
    }

    package func write(into output: some OutputSink) throws {
        for paper in removed {
            try output.write(SitePaths.file(for: SitePaths.paper(paper.slug)), text: page(paper))
        }
    }

    /// The page at a removed paper's address.
    func page(_ paper: RemovedPaper) -> String {
        let title = HTMLEscaping.escaped(paper.title)
        let site = HTMLEscaping.escaped(siteTitle)
        let arxiv: String
        if let url = paper.arxivURL {
            arxiv = " It is on arXiv: <a href=\"\(HTMLEscaping.escaped(url))\">\(HTMLEscaping.escaped(url))</a>."
        } else {
            // No id known: arXiv's title search, as paper pages without one link it.
            let search = PageContexts.searchLinks(title: paper.title)[0]["url"]
            guard case .string(let url)? = search else { preconditionFailure("a search link without a URL") }
            arxiv = " <a href=\"\(HTMLEscaping.escaped(url))\">Search arXiv for its title</a>."
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Removed: \(title) · \(site)</title>
            <meta name="robots" content="noindex">
            </head>
            <body>
            <main>
            <h1>\(title)</h1>
            <p>The curator has removed this paper from <a href="\(HTMLEscaping.escaped(siteURL.rooted(SitePaths.home)))">\(site)</a>.\(arxiv)</p>
            </main>
            </body>
            </html>

            """
    }
}
