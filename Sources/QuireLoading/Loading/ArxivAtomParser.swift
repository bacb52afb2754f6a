import CLibXML2
import QuireCore

/// Reads an arXiv API query result (`http://export.arxiv.org/api/query?…`): an Atom 1.0 feed
/// whose entries carry arXiv's extension elements, as the arXiv API User's Manual describes:
///
///     <feed xmlns="http://www.w3.org/2005/Atom">
///       <updated>2023-06-08T00:00:00-04:00</updated>  <opensearch:totalResults>…
///       <entry>
///         <id>http://arxiv.org/abs/2306.03805v2</id>
///         <published>…</published> <updated>…</updated> <title>…</title> <summary>…</summary>
///         <author><name>…</name></author>…
///         <arxiv:doi>…</arxiv:doi> <arxiv:journal_ref>…</arxiv:journal_ref> <arxiv:comment>…</arxiv:comment>
///         <link href="http://arxiv.org/abs/2306.03805v2" rel="alternate" type="text/html"/>
///         <link title="pdf" href="http://arxiv.org/pdf/2306.03805v2" rel="related" type="application/pdf"/>
///         <arxiv:primary_category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
///         <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>…
///       </entry>…
///     </feed>
///
/// Parsed with libxml2 into a tree and walked by namespace URI, so it does not matter which
/// prefixes the file declares or where. Elements it does not know are skipped. An error answer
/// (an entry whose id is under `http://arxiv.org/api/errors`) is reported with arXiv's message.
/// An arXiv announcement feed, as RSS or as Atom, is handed to `ArxivListingParser`.
struct ArxivAtomParser {
    static let atomNamespace = "http://www.w3.org/2005/Atom"
    static let arxivNamespace = "http://arxiv.org/schemas/atom"
    static let openSearchNamespace = "http://a9.com/-/spec/opensearch/1.1/"

