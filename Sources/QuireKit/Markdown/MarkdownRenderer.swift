import CCmarkGFM
import Foundation

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
        let options = CMARK_OPT_DEFAULT
        guard let parser = cmark_parser_new(options) else { return "" }
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
        guard let document else { return "" }
        defer { cmark_node_free(document) }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// HTML for plain text such as a scraped abstract: Markdown syntax is escaped so the text
    /// reads exactly as written, while bare URLs are left intact for the autolink extension.
    public func html(plainText: String) -> String {
        html(markdown: Self.escapeMarkdown(plainText))
    }

    /// Backslash-escapes every ASCII punctuation character Markdown could read as syntax,
    /// except inside `http(s)://` and `www.` links, which the autolink extension needs verbatim.
    public static func escapeMarkdown(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            let count = bytes.count
            return String(unsafeUninitializedCapacity: count * 2) { output in
                var written = 0
                var index = 0
                var previous: UInt8 = 0x20
                while index < count {
                    let byte = bytes[index]
                    if previous == 0x20 || previous == 0x28, byte | 0x20 == 0x68 || byte | 0x20 == 0x77, isLinkStart(bytes, at: index) {
                        while index < count, bytes[index] != 0x20, bytes[index] != 0x3C, bytes[index] != 0x3E, bytes[index] != 0x22 {
                            output[written] = bytes[index]
                            written += 1
                            index += 1
                        }
                        previous = 0
                        continue
                    }
                    if isEscapable(byte) {
                        output[written] = 0x5C
                        written += 1
                    }
                    output[written] = byte
                    written += 1
                    previous = byte
                    index += 1
                }
                return written
            }
        }
    }

    /// Punctuation that can start Markdown syntax (emphasis, code, links, HTML, entities, tables…).
    @inline(__always) private static func isEscapable(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x5C, 0x60, 0x2A, 0x5F, 0x7B, 0x7D, 0x5B, 0x5D, 0x28, 0x29, 0x3C, 0x3E, 0x23, 0x2B, 0x2D, 0x2E, 0x21, 0x7C, 0x7E, 0x26:
            return true  // \ ` * _ { } [ ] ( ) < > # + - . ! | ~ &
        default:
            return false
        }
    }

    private static let linkPrefixes: [[UInt8]] = ["https://", "http://", "www."].map { Array($0.utf8) }

    /// Whether an `http://`, `https://` or `www.` link starts at `index` (case-insensitive).
    private static func isLinkStart(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        for prefix in linkPrefixes where bytes.count - index > prefix.count {
            var offset = 0
            while offset < prefix.count {
                let byte = bytes[index + offset]
                if (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != prefix[offset] { break }
                offset += 1
            }
            if offset == prefix.count { return true }
        }
        return false
    }
}
