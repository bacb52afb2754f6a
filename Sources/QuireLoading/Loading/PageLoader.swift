import Foundation
import Yams
import QuireCore

/// Reads `SITE_DIR/pages/*.md`: a YAML front matter with `title` (and optional `nav`, a whole
/// number), then Markdown. A page without a title, or whose name would take one of Quire's own
/// addresses, is reported and left out.
public enum PageLoader {
    /// Names Quire's own pages and files use at the site's root.
    static let reservedSlugs: Set<String> = ["papers", "topics", "dates", "digests", "search", "feed", "atom", "sitemap", "robots", "feeds", "404"]

    public static func load(directory: String) -> ([SitePage], [Diagnostic]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return ([], []) }
        var pages: [SitePage] = []
        var diagnostics: [Diagnostic] = []
        for name in names.sorted() where name.lowercased().hasSuffix(".md") {
            let path = directory + "/" + name
            let location = SourceLocation(path: path, line: 1)
            guard let data = FileManager.default.contents(atPath: path) else {
                diagnostics.append(.warning(location, "cannot be read; the page is left out"))
                continue
            }
            let text = String(decoding: data, as: UTF8.self)
            let (frontMatter, markdown) = split(text)
            guard let frontMatter, let fields = (try? Yams.load(yaml: frontMatter)) as? [String: Any] else {
                diagnostics.append(.warning(location, "a page starts with a front matter between '---' lines, holding at least 'title'; the page is left out"))
                continue
            }
            guard let title = (fields["title"] as? String).map(TextNormalizer.normalize), !title.isEmpty else {
                diagnostics.append(.warning(location, "the page has no 'title' in its front matter; it is left out"))
                continue
            }
            var navOrder: Int?
            if let nav = fields["nav"] {
                if let number = nav as? Int { navOrder = number } else {
                    diagnostics.append(.warning(location, "'nav' should be a whole number (the page's place in the navigation); ignored"))
                }
            }
            let slug = Slug.make(from: String(name.dropLast(3)), fallback: "page")
            guard !reservedSlugs.contains(slug) else {
                diagnostics.append(.warning(location, "the page would be published at /\(slug)/, which Quire's own pages use; rename the file"))
                continue
            }
            guard !pages.contains(where: { $0.slug == slug }) else {
                diagnostics.append(.warning(location, "another page is already published at /\(slug)/; rename the file"))
                continue
            }
            pages.append(SitePage(slug: slug, title: title, navOrder: navOrder, markdown: markdown, path: path))
        }
        pages.sort { a, b in
            switch (a.navOrder, b.navOrder) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.title < b.title
            }
        }
        return (pages, diagnostics)
    }

    /// The front matter (without its `---` lines) and the Markdown after it; nil front matter when there is none.
    static func split(_ text: String) -> (String?, String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        if lines.first?.hasPrefix("\u{FEFF}") == true { lines[0] = lines[0].dropFirst() }
        guard lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") else { return (nil, text) }
        return (lines[1..<end].joined(separator: "\n"), lines[(end + 1)...].joined(separator: "\n"))
    }
}
