import QuireCore

/// A Mustache template compiled once into a tree that renders straight into bytes.
///
/// Hand-written rather than rendering through hummingbird-project/swift-mustache: measured here,
/// swift-mustache takes about 300 µs for a paper page and 120 µs for a card, because it resolves
/// every name through `Any` casts and reflection and escapes character by character. At 100,000
/// pages that alone exceeds the whole build budget (issue: 7 s on two cores). This renderer takes
/// typed `TemplateValue`s and writes UTF-8 directly. It follows the Mustache spec for the tags
/// themes use: variables (`{{x}}`, `{{{x}}}`, `{{&x}}`, dotted names, `{{.}}`), sections and
/// inverted sections, comments, partials (`{{>x}}`, with the indentation of a standalone tag),
/// and inheritance (`{{<parent}}` with `{{$block}}`s); `MustacheSpecTests` holds cases from the spec.
/// Not supported: set delimiters and pragmas (refused as syntax errors), lambdas, dynamic names;
/// and a standalone partial's indentation also goes before the lines of a multi-line value it
/// interpolates, which the spec leaves alone. The test suite renders every page of the default
/// theme with swift-mustache as well and requires identical bytes.
public struct PageTemplate: Sendable {
    enum Node: Sendable {
        case text([UInt8])
        case variable(path: [TemplateName], escaped: Bool)
        case section(path: [TemplateName], body: [Node], inverted: Bool)
        case partial(name: String, indentation: [UInt8]?)
        /// `{{<name}}…{{/name}}`: render `name` with these blocks replaced.
        case parent(name: String, blocks: [String: [Node]])
        /// `{{$name}}default{{/name}}` outside a parent: the default unless a child replaces it.
        case block(name: String, defaultBody: [Node])
    }

    let nodes: [Node]
    /// The nodes as the renderer reads them.
    let program: Program

    /// Compiles Mustache source; throws `TemplateSyntaxError` with the line of the problem.
    public init(_ source: String) throws {
        var parser = TemplateParser(source)
        nodes = try parser.parseAll()
        program = Program(nodes)
    }

    /// The templates this one includes (`{{>name}}`) or extends (`{{<name}}`), each once, in order.
    public var referencedTemplates: [String] {
        var names: [String] = []
        func collect(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .text, .variable: break
                case .section(_, let body, _): collect(body)
                case .partial(let name, _): if !names.contains(name) { names.append(name) }
                case .parent(let name, let blocks):
                    if !names.contains(name) { names.append(name) }
                    for key in blocks.keys.sorted() { collect(blocks[key]!) }
                case .block(_, let body): collect(body)
                }
            }
        }
        collect(nodes)
        return names
    }
}

/// A template that does not compile, with the 1-based line where it went wrong.
public struct TemplateSyntaxError: Error, CustomStringConvertible, Sendable {
    public var line: Int
    public var message: String
    public var description: String { message }
}
