import CCmarkGFM
import Foundation

/// Renders Markdown to HTML with cmark-gfm and its autolink, table, strikethrough and tagfilter
/// extensions. Raw HTML is never passed through (cmark's safe mode), and `javascript:`, `vbscript:`
/// and `data:` (other than images) links are dropped by cmark.
public struct MarkdownRenderer: Sendable {
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
        utf8.withUnsafeMutableBufferPointer { buffer in
            cmark_parser_feed(parser, buffer.baseAddress, buffer.count - 1)
        }
        guard let document = cmark_parser_finish(parser) else { return "" }
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
        var output = [UInt8]()
        let bytes = Array(text.utf8)
        output.reserveCapacity(bytes.count + bytes.count / 16)
        var index = 0
        while index < bytes.count {
            if isLinkStart(bytes, at: index) {
                let end = bytes[index...].firstIndex(where: { $0 == 0x20 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) ?? bytes.count
                output.append(contentsOf: bytes[index..<end])
                index = end
                continue
            }
            let byte = bytes[index]
            if escapable[Int(byte)] { output.append(0x5C) }
            output.append(byte)
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Punctuation that can start Markdown syntax (emphasis, code, links, HTML, entities, tables…).
    private static let escapable: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for character in "\\`*_{}[]()<>#+-.!|~&" { table[Int(character.asciiValue!)] = true }
        return table
    }()

    private static let linkPrefixes: [[UInt8]] = ["https://", "http://", "www."].map { Array($0.utf8) }

    private static func isLinkStart(_ bytes: [UInt8], at index: Int) -> Bool {
        guard index == 0 || bytes[index - 1] == 0x20 || bytes[index - 1] == 0x28 else { return false }
        return linkPrefixes.contains { prefix in
            bytes.count - index > prefix.count
                && zip(prefix, bytes[index...]).allSatisfy { expected, byte in
                    (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == expected
                }
        }
    }
}
