import Foundation

/// Finds markup in built files that a browser or a feed reader would act on: elements outside
/// the theme's own (a `<script>`, `<img>`, `<svg>`…), event-handler attributes (`onerror=`), and
/// `javascript:`, `vbscript:` or `data:` URLs in link attributes. Text that merely reads like
/// markup (`&lt;script&gt;`) is not live and is not reported.
///
/// A small tokenizer of tags and attributes rather than an HTML parser: it reads tags the way
/// browsers start them (`<` and a letter) and quoted or bare attribute values, which is all an
/// injection needs to be seen.
enum LiveMarkup {
    /// Every element the default theme and cmark-gfm's rendering of an abstract produce.
    static let htmlElements: Set<String> = [
        "html", "head", "meta", "title", "link", "body", "a", "header", "div", "nav", "main", "footer", "p",
        "h1", "h2", "h3", "ul", "ol", "li", "span", "time", "section", "article", "aside",
    ]
    /// The elements of RSS 2.0, Atom and OPML as Quire writes them.
    static let feedElements: Set<String> = [
        "rss", "channel", "title", "link", "description", "language", "generator", "dc:creator", "pubdate",
        "lastbuilddate", "atom:link", "item", "guid", "category", "feed", "subtitle", "id", "updated", "author",
        "name", "entry", "published", "content", "opml", "head", "ownername", "body", "outline",
    ]
    static let urlAttributes: Set<String> = ["href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "xmlurl", "htmlurl", "uri"]

    struct Tag {
        var name: String
        var attributes: [(name: String, value: String)]
    }

    /// Problems in an HTML document or fragment, one line each.
    static func problems(inHTML html: String, allowed: Set<String> = htmlElements) -> [String] {
        var problems: [String] = []
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

    /// Problems in an RSS, Atom or OPML document: its own tags, then the HTML it carries escaped
    /// (an RSS item's `description`, Atom's `content type="html"`), unescaped once as a feed
    /// reader does. Titles and the channel's description are plain text in both formats.
    static func problems(inFeed xml: String) -> [String] {
        var problems = problems(inHTML: xml, allowed: feedElements)
        for pattern in [#"<item>.*?<description>(.*?)</description>"#, #"<content type="html">(.*?)</content>"#] {
            let expression = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
            for match in expression.matches(in: xml, range: NSRange(xml.startIndex..., in: xml)) {
                let carried = decodeEntities(String(xml[Range(match.range(at: 1), in: xml)!]))
                problems += Self.problems(inHTML: carried).map { "in carried HTML: \($0)" }
            }
        }
        return problems
    }

    /// Problems in a JSON Feed: the HTML of each item's `content_html`.
    static func problems(inJSONFeed bytes: [UInt8]) -> [String] {
        guard let document = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let items = document["items"] as? [[String: Any]] else { return ["not a JSON Feed"] }
        return items.flatMap { item in
            problems(inHTML: item["content_html"] as? String ?? "").map { "in content_html: \($0)" }
        }
    }

    /// The start tags of a document with their attributes; names lowercased, values unescaped.
    static func tags(in text: String) -> [Tag] {
        let bytes = Array(text.utf8)
        var tags: [Tag] = []
        var index = 0
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D }
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        while index < bytes.count {
            guard bytes[index] == 0x3C, index + 1 < bytes.count else { index += 1; continue }
            if bytes[index...].starts(with: Array("<!--".utf8)) {
                index = (index + 4..<bytes.count).first { bytes[$0...].starts(with: Array("-->".utf8)) }.map { $0 + 3 } ?? bytes.count
                continue
            }
            guard isLetter(bytes[index + 1]) else { index += 1; continue }
            var cursor = index + 1
            while cursor < bytes.count, !isSpace(bytes[cursor]), bytes[cursor] != 0x3E, bytes[cursor] != 0x2F { cursor += 1 }
            var tag = Tag(name: string(index + 1..<cursor).lowercased(), attributes: [])
            while cursor < bytes.count, bytes[cursor] != 0x3E {
                if isSpace(bytes[cursor]) || bytes[cursor] == 0x2F { cursor += 1; continue }
                let nameStart = cursor
                while cursor < bytes.count, !isSpace(bytes[cursor]), ![0x3D, 0x3E, 0x2F].contains(bytes[cursor]) { cursor += 1 }
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
    static func dangerousScheme(_ url: String) -> String? {
        let squeezed = String(url.unicodeScalars.filter { $0.value > 0x20 }).lowercased()
        return ["javascript:", "vbscript:", "data:"].first { squeezed.hasPrefix($0) }
    }

    /// Unescapes the named entities XML and Quire's HTML use, and numeric ones.
    static func decodeEntities(_ text: String) -> String {
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
