import CCmarkGFM
import Foundation
import QuireCore

/// Renders Markdown to HTML with cmark-gfm and its autolink, table, strikethrough and tagfilter
/// extensions. Raw HTML is never passed through (cmark's safe mode), and `javascript:`, `vbscript:`
/// and `data:` (other than images) links are dropped by cmark.
///
/// Parsing is serialized: cmark-gfm keeps the extensions' special characters in a global
/// table that every parse adds to and removes from, so concurrent parses make the autolink
/// extension miss links at random (github/cmark-gfm pull request #176). Rendering the parsed
/// tree to HTML runs in parallel.
public struct MarkdownRenderer: Sendable {
    private static let parseLock = NSLock()
    static let extensionNames = ["autolink", "table", "strikethrough", "tagfilter"]
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    public init() {
        _ = Self.registered
    }

    /// HTML for a Markdown document.
    public func html(markdown: String) -> String {
        render(markdown: markdown, alsoPlainText: false).html
    }

    /// HTML and plain text (link and image text without their addresses, no markup) of a
    /// Markdown document, from one parse: the text is for the search index.
    public func htmlAndText(markdown: String) -> (html: String, text: String) {
        let (html, text) = render(markdown: markdown, alsoPlainText: true)
        return (html, text ?? "")
    }

    private func render(markdown: String, alsoPlainText: Bool) -> (html: String, text: String?) {
        let options = CMARK_OPT_DEFAULT
        guard let parser = cmark_parser_new(options) else { return ("", nil) }
        defer { cmark_parser_free(parser) }
        for name in Self.extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        var utf8 = markdown.utf8CString
        let document = Self.parseLock.withLock {
            utf8.withUnsafeMutableBufferPointer { buffer in
                cmark_parser_feed(parser, buffer.baseAddress, buffer.count - 1)
            }
            return cmark_parser_finish(parser)
        }
        guard let document else { return ("", nil) }
        defer { cmark_node_free(document) }
        var text: String?
        if alsoPlainText, let plain = cmark_render_plaintext(document, options, 0) {
            text = String(cString: plain)
            free(plain)
        }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else {
            return ("", text)
        }
        defer { free(rendered) }
        return (String(cString: rendered), text)
    }

    /// HTML for plain text such as a scraped abstract: Markdown syntax is escaped so the text
    /// reads exactly as written, while bare URLs are left intact for the autolink extension.
    public func html(plainText: String) -> String {
        if let paragraph = Self.plainParagraph(plainText) { return paragraph }
        return html(markdown: Self.escapeMarkdown(plainText))
    }

    /// The HTML cmark makes of a one-line text that nothing can turn into a link, with its
    /// Markdown syntax escaped: `<p>`, the text with `&`, `<`, `>` and `"` escaped, `</p>`. Nil
    /// for any other text, which cmark renders. Most abstracts are such a line, and cmark parses
    /// one document at a time (see above): at 100,000 papers this saves a second and a half.
    /// A test holds it to cmark's output for every seed abstract and for crafted cases.
    static func plainParagraph(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard let first = bytes.first, let last = bytes.last, first != 0x20, last != 0x20 else { return nil }
            return plainParagraphClasses.withUnsafeBufferPointer { classes -> String? in
                var escapes = 0
                for index in bytes.indices {
                    switch classes[Int(bytes[index])] {
                    case 0: continue
                    case 1: return nil
                    case 2: escapes += 1
                    default:  // `.`: `www.`, in either case, is a link without a scheme.
                        if index >= 3, bytes[index - 3] | 0x20 == 0x77, bytes[index - 2] | 0x20 == 0x77,
                            bytes[index - 1] | 0x20 == 0x77
                        {
                            return nil
                        }
                    }
                }
                let opening = "<p>".utf8, closing = "</p>\n".utf8
                return String(unsafeUninitializedCapacity: bytes.count + escapes * 5 + 8) { output in
                    var written = 0
                    func put(_ part: String.UTF8View) {
                        for byte in part {
                            output[written] = byte
                            written += 1
                        }
                    }
                    func put(_ run: UnsafeBufferPointer<UInt8>) {
                        guard let start = run.baseAddress, !run.isEmpty else { return }
                        (output.baseAddress! + written).update(from: start, count: run.count)
                        written += run.count
                    }
                    put(opening)
                    var runStart = 0
                    for index in bytes.indices where classes[Int(bytes[index])] == 2 {
                        put(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                        switch bytes[index] {
                        case 0x26: put("&amp;".utf8)
                        case 0x3C: put("&lt;".utf8)
                        case 0x3E: put("&gt;".utf8)
                        default: put("&quot;".utf8)
                        }
                        runStart = index + 1
                    }
                    put(UnsafeBufferPointer(rebasing: bytes[runStart...]))
                    put(closing)
                    return written
                }
            }
        }
    }

