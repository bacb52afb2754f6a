import CLibXML2

/// An XML document read back with libxml2's parser (strict: no recovery, no network), as a
/// small tree of elements that tests can walk and compare with plain values.
package enum ParsedXML {
    package static let atomNamespace = "http://www.w3.org/2005/Atom"
    package static let dublinCoreNamespace = "http://purl.org/dc/elements/1.1/"

    /// One element: its namespace URI and local name, its attributes, its element children and
    /// the text directly inside it (text and CDATA nodes joined, entities already resolved).
    package struct Element {
        package var namespace: String?
        package var name: String
        /// By local name; an attribute in a namespace with a prefix is keyed `prefix:name` (`xml:lang`).
        package var attributes: [String: String]
        package var children: [Element]
        package var text: String

        /// The child elements with this local name and namespace (nil: no namespace), in order.
        package func elements(_ name: String, namespace: String? = nil) -> [Element] {
            children.filter { $0.name == name && $0.namespace == namespace }
        }

        /// The one child element with this name, or nil when there is none or more than one.
        package func element(_ name: String, namespace: String? = nil) -> Element? {
            let found = elements(name, namespace: namespace)
            return found.count == 1 ? found[0] : nil
        }

        /// The text of the one child element with this name (nil as for `element`).
        package func text(of name: String, namespace: String? = nil) -> String? {
            element(name, namespace: namespace)?.text
        }
    }

    /// Why a document could not be read: libxml2's message and line.
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Parses a whole document; throws when it is not well-formed XML.
    package static func parse(_ bytes: [UInt8], name: String) throws -> Element {
        xmlInitParser()
        xmlResetLastError()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), name, nil, options)
            }
        }
        guard let document else {
            let error = xmlGetLastError()
            let message = error?.pointee.message.map { String(cString: $0) } ?? "unknown error"
            throw Failure(description: "\(name):\(error?.pointee.line ?? 0): not well-formed: \(message)")
        }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { throw Failure(description: "\(name): no root element") }
        return element(root)
    }

    private static func element(_ node: xmlNodePtr) -> Element {
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            let localName = String(cString: current.pointee.name)
            let prefix = current.pointee.ns?.pointee.prefix.map { String(cString: $0) }
            attributes[prefix.map { "\($0):\(localName)" } ?? localName] = text(inside: current.pointee.children)
            attribute = current.pointee.next
        }
        var children: [Element] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { children.append(element(current)) }
            child = current.pointee.next
        }
        return Element(
            namespace: node.pointee.ns?.pointee.href.map { String(cString: $0) },
            name: String(cString: node.pointee.name), attributes: attributes, children: children,
            text: text(inside: node.pointee.children))
    }

    /// The text and CDATA nodes among `first` and its siblings, joined.
    private static func text(inside first: xmlNodePtr?) -> String {
        var text = ""
        var node = first
        while let current = node {
            if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE,
                let content = current.pointee.content
            {
                text += String(cString: content)
            }
            node = current.pointee.next
        }
        return text
    }
}
