import Foundation

/// Finds markup in built files that a browser or a feed reader would act on: elements outside
/// the theme's own (a `<script>`, `<img>`, `<svg>`…), event-handler attributes (`onerror=`), and
/// `javascript:`, `vbscript:` or `data:` URLs in link attributes. Text that merely reads like
/// markup (`&lt;script&gt;`) is not live and is not reported.
///
/// A small tokenizer of tags and attributes rather than an HTML parser: it reads tags the way
/// browsers start them (`<` and a letter) and quoted or bare attribute values, which is all an
/// injection needs to be seen.
package enum LiveMarkup {
    /// Every element the default theme and cmark-gfm's rendering of an abstract produce. A
    /// `<script>` passes only as one of the theme's (see `scriptProblems`).
    package static let htmlElements: Set<String> = [
        "html", "head", "meta", "title", "link", "body", "a", "header", "div", "nav", "main", "footer", "p",
        "h1", "h2", "h3", "ul", "ol", "li", "span", "time", "section", "article", "aside",
        "form", "label", "input", "button", "noscript", "pre", "code", "script", "img",
        // MathML Core, for formulas in titles and abstracts.
        "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "mtext", "mspace", "msub", "msup", "msubsup",
        "mfrac", "msqrt", "mroot", "mover", "munder", "munderover",
    ]
    /// What an abstract's HTML carried in a feed may hold: the theme's elements, no script at all.
    package static let carriedElements = htmlElements.subtracting([
        "script", "form", "label", "input", "button", "noscript",
    ])
    /// The elements of RSS 2.0, Atom and OPML as Quire writes them.
    package static let feedElements: Set<String> = [
        "rss", "channel", "title", "link", "description", "language", "generator", "dc:creator", "pubdate",
        "lastbuilddate", "atom:link", "item", "guid", "category", "feed", "subtitle", "id", "updated", "author",
        "name", "entry", "published", "content", "opml", "head", "ownername", "body", "outline",
    ]
    /// The elements of a sitemap.
    package static let sitemapElements: Set<String> = ["urlset", "url", "loc", "lastmod", "sitemapindex", "sitemap"]
    package static let urlAttributes: Set<String> = [
        "href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "xmlurl", "htmlurl", "uri",
    ]

    package struct Tag {
        package var name: String
        package var attributes: [(name: String, value: String)]
    }

    /// Problems in an HTML document or fragment, one line each. `scriptSources` are the `src`
    /// values of the theme's own scripts (the search page's `search.js`).
    package static func problems(
        inHTML html: String, allowed: Set<String> = htmlElements, scriptSources: Set<String> = []
    ) -> [String] {
        var problems = allowed.contains("script") ? scriptProblems(inHTML: html, sources: scriptSources) : []
        for tag in tags(in: html) {
            if !allowed.contains(tag.name) { problems.append("element <\(tag.name)>") }
            for (name, value) in tag.attributes {
                if name.hasPrefix("on") { problems.append("event handler \(name)=\"\(value)\" on <\(tag.name)>") }
                if urlAttributes.contains(name), let scheme = dangerousScheme(value) {
                    problems.append("\(scheme) URL in \(name)=\"\(value)\" on <\(tag.name)>")
                }
            }
        }
        return problems
    }

    /// Problems with the `<script>` elements of a page, found as a browser ends them: a script
    /// element runs from `<script` to the first `</script`, whatever lies between. Each must be
    /// one of the theme's: `<script src="…" defer>` with a `src` of `sources` and nothing inside,
    /// or `<script type="application/ld+json">` holding one JSON object and no `<` at all. A
    /// `</script` that closes no element (text that broke out of JSON-LD) is a problem too.
    package static func scriptProblems(inHTML html: String, sources: Set<String>) -> [String] {
        let bytes = Array(html.utf8)
        let lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        let opener = Array("<script".utf8), closer = Array("</script".utf8)
        func isEnd(_ index: Int) -> Bool {
            index >= bytes.count || [0x20, 0x09, 0x0A, 0x0C, 0x0D, 0x2F, 0x3E].contains(bytes[index])
        }
        func find(_ needle: [UInt8], from start: Int) -> Int? {
            var index = start
            while index + needle.count <= lowered.count {
                if lowered[index..<index + needle.count].elementsEqual(needle), isEnd(index + needle.count) {
                    return index
                }
                index += 1
            }
            return nil
        }
        var problems: [String] = []
        var cursor = 0
        while cursor < bytes.count {
            let open = find(opener, from: cursor), close = find(closer, from: cursor)
            if let close, open.map({ close < $0 }) ?? true {
                problems.append("a </script> that closes no script element, at byte \(close)")
                cursor = close + closer.count
                continue
            }
            guard let open else { break }
            guard let tagEnd = bytes[open...].firstIndex(of: 0x3E) else {
                problems.append("an unfinished <script tag"); break
            }
            let tagText = String(decoding: bytes[open...tagEnd], as: UTF8.self)
            let tag = tags(in: tagText).first ?? Tag(name: "script", attributes: [])
            let end = find(closer, from: tagEnd + 1) ?? bytes.count
            let content = Array(bytes[(tagEnd + 1)..<end])
            let attributes = tag.attributes.map { "\($0.name)=\($0.value)" }
            if attributes == ["type=application/ld+json"] {
                if content.contains(0x3C) {
                    problems.append("'<' inside JSON-LD: \(String(decoding: content, as: UTF8.self))")
                } else if (try? JSONSerialization.jsonObject(with: Data(content))) as? [String: Any] == nil {
                    problems.append("JSON-LD that is not one JSON object: \(String(decoding: content, as: UTF8.self))")
                }
            } else if tag.attributes.count == 2, tag.attributes[0].name == "src",
                sources.contains(tag.attributes[0].value),
                tag.attributes[1].name == "defer", tag.attributes[1].value.isEmpty
            {
                if !content.isEmpty { problems.append("content inside \(tagText)") }
            } else {
                problems.append("script element \(tagText)")
            }
            cursor = end + closer.count
        }
        return problems
    }

    /// Problems in an RSS, Atom, OPML or sitemap document: its own tags, then the HTML it carries escaped
    /// (an RSS item's `description`, Atom's `content type="html"`), unescaped once as a feed
    /// reader does. Titles and the channel's description are plain text in both formats.
    package static func problems(inFeed xml: String) -> [String] {
        var problems = problems(inHTML: xml, allowed: feedElements.union(sitemapElements))
        for pattern in [#"<item>.*?<description>(.*?)</description>"#, #"<content type="html">(.*?)</content>"#] {
            let expression = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
            for match in expression.matches(in: xml, range: NSRange(xml.startIndex..., in: xml)) {
                let carried = decodeEntities(String(xml[Range(match.range(at: 1), in: xml)!]))
                problems += Self.problems(inHTML: carried, allowed: carriedElements).map { "in carried HTML: \($0)" }
            }
        }
        return problems
    }

    /// Problems in a JSON Feed: the HTML of each item's `content_html`.
    package static func problems(inJSONFeed bytes: [UInt8]) -> [String] {
        guard let document = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let items = document["items"] as? [[String: Any]]
        else { return ["not a JSON Feed"] }
        return items.flatMap { item in
            problems(inHTML: item["content_html"] as? String ?? "", allowed: carriedElements).map {
                "in content_html: \($0)"
            }
        }
    }

    /// Problems in a file of the search index (`search/*.json`), which `search.js` reads: it must
    /// parse, hold no raw `<` or `>` (so even served as HTML it is inert), and every link it
    /// gives (`"u"`) must be a plain path under the site's root, with no scheme and no `..`.
    package static func problems(inSearchData bytes: [UInt8]) -> [String] {
        guard let document = try? JSONSerialization.jsonObject(with: Data(bytes)) else { return ["not JSON"] }
        var problems: [String] = []
        if bytes.contains(0x3C) || bytes.contains(0x3E) { problems.append("a raw '<' or '>'") }
        func visit(_ value: Any) {
            if let object = value as? [String: Any] {
                if let link = object["u"] {
                    let path = link as? String ?? ""
                    let plain =
                        !path.isEmpty
                        && path.utf8.allSatisfy { byte in
                            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
                                || byte == 0x2F
                        }
                    if !plain || path.hasPrefix("/") || path.contains("..") { problems.append("link \(link)") }
                }
                object.values.forEach(visit)
            } else if let array = value as? [Any] {
                array.forEach(visit)
            }
        }
        visit(document)
        return problems
    }

    /// Problems in `robots.txt`: every line must be a comment, blank, or a directive Quire writes
    /// with a value of printable ASCII and no spaces.
    package static func problems(inRobots text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line in
            if line.isEmpty || line.hasPrefix("# ") { return nil }
            let directive = line.split(separator: " ", maxSplits: 1)
            let known = ["User-agent:", "Allow:", "Disallow:", "Sitemap:"].contains(
                directive.first.map(String.init) ?? "")
            let value = directive.count == 2 ? directive[1] : ""
            let clean = !value.isEmpty && value.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
            return known && clean ? nil : "line '\(line)'"
        }
    }

    /// The start tags of a document with their attributes; names lowercased, values unescaped.
    package static func tags(in text: String) -> [Tag] {
        let bytes = Array(text.utf8)
        var tags: [Tag] = []
        var index = 0
        func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
        }
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        while index < bytes.count {
            guard bytes[index] == 0x3C, index + 1 < bytes.count else { index += 1; continue }
            if bytes[index...].starts(with: Array("<!--".utf8)) {
                index =
                    (index + 4..<bytes.count).first { bytes[$0...].starts(with: Array("-->".utf8)) }.map { $0 + 3 }
                    ?? bytes.count
                continue
            }
            guard isLetter(bytes[index + 1]) else { index += 1; continue }
            var cursor = index + 1
            while cursor < bytes.count, !isSpace(bytes[cursor]), bytes[cursor] != 0x3E, bytes[cursor] != 0x2F {
                cursor += 1
            }
            var tag = Tag(name: string(index + 1..<cursor).lowercased(), attributes: [])
            while cursor < bytes.count, bytes[cursor] != 0x3E {
                if isSpace(bytes[cursor]) || bytes[cursor] == 0x2F { cursor += 1; continue }
                let nameStart = cursor
                while cursor < bytes.count, !isSpace(bytes[cursor]), ![0x3D, 0x3E, 0x2F].contains(bytes[cursor]) {
                    cursor += 1
                }
                let name = string(nameStart..<cursor).lowercased()
                while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
                var value = ""
                if cursor < bytes.count, bytes[cursor] == 0x3D {
                    cursor += 1
                    while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
                    if cursor < bytes.count, bytes[cursor] == 0x22 || bytes[cursor] == 0x27 {
                        let quote = bytes[cursor]
                        let valueStart = cursor + 1
                        cursor = valueStart
                        while cursor < bytes.count, bytes[cursor] != quote { cursor += 1 }
                        value = string(valueStart..<min(cursor, bytes.count))
                        cursor += 1
                    } else {
                        let valueStart = cursor
                        while cursor < bytes.count, !isSpace(bytes[cursor]), bytes[cursor] != 0x3E { cursor += 1 }
                        value = string(valueStart..<cursor)
                    }
                }
                if !name.isEmpty { tag.attributes.append((name, decodeEntities(value))) }
            }
            tags.append(tag)
            index = cursor + 1
        }
        return tags
    }

    /// The scheme of a URL that runs code or embeds a document, as a browser reads it (entities
    /// decoded, whitespace and controls inside ignored), else nil.
    package static func dangerousScheme(_ url: String) -> String? {
        let squeezed = String(url.unicodeScalars.filter { $0.value > 0x20 }).lowercased()
        return ["javascript:", "vbscript:", "data:"].first { squeezed.hasPrefix($0) }
    }

    /// Unescapes the named entities XML and Quire's HTML use, and numeric ones.
    package static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let expression = try! NSRegularExpression(pattern: "&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);")
        var result = ""
        var last = text.startIndex
        for match in expression.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let range = Range(match.range, in: text)!
            let name = String(text[Range(match.range(at: 1), in: text)!])
            let named = ["lt": "<", "gt": ">", "amp": "&", "quot": "\"", "apos": "'"]
            var replacement: String?
            if let character = named[name] {
                replacement = character
            } else if name.hasPrefix("#x") || name.hasPrefix("#X") {
                replacement = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
            } else if name.hasPrefix("#") {
                replacement = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
            }
            result += text[last..<range.lowerBound]
            result += replacement ?? String(text[range])
            last = range.upperBound
        }
        return result + text[last...]
    }
}
