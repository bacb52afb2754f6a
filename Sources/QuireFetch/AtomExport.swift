import CLibXML2
import Foundation
import QuireLoading

/// An arXiv API answer held as a libxml2 tree, so that its `<entry>` elements can be carried
/// whole, with every element arXiv wrote, into the export `quire fetch` writes.
final class AtomPage {
    static let atomNamespace = "http://www.w3.org/2005/Atom"
    static let openSearchNamespace = "http://a9.com/-/spec/opensearch/1.1/"
    static let arxivNamespace = "http://arxiv.org/schemas/atom"

    private let document: xmlDocPtr
    /// The entries, in the answer's order, with the arXiv id their `<id>` names.
    let entries: [(id: String, element: xmlNodePtr)]
    /// `opensearch:totalResults`: how many results the query has in all.
    let totalResults: Int?
    /// arXiv's message when the answer is an error feed (an entry whose id is under
    /// `http://arxiv.org/api/errors`).
    let errorMessage: String?

    /// Parses an answer `SourceCheck.arxivExport` accepted; nil if it is not an Atom feed.
    init?(_ bytes: [UInt8]) {
        let options = Int32(
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                | XML_PARSE_NOCDATA.rawValue)
        guard !bytes.isEmpty,
            let document = bytes.withUnsafeBufferPointer({ buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    xmlReadMemory($0, Int32(clamping: buffer.count), "answer.xml", "UTF-8", options)
                }
            })
        else { return nil }
        guard let root = xmlDocGetRootElement(document), Self.isElement(root, "feed", Self.atomNamespace) else {
            xmlFreeDoc(document)
            return nil
        }
        self.document = document
        var entries: [(String, xmlNodePtr)] = []
        var total: Int?
        var errorMessage: String?
        for child in Self.children(of: root) {
            if Self.isElement(child, "entry", Self.atomNamespace) {
                let id =
                    Self.children(of: child).first { Self.isElement($0, "id", Self.atomNamespace) }.map(Self.text) ?? ""
                if id.contains("arxiv.org/api/errors") {
                    let summary =
                        Self.children(of: child).first { Self.isElement($0, "summary", Self.atomNamespace) }.map(
                            Self.text) ?? id
                    errorMessage = summary.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    continue
                }
                entries.append((Self.arxivID(fromAbsURL: id), child))
            } else if Self.isElement(child, "totalResults", Self.openSearchNamespace) {
                total = Int(Self.text(of: child).trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        self.entries = entries
        totalResults = total
        self.errorMessage = errorMessage
    }

    deinit { xmlFreeDoc(document) }

    /// `2306.03805` from `http://arxiv.org/abs/2306.03805v2`, read as the loader reads it; the
    /// text itself when it is not such a URL.
    static func arxivID(fromAbsURL url: String) -> String {
        let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        return ArxivIdentifier.parse(trimmed)?.id ?? trimmed
    }

    // MARK: - Reading the tree

    static func children(of node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(current) }
            child = current.pointee.next
        }
        return result
    }

    static func isElement(_ node: xmlNodePtr, _ name: String, _ namespace: String) -> Bool {
        node.pointee.name.map { String(cString: $0) } == name
            && node.pointee.ns?.pointee.href.map { String(cString: $0) } == namespace
    }

    /// Every text node inside the element, in order.
    static func text(of node: xmlNodePtr) -> String {
        var text = ""
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content {
                    text += String(cString: UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
                }
            case XML_ELEMENT_NODE:
                text += Self.text(of: current)
            default:
                break
            }
            child = current.pointee.next
        }
        return text
    }

    /// The entry's `<title>` text.
    static func title(of entry: xmlNodePtr) -> String {
        children(of: entry).first { isElement($0, "title", atomNamespace) }.map(text) ?? ""
    }
}

/// Writes the Atom document `quire fetch arxiv` and `quire enrich` leave in `digests/arxiv/`:
/// arXiv's own entries, copied whole, under a feed whose title names the query, so the loader
/// reads it as it reads an export saved from the API by hand.
struct AtomExportWriter {
    /// The feed's title, e.g. `arXiv query: cat:cs.LG AND abs:pruning`.
    var title: String
    /// The feed's `<id>`: the query URL, without paging.
    var id: String
    /// The day the export was made, written as the feed's `updated` time (midnight UTC, so a
    /// file says what day it is, not when in the day it ran).
    var day: String

    /// The document holding `entries` (elements of the pages they came from), in order.
    func document(entries: [xmlNodePtr]) -> [UInt8] {
        let document = xmlNewDoc("1.0")!
        defer { xmlFreeDoc(document) }
        let root = xmlNewNode(nil, "feed")!
        xmlDocSetRootElement(document, root)
        let atom = xmlNewNs(root, AtomPage.atomNamespace, nil)
        xmlSetNs(root, atom)
        let openSearch = xmlNewNs(root, AtomPage.openSearchNamespace, "opensearch")
        xmlNewNs(root, AtomPage.arxivNamespace, "arxiv")
        let link = xmlNewChild(root, atom, "link", nil)
        xmlNewProp(link, "href", id)
        xmlNewProp(link, "rel", "self")
        xmlNewProp(link, "type", "application/atom+xml")
        // xmlNewTextChild escapes the text; xmlNewChild would read it as markup.
        xmlNewTextChild(root, atom, "title", title)
        xmlNewTextChild(root, atom, "id", id)
        xmlNewTextChild(root, atom, "updated", day + "T00:00:00Z")
        xmlNewTextChild(root, openSearch, "totalResults", "\(entries.count)")
        xmlNewTextChild(root, openSearch, "startIndex", "0")
        xmlNewTextChild(root, openSearch, "itemsPerPage", "\(entries.count)")
        for entry in entries {
            guard let copy = xmlDocCopyNode(entry, document, 1) else { continue }
            xmlAddChild(root, copy)
            // A copy declares the namespaces it uses on itself; those the feed declares go.
            // (1 is XML_DOM_RECONNS_REMOVEREDUND, which libxml2 defines in tree.c, not its headers.)
            xmlDOMWrapReconcileNamespaces(nil, copy, 1)
        }
        let buffer = xmlBufferCreate()
        defer { xmlBufferFree(buffer) }
        xmlNodeDump(buffer, document, root, 0, 1)
        guard let content = xmlBufferContent(buffer) else { return [] }
        return Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".utf8)
            + Array(UnsafeBufferPointer(start: content, count: Int(xmlBufferLength(buffer)))) + [0x0A]
    }
}