    /// libxml2 must be set up once before threads parse side by side.
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    func parse(_ bytes: [UInt8], path: String) -> ParsedSource {
        _ = Self.initialized
        var result = ParsedSource()
        let expected =
            "expected an arXiv API Atom feed (<feed xmlns=\"\(Self.atomNamespace)\">) or an arXiv announcement feed (<rss>)"
        guard !bytes.isEmpty else {
            result.diagnostics.append(.warning(SourceLocation(path: path), "empty file; \(expected)"))
            return result
        }
        // No network, no entity expansion (libxml2 leaves external entities alone without NOENT).
        let options = Int32(
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue)
        xmlResetLastError()
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(clamping: buffer.count), path, nil, options)
            }
        }
        guard let document else {
            let error = xmlGetLastError()
            let message = error?.pointee.message.map { String(cString: $0).trimmingSpaces } ?? "cannot be parsed"
            let line = error.map { Int($0.pointee.line) }.flatMap { $0 > 0 ? $0 : nil }
            result.diagnostics.append(
                .warning(
                    SourceLocation(path: path, line: line), "not well-formed XML (\(message)); \(expected); skipped"))
            return result
        }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else {
            result.diagnostics.append(.warning(SourceLocation(path: path), "no root element; \(expected); skipped"))
            return result
        }
        let walker = Walker(path: path)
        if walker.localName(of: root) == "rss", walker.namespace(of: root) == nil {
            return ArxivListingParser(walker: walker).parseRSS(root)
        }
        guard walker.isElement(root, "feed", Self.atomNamespace) else {
            let namespace = walker.namespace(of: root).map { " xmlns=\"\($0)\"" } ?? ""
            result.diagnostics.append(
                .warning(
                    walker.location(root), "\(expected), found <\(walker.localName(of: root))\(namespace)>; skipped"))
            return result
        }
        if ArxivListingParser.isListing(feed: root, walker) {
            return ArxivListingParser(walker: walker).parseAtom(root)
        }
        var reader = EntryReader(walker: walker)
        for child in walker.children(of: root) {
            if walker.isElement(child, "entry", Self.atomNamespace) {
                if let entry = reader.entry(child) { result.entries.append(entry) } else { result.skippedEntries += 1 }
            } else if walker.isElement(child, "title", Self.atomNamespace) {
                let title = TextNormalizer.normalize(walker.text(of: child))
                result.title = title.isEmpty ? nil : title
            } else if walker.isElement(child, "updated", Self.atomNamespace) {
                result.ownDate = Timestamp.utcDay(walker.text(of: child))
                result.ownDateDescription = "the feed's 'updated' time, when the arXiv query ran"
            }
        }
        result.diagnostics += reader.diagnostics
        return result
    }

    /// Reads the parts of libxml2's tree the parser needs.
    struct Walker {
        let path: String

        func children(of node: xmlNodePtr) -> [xmlNodePtr] {
            var result: [xmlNodePtr] = []
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { result.append(current) }
                child = current.pointee.next
            }
            return result
        }

        func localName(of node: xmlNodePtr) -> String {
            node.pointee.name.map { String(cString: $0) } ?? ""
        }

        func namespace(of node: xmlNodePtr) -> String? {
            node.pointee.ns?.pointee.href.map { String(cString: $0) }
        }

        func isElement(_ node: xmlNodePtr, _ name: String, _ namespace: String) -> Bool {
            localName(of: node) == name && self.namespace(of: node) == namespace
        }

        /// The element's text: every text node inside it, in order.
        func text(of node: xmlNodePtr) -> String {
            var text = ""
            func collect(_ node: xmlNodePtr) {
                var child = node.pointee.children
                while let current = child {
                    switch current.pointee.type {
                    case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                        if let content = current.pointee.content { text += Self.string(content) }
                    case XML_ELEMENT_NODE:
                        collect(current)
                    default:
                        break
                    }
                    child = current.pointee.next
                }
            }
            collect(node)
            return text
        }

        static func string(_ xmlText: UnsafePointer<xmlChar>) -> String {
            String(cString: UnsafeRawPointer(xmlText).assumingMemoryBound(to: CChar.self))
        }

        func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
            var attribute = node.pointee.properties
            while let current = attribute {
                if current.pointee.ns == nil, current.pointee.name.map({ String(cString: $0) }) == name {
                    var value = ""
                    var child = current.pointee.children
                    while let text = child {
                        if let content = text.pointee.content { value += Self.string(content) }
                        child = text.pointee.next
                    }
                    return value
                }
                attribute = current.pointee.next
            }
            return nil
        }

        func location(_ node: xmlNodePtr) -> SourceLocation {
            let line = Int(xmlGetLineNo(node))
            return SourceLocation(path: path, line: line > 0 ? line : nil)
        }
    }

    /// Turns `<entry>` elements into entries, collecting diagnostics.
    struct EntryReader {
        let walker: Walker
        var diagnostics: [Diagnostic] = []

        mutating func entry(_ element: xmlNodePtr) -> SourceEntry? {
            var idNode: xmlNodePtr?, titleNode: xmlNodePtr?, summary = "", published: xmlNodePtr?, updated: xmlNodePtr?
            var details = PaperDetails()
            var alternate: String?, pdf: String?
            for child in walker.children(of: element) {
                let name = walker.localName(of: child)
                switch walker.namespace(of: child) {
                case ArxivAtomParser.atomNamespace?:
                    switch name {
                    case "id": idNode = child
                    case "title": titleNode = child
                    case "summary": summary = walker.text(of: child)
                    case "published": published = child
                    case "updated": updated = child
                    case "author":
                        var author = "", affiliations: [String] = []
                        for part in walker.children(of: child) {
                            if walker.isElement(part, "name", ArxivAtomParser.atomNamespace) {
                                author = TextNormalizer.normalize(walker.text(of: part))
                            } else if walker.isElement(part, "affiliation", ArxivAtomParser.arxivNamespace) {
                                let affiliation = TextNormalizer.normalize(walker.text(of: part))
                                if !affiliation.isEmpty, !affiliations.contains(affiliation) {
                                    affiliations.append(affiliation)
                                }
                            }
                        }
                        if !author.isEmpty {
                            details.authors.append(author)
                            if !affiliations.isEmpty { details.affiliations[author, default: []] += affiliations }
                        }
                    case "category":
                        if let term = walker.attribute(child, "term")?.trimmingSpaces, !term.isEmpty,
                            !details.categories.contains(String(term))
                        {
                            details.categories.append(String(term))
                        }
                    case "link":
                        if walker.attribute(child, "rel") == "alternate" || walker.attribute(child, "rel") == nil {
                            alternate = walker.attribute(child, "href")
                        } else if walker.attribute(child, "title") == "pdf" {
                            pdf = walker.attribute(child, "href")
                        }
                    default: break
                    }
                case ArxivAtomParser.arxivNamespace?:
                    let text = TextNormalizer.normalize(walker.text(of: child))
                    switch name {
                    case "primary_category":
                        if let term = walker.attribute(child, "term")?.trimmingSpaces, !term.isEmpty {
                            details.primaryCategory = String(term)
                        }
                    case "doi": if !text.isEmpty { details.doi = text }
                    case "journal_ref": if !text.isEmpty { details.journalRef = text }
                    case "comment": if !text.isEmpty { details.arxivComment = text }
                    default: break
                    }
                default: break
                }
            }
            let id = idNode.map { String(walker.text(of: $0).trimmingSpaces) } ?? ""
            if id.contains("arxiv.org/api/errors") {
                let message = TextNormalizer.normalize(summary)
                diagnostics.append(
                    .warning(
                        walker.location(element),
                        "the arXiv API answered with an error: \(message.isEmpty ? id : message); no paper here"))
                return nil
            }
            guard let titleNode, case let title = walker.text(of: titleNode), !title.trimmingSpaces.isEmpty else {
                diagnostics.append(.warning(walker.location(element), "entry has no <title>; skipped"))
                return nil
            }
            var entry = SourceEntry(title: title, abstract: summary, location: walker.location(titleNode))
            if let idNode {
                if let reference = ArxivIdentifier.parse(id) {
                    details.arxiv = reference
                } else {
                    diagnostics.append(
                        .warning(
                            walker.location(idNode),
                            "'\(id)' is not an arXiv abstract URL such as http://arxiv.org/abs/2306.03805v2; the paper is identified by its title"
                        ))
                }
            }
            // An entry whose id is missing or foreign may still link to its abstract page or PDF.
            for link in [alternate, pdf] where details.arxiv == nil {
                if let link, let reference = ArxivIdentifier.parse(link) { details.arxiv = reference }
            }
            if let primary = details.primaryCategory {
                details.categories.removeAll { $0 == primary }
                details.categories.insert(primary, at: 0)
            }
            if let published {
                let text = walker.text(of: published)
                entry.listed = Timestamp.utcTime(text)
                entry.date = entry.listed?.day
                if entry.date == nil {
                    diagnostics.append(
                        .warning(
                            walker.location(published),
                            "'\(text.trimmingSpaces)' is not a date and time such as 2023-06-06T17:59:03Z; ignored"))
                }
            }
            if let updated, let day = Timestamp.utcDay(walker.text(of: updated)), day != entry.date {
                details.updated = day
            }
            if !details.authors.isEmpty { entry.byline = .authors(count: details.authors.count) }
            entry.details = details
            return entry
        }
    }
}
