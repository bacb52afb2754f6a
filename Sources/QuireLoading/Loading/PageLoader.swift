import Foundation
import QuireCore
import Yams

/// Reads `SITE_DIR/pages/*.md`: a YAML front matter with `title` (and optional `nav`, a whole
/// number), then Markdown. A page without a title, or whose name would take one of Quire's own
/// addresses, is reported and left out.
public enum PageLoader {
    /// Names Quire's own pages and files use at the site's root.
    static let reservedSlugs: Set<String> = [
        "papers", "topics", "dates", "digests", "search", "authors", "feed", "atom", "sitemap", "robots", "feeds",
        "404",
    ]

    /// Reads the pages of `directory` (its top level; hidden files skipped). A symbolic link is
    /// followed only when it resolves inside `boundary` (by default the folder holding
    /// `directory`, the site), as digests and templates are; one leading out is reported and not read.
    public static func load(
        directory: String, boundary: InputBoundary? = nil,
        readFile: InputFile.Reader = InputFile.read
    ) -> ([SitePage], [Diagnostic]) {
        var pages: [SitePage] = []
        var diagnostics: [Diagnostic] = []
        var paths: [(name: String, path: String)] = []
        let boundary = boundary ?? InputBoundary(folders: [(directory as NSString).deletingLastPathComponent])
        FileWalker(links: .followedWithin(boundary)).walk(
            directory,
            problem: { problem in
                diagnostics.append(
                    .warning(SourceLocation(path: problem.path), problem.message + "; the page is left out"))
            },
            visit: { file in
                guard !file.relativePath.contains("/"), file.name.lowercased().hasSuffix(".md") else { return }
                paths.append((file.name, file.path))
            })
        for (name, path) in paths.sorted(by: { $0.name < $1.name }) {
            let location = SourceLocation(path: path, line: 1)
            let bytes: [UInt8]
            do {
                bytes = try readFile(path)
            } catch {
                diagnostics.append(.warning(location, "cannot read this file: \(error.reason); the page is left out"))
                continue
            }
            let frontMatter: FrontMatter
            switch FrontMatter.parse(
                String(decoding: bytes, as: UTF8.self), path: path, kind: "a page",
                example: "title, and nav for its place in the navigation")
            {
            case .success(let parsed): frontMatter = parsed
            case .failure(let problem):
                diagnostics.append(.warning(problem.location, problem.message + "; the page is left out"))
                continue
            }
            func at(_ node: Node?) -> SourceLocation { SourceLocation(path: path, line: node?.mark?.line ?? 1) }
            let titleNode = frontMatter.field("title")
            guard let title = titleNode?.string.map(TextNormalizer.normalize), !title.isEmpty else {
                diagnostics.append(
                    .warning(at(titleNode), "the page has no 'title' in its front matter; it is left out"))
                continue
            }
            var navOrder: Int?
            if let nav = frontMatter.field("nav") {
                if let number = nav.int {
                    navOrder = number
                } else {
                    diagnostics.append(
                        .warning(
                            at(nav), "'nav' should be a whole number (the page's place in the navigation); ignored"))
                }
            }
            let slug = Slug.make(from: String(name.dropLast(3)), fallback: "page")
            guard !reservedSlugs.contains(slug) else {
                diagnostics.append(
                    .warning(
                        location,
                        "the page would be published at /\(slug)/, which Quire's own pages use; rename the file"))
                continue
            }
            guard !pages.contains(where: { $0.slug == slug }) else {
                diagnostics.append(
                    .warning(location, "another page is already published at /\(slug)/; rename the file"))
                continue
            }
            pages.append(SitePage(slug: slug, title: title, navOrder: navOrder, markdown: frontMatter.body, path: path))
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
}
