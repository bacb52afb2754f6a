import QuireCore

/// Keeps every page address an earlier build published answering: the pages other than papers'
/// that the ledger records, or that the previous output held, and that this build no longer
/// writes each get a redirect to the nearest page it does write. A digest's old page leads to the
/// same digest under its new slug (earlier versions kept a file name's underscores) or its new
/// file name (found by what it lists); any other page to its nearest listing page up the path
/// (`dates/2025/07/16/` to `dates/2025/07/`, else `dates/2025/`, else `dates/`), and at last the
/// home page. Papers are left to the ledger's own entries (`PaperLedger.redirects`).
package struct PublishedPages {
    /// Each page no longer written, and the page it now leads to; sorted by the old path.
    package private(set) var redirects: [RedirectPages.Redirect] = []
    /// Each RSS or JSON Feed archive of an earlier version, and the Atom document that took its
    /// place; sorted by the old path.
    package private(set) var retiredArchives: [RedirectPages.Redirect] = []
    /// Every page published so far, this build's included, for the ledger; sorted by path.
    package private(set) var record: [PaperLedger.Page] = []
    /// Whether `record` differs from what the ledger held.
    package private(set) var changed = false

    /// - Parameters:
    ///   - writing: the folder paths of every page this build writes (`PageRenderer.sitemapPages`
    ///     and the search page), and of the theme's files that are `…/index.html`; and the paths
    ///     of its Atom feed documents.
    ///   - earlier: the pages the ledger records.
    ///   - previousOutput: the folder paths of the pages the output held before this build, and
    ///     the paths of its retired feed archives.
    package init(
        model: SiteModel, writing: Set<String>, earlier: [PaperLedger.Page], previousOutput: [String]
    ) {
        var pages: [String: String?] = [:]  // path → listing
        for page in earlier { pages[page.path] = page.listing }
        for path in previousOutput where Self.isRecorded(path) && pages[path] == nil { pages[path] = .some(nil) }
        // This build's digests, with what each lists now.
        var listings: [String: [String]] = [:]  // listing → digest paths
        for digest in model.digests {
            let path = SitePaths.digest(digest.slug)
            let listing = PaperLedger.Page.listing(of: digest.papers.map { model.papers[$0].slug })
            listings[listing, default: []].append(path)
            pages[path] = listing
        }
        for path in writing where Self.isRecorded(path) && pages[path] == nil { pages[path] = .some(nil) }

        let earlierPaths = Set(earlier.map(\.path))
        // The slug earlier versions gave each digest, when it differs from its own.
        var slugsBeforeDashes: [String: String] = [:]
        for digest in model.digests where digest.slugBeforeDashes != digest.slug {
            slugsBeforeDashes[digest.slugBeforeDashes] = slugsBeforeDashes[digest.slugBeforeDashes] ?? digest.slug
        }
        for path in pages.keys.sorted() where !writing.contains(path) {
            if SitePaths.isRetiredArchive(path) {
                retiredArchives.append(RedirectPages.Redirect(from: path, to: Self.atomTarget(of: path, in: writing)))
                continue
            }
            let target =
                Self.digestTarget(
                    path, renamed: slugsBeforeDashes, pages: pages, listings: listings, earlier: earlierPaths)
                ?? Self.nearest(above: path, in: writing)
            redirects.append(RedirectPages.Redirect(from: path, to: target))
        }
        record = pages.keys.sorted().map { PaperLedger.Page(path: $0, listing: pages[$0] ?? nil) }
        changed = record != earlier
    }

    /// Pages worth recording: folders, neither the home page nor a paper's; and retired feed archives.
    package static func isRecorded(_ path: String) -> Bool {
        (!path.isEmpty && path.hasSuffix("/") && !path.hasPrefix("papers/")) || SitePaths.isRetiredArchive(path)
    }

    /// The Atom document a retired archive leads to: its Atom archive of the same number, else its
    /// feed's current Atom document, else the site's.
    static func atomTarget(of path: String, in writing: Set<String>) -> String {
        let archive = SitePaths.atomArchive(replacing: path)
        if writing.contains(archive) { return archive }
        let current =
            String(archive[..<(archive.lastIndex(of: "/").map { archive.index(after: $0) } ?? archive.startIndex)])
            + "atom.xml"
        return writing.contains(current) ? current : "atom.xml"
    }

    /// Where an old digest page leads: the digest whose file earlier versions named so, else the
    /// one that lists what it (or its twin without underscores) listed, one whose page was not
    /// published before if several do.
    private static func digestTarget(
        _ path: String, renamed: [String: String], pages: [String: String?], listings: [String: [String]],
        earlier: Set<String>
    ) -> String? {
        let slug = path.dropFirst(SitePaths.digests.count).dropLast()
        guard path.hasPrefix(SitePaths.digests), !slug.isEmpty, !slug.contains("/") else { return nil }
        if let slug = renamed[String(slug)] { return SitePaths.digest(slug) }
        let twin = SitePaths.digest(Slug.make(from: String(slug), fallback: "digest"))
        guard let listing = (pages[path] ?? nil) ?? (pages[twin] ?? nil), let candidates = listings[listing] else {
            return nil
        }
        return candidates.first { !earlier.contains($0) } ?? candidates.first
    }

    /// The nearest folder above `path` that this build writes; the home page at last.
    static func nearest(above path: String, in writing: Set<String>) -> String {
        var folder = Substring(path.dropLast())
        while let slash = folder.lastIndex(of: "/") {
            folder = folder[..<slash]
            let candidate = folder + "/"
            if writing.contains(String(candidate)) { return String(candidate) }
        }
        return SitePaths.home
    }
}
