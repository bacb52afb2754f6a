import Foundation
import QuireCore

/// Reading a built site back: its files, its links, its pages' headings.
package enum SiteInspection {
    /// Every regular file under `folder`, as sorted paths relative to it.
    package static func files(in folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files.append(relative)
            }
        }
        return files.sorted()
    }

    package static func text(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }

    /// The values of every `href="…"` and `src="…"` attribute, in order.
    package static func links(in html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"\b(?:href|src)="([^"]*)""#)
        let range = NSRange(html.startIndex..., in: html)
        return pattern.matches(in: html, range: range).map { String(html[Range($0.range(at: 1), in: html)!]) }
    }

    /// The output file a root-relative link under `basePath` points to (`/reading/papers/x/` →
    /// `papers/x/index.html`), or nil when the link is not under the base path.
    package static func target(of link: String, basePath: String) -> String? {
        guard link.hasPrefix(basePath) else { return nil }
        var path = String(link.dropFirst(basePath.count))
        if let hash = path.firstIndex(of: "#") { path = String(path[..<hash]) }
        return path.isEmpty || path.hasSuffix("/") ? path + "index.html" : path
    }

    /// The text of the first `<h1>` of a page.
    package static func heading(of html: String) -> String? {
        guard let start = html.range(of: "<h1>"),
            let end = html.range(of: "</h1>", range: start.upperBound..<html.endIndex)
        else { return nil }
        return String(html[start.upperBound..<end.lowerBound])
    }

    /// The paper links of the cards on a list page, in order.
    package static func cardLinks(in html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"<h3 class="card-title"><a href="([^"]*)">"#)
        let range = NSRange(html.startIndex..., in: html)
        return pattern.matches(in: html, range: range).map { String(html[Range($0.range(at: 1), in: html)!]) }
    }

    /// Text as Mustache escapes it in pages.
    package static func htmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    /// Problems with the links of a built site: every `href`/`src` under the base path (and every
    /// absolute URL under the site URL) must name a file of the output; a root-relative link
    /// outside the base path is a problem too. One line per problem, `page: link`.
    package static func brokenLinks(output: String, siteURL: SiteURL) -> [String] {
        let files = Set(files(in: output))
        var problems: [String] = []
        for page in files.sorted() where page.hasSuffix(".html") {
            for link in links(in: text(output + "/" + page)) {
                var rooted = link
                if link.hasPrefix(siteURL.origin + "/") { rooted = String(link.dropFirst(siteURL.origin.count)) }
                guard rooted.hasPrefix("/") else { continue }
                guard let target = target(of: rooted, basePath: siteURL.basePath) else {
                    problems.append("\(page): \(link) is outside the base path \(siteURL.basePath)")
                    continue
                }
                if !files.contains(target) { problems.append("\(page): \(link) → \(target) does not exist") }
            }
        }
        return problems
    }

    /// The first differing lines of two texts, as a short diff for a failure message.
    package static func lineDiff(expected: String, actual: String, context limit: Int = 6) -> String {
        let a = expected.components(separatedBy: "\n"), b = actual.components(separatedBy: "\n")
        var lines: [String] = []
        for index in 0..<max(a.count, b.count) where lines.count < limit * 2 {
            let left = index < a.count ? a[index] : nil, right = index < b.count ? b[index] : nil
            if left != right {
                if let left { lines.append("  line \(index + 1) - \(left.prefix(160))") }
                if let right { lines.append("  line \(index + 1) + \(right.prefix(160))") }
            }
        }
        return lines.joined(separator: "\n")
    }
}
