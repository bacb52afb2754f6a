import CLibXML2
import Foundation
import QuireCore

/// A thin Swift face on libxml2's `xmlTextWriter`: elements, attributes and text, escaped by
/// libxml2. Characters XML 1.0 forbids (most control characters) are dropped before writing.
final class XMLDocumentWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr

    /// `indented`: one element per line, indented by depth, for documents people read; archives,
    /// read by programs alone and written for every item of every feed, go without.
    init(indented: Bool = true) {
        buffer = xmlBufferCreate()
        writer = xmlNewTextWriterMemory(buffer, 0)
        if indented {
            xmlTextWriterSetIndent(writer, 1)
            xmlTextWriterSetIndentString(writer, "  ")
        }
        xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil)
    }

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    /// Opens an element with attributes (in the order given).
    func start(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        Self.withXMLChars(name) { xmlTextWriterStartElement(writer, $0) }
        for (key, value) in attributes {
            Self.withXMLChars(key) { key in
                Self.withXMLChars(Self.xmlSafe(value)) { xmlTextWriterWriteAttribute(writer, key, $0) }
            }
        }
    }

    func end() {
        xmlTextWriterEndElement(writer)
    }

    /// An element holding only text.
    func element(_ name: String, _ text: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        start(name, attributes)
        Self.withXMLChars(Self.xmlSafe(text)) { xmlTextWriterWriteString(writer, $0) }
        end()
    }

    /// `text` as libxml2's `const xmlChar *`, without a copy for a native string (passing a
    /// `String` to the C function would make one: an allocation for every name and value of
    /// every feed entry).
    private static func withXMLChars(_ text: String, _ body: (UnsafePointer<xmlChar>) -> Void) {
        text.withCString { body(UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) }
    }

    /// An element with attributes and no content.
    func empty(_ name: String, _ attributes: KeyValuePairs<String, String>) {
        start(name, attributes)
        end()
    }

    /// Closes every open element and returns the document's bytes.
    func finish() -> [UInt8] {
        xmlTextWriterEndDocument(writer)
        xmlTextWriterFlush(writer)
        let count = Int(xmlBufferLength(buffer))
        guard count > 0, let content = xmlBufferContent(buffer) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: count))
    }

    /// The text without characters XML 1.0 cannot carry: C0 controls other than tab, newline
    /// and carriage return, U+FFFE and U+FFFF.
    static func xmlSafe(_ text: String) -> String {
        // Every forbidden character starts with a byte below 0x20 or with EF (U+FFFE, U+FFFF).
        let suspicious =
            text.utf8.withContiguousStorageIfAvailable { bytes in
                bytes.contains { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0xEF }
            } ?? true
        guard suspicious, text.unicodeScalars.contains(where: isForbidden) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter { !isForbidden($0) })
        return String(scalars)
    }

    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00..<0x20, 0xFFFE, 0xFFFF: return true
        default: return false
        }
    }
}

/// Parses XML back with libxml2 to prove it is well-formed.
enum XMLWellFormedness {
    /// Nil when well-formed, else libxml2's message with its line.
    static func problem(in bytes: [UInt8]) -> String? {
        xmlResetLastError()
        // HUGE: the text of an item is the input's (a 10 MB abstract is warned about, not refused),
        // and without it libxml2 prints "huge text node" to standard error on such a feed.
        let options = Int32(
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                | XML_PARSE_HUGE.rawValue)
        // Read as a stream, keeping no tree: a 50,000-address sitemap parsed into one took 50 MB.
        var status: Int32 = -1
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                guard let reader = xmlReaderForMemory($0, Int32(buffer.count), "feed.xml", "UTF-8", options) else {
                    return
                }
                repeat { status = xmlTextReaderRead(reader) } while status == 1
                xmlFreeTextReader(reader)
            }
        }
        if status == 0 { return nil }
        guard let error = xmlGetLastError() else { return "not well-formed XML" }
        let message =
            error.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
            ?? "not well-formed"
        return "line \(error.pointee.line): \(message)"
    }
}