    /// What `plainParagraph` does with each byte: 0 copies it, 1 gives the text to cmark (line
    /// breaks, tabs and NUL; `@`, an e-mail address; `:`, a URL's scheme), 2 escapes it (`&`,
    /// `<`, `>`, `"`), 3 (`.`) checks for `www.`.
    private static let plainParagraphClasses: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for byte: UInt8 in [0x00, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x40, 0x3A] { table[Int(byte)] = 1 }
        for byte: UInt8 in [0x26, 0x3C, 0x3E, 0x22] { table[Int(byte)] = 2 }
        table[0x2E] = 3
        return table
    }()

    /// Backslash-escapes the characters that could start Markdown syntax in one paragraph of
    /// text (inline: `\ ` * _ [ ] < & ~`; at its start, block markers such as `#`, `-`, `>`
    /// or `1.`), except inside `http(s)://` and `www.` links, which the autolink extension needs
    /// verbatim. Escaping only these keeps cmark's work small on 100,000 abstracts.
    public static func escapeMarkdown(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard !bytes.isEmpty else { return "" }
            return String(unsafeUninitializedCapacity: bytes.count * 2 + 8) { buffer in
                byteClasses.withUnsafeBufferPointer { classes in
                    escape(bytes, into: buffer.baseAddress!, classes: classes)
                }
            }
        }
    }

    /// Writes the escaped form of `source` into `output` (room for twice its size and a few
    /// bytes more); returns how many bytes were written.
    private static func escape(
        _ source: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>,
        classes: UnsafeBufferPointer<UInt8>
    ) -> Int {
        let count = source.count
        var written = 0
        var index = 0
        // A block marker at the very start: #, -, +, >, =, |, or digits followed by . or ).
        var digits = 0
        while digits < count, source[digits] >= 0x30, source[digits] <= 0x39 { digits += 1 }
        switch source[0] {
        case 0x23, 0x2D, 0x2B, 0x3E, 0x3D, 0x7C:
            output[0] = 0x5C
            written = 1
        default:
            if digits > 0, digits < count, source[digits] == 0x2E || source[digits] == 0x29 {
                output.update(from: source.baseAddress!, count: digits)
                output[digits] = 0x5C
                written = digits + 1
                index = digits
            }
        }
        while index < count {
            // Copy the run up to the next byte that needs attention in one go.
            var end = index
            while end < count {
                let byteClass = classes[Int(source[end])]
                if byteClass == 1 { break }
                if byteClass == 2, end == 0 || !isWordByte(source[end - 1]), isLinkStart(source, at: end) { break }
                end += 1
            }
            (output + written).update(from: source.baseAddress! + index, count: end - index)
            written += end - index
            index = end
            guard index < count else { break }
            if classes[Int(source[index])] == 1 {
                output[written] = 0x5C
                output[written + 1] = source[index]
                written += 2
                index += 1
                continue
            }
            // A link: verbatim up to a space, quote or angle bracket.
            var linkEnd = index
            while linkEnd < count, source[linkEnd] != 0x20, source[linkEnd] != 0x3C,
                source[linkEnd] != 0x3E, source[linkEnd] != 0x22
            { linkEnd += 1 }
            (output + written).update(from: source.baseAddress! + index, count: linkEnd - index)
            written += linkEnd - index
            index = linkEnd
            // The autolink extension would take a backslash escaping a following `<` into the
            // link; a space keeps the two apart.
            if index < count, source[index] == 0x3C {
                output[written] = 0x20
                written += 1
            }
        }
        return written
    }

    @inline(__always) private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte >= 0x80
    }

    /// Per byte: 1 for characters that can start inline Markdown syntax anywhere in a
    /// paragraph (`\ ` * _ [ ] < & ~`), 2 for the first letters of links (`h`, `w`), else 0.
    private static let byteClasses: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for byte in 0...255 where isEscapable(UInt8(byte)) { table[byte] = 1 }
        for letter in "hHwW".utf8 { table[Int(letter)] = 2 }
        return table
    }()

    /// Characters that can start inline Markdown syntax anywhere in a paragraph.
    @inline(__always) private static func isEscapable(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x5C, 0x60, 0x2A, 0x5F, 0x5B, 0x5D, 0x3C, 0x26, 0x7E:
            return true  // \ ` * _ [ ] < & ~
        default:
            return false
        }
    }

    /// Whether an `http://`, `https://` or `www.` link starts at `index` (case-insensitive).
    /// Spelled out byte by byte: it runs at every word starting with h or w.
    private static func isLinkStart(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let remaining = bytes.count - index
        @inline(__always) func lower(_ offset: Int) -> UInt8 { bytes[index + offset] | 0x20 }
        if lower(0) == 0x77 {  // www.
            return remaining > 4 && lower(1) == 0x77 && lower(2) == 0x77 && bytes[index + 3] == 0x2E
        }
        guard remaining > 7, lower(1) == 0x74, lower(2) == 0x74, lower(3) == 0x70 else { return false }  // http
        let colon = lower(4) == 0x73 ? 5 : 4  // https
        return remaining > colon + 3 && bytes[index + colon] == 0x3A && bytes[index + colon + 1] == 0x2F
            && bytes[index + colon + 2] == 0x2F
    }
}
