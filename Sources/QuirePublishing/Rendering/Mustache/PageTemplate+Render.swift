import QuireCore

extension PageTemplate {
    /// Renders with `context` as the root value; partials and parents come from `library`.
    public func render(_ context: TemplateValue, library: [String: PageTemplate]) -> [UInt8] {
        var renderer = Renderer(library: library)
        renderer.output.reserveCapacity(16 * 1024)
        renderer.stack.append(context)
        renderer.render(nodes)
        return renderer.output
    }

    struct Renderer {
        let library: [String: PageTemplate]
        var output: [UInt8] = []
        var stack: [TemplateValue] = []
        /// Block replacements of the parents being rendered, outermost child first.
        var blockOverrides: [[String: [Node]]] = []
        var depth = 0

        /// Deep enough for any sane theme; stops a partial that includes itself.
        static let maximumDepth = 64

        mutating func render(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .text(let bytes):
                    output.append(contentsOf: bytes)
                case let .variable(path, escaped):
                    guard let value = lookup(path) else { continue }
                    appendText(of: value, escaped: escaped)
                case let .section(path, body, inverted):
                    renderSection(lookup(path), body: body, inverted: inverted)
                case let .partial(name, indentation):
                    guard let template = library[name], depth < Self.maximumDepth else { continue }
                    depth += 1
                    if let indentation, !indentation.isEmpty {
                        let start = output.count
                        render(template.nodes)
                        indent(from: start, with: indentation)
                    } else {
                        render(template.nodes)
                    }
                    depth -= 1
                case let .parent(name, blocks):
                    guard let template = library[name], depth < Self.maximumDepth else { continue }
                    depth += 1
                    blockOverrides.append(blocks)
                    render(template.nodes)
                    blockOverrides.removeLast()
                    depth -= 1
                case let .block(name, defaultBody):
                    render(override(for: name) ?? defaultBody)
                }
            }
        }

        /// The outermost child's replacement for a block wins, as the spec asks.
        func override(for name: String) -> [Node]? {
            for blocks in blockOverrides {
                if let body = blocks[name] { return body }
            }
            return nil
        }

        mutating func renderSection(_ value: TemplateValue?, body: [Node], inverted: Bool) {
            switch value {
            case nil, .bool(false):
                if inverted { render(body) }
            case .list(let items):
                if inverted {
                    if items.isEmpty { render(body) }
                    return
                }
                for item in items {
                    stack.append(item)
                    render(body)
                    stack.removeLast()
                }
            case .bool(true):
                if !inverted { render(body) }
            case .some(let value):
                if inverted { return }
                stack.append(value)
                render(body)
                stack.removeLast()
            }
        }

        /// A dotted name: its first part is looked up from the innermost context outwards,
        /// the rest inside what was found.
        func lookup(_ path: [TemplateName]) -> TemplateValue? {
            guard let first = path.first else { return stack.last }
            var found: TemplateValue?
            var level = stack.count - 1
            while level >= 0 {
                if case .object(let fields) = stack[level], let match = fields[first] {
                    found = match
                    break
                }
                level -= 1
            }
            for key in path.dropFirst() {
                guard case .object(let fields)? = found else { return nil }
                found = fields[key]
            }
            return found
        }

        mutating func appendText(of value: TemplateValue, escaped: Bool) {
            switch value {
            case .string(let text):
                if escaped { HTMLEscaping.append(text, to: &output) } else { output.append(contentsOf: text.utf8) }
            case .int(let number):
                output.append(contentsOf: String(number).utf8)
            case .bool(let flag):
                output.append(contentsOf: (flag ? "true" : "false").utf8)
            case .list, .object:
                break
            }
        }

        /// Indents every line a standalone partial wrote by the whitespace its tag stood after.
        mutating func indent(from start: Int, with indentation: [UInt8]) {
            guard start < output.count else { return }
            let lastInner = output.count - 1  // a final newline starts no line of the partial's
            var lineStarts = [start]
            var index = start
            while index < lastInner {
                if output[index] == 0x0A { lineStarts.append(index + 1) }
                index += 1
            }
            if lineStarts.count == 1 {
                output.insert(contentsOf: indentation, at: start)  // the usual one-line partial
                return
            }
            var indented: [UInt8] = []
            indented.reserveCapacity(output.count - start + lineStarts.count * indentation.count)
            var previous = start
            for lineStart in lineStarts.dropFirst() {
                indented.append(contentsOf: indentation)
                indented.append(contentsOf: output[previous..<lineStart])
                previous = lineStart
            }
            indented.append(contentsOf: indentation)
            indented.append(contentsOf: output[previous...])
            output.replaceSubrange(start..<output.count, with: indented)
        }
    }
}
