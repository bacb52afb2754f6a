import QuireCore

/// Compiles Mustache source into `PageTemplate.Node`s, applying the spec's standalone-line
/// rule: a section, inverted, closing, comment, partial, parent or block tag alone on its line
/// takes its line's whitespace and line ending with it.
struct TemplateParser {
    private struct Tag {
        var kind: UInt8
        var name: String
        var line: Int
        /// Set when the tag stands alone on its line: the whitespace before it.
        var standaloneIndentation: [UInt8]?
    }

    private enum Piece {
        case text([UInt8])
        case tag(Tag)
    }

    private enum Kind {
        static let variable: UInt8 = 0x00
        static let triple: UInt8 = 0x7B  // {
        static let ampersand: UInt8 = 0x26  // &
        static let section: UInt8 = 0x23  // #
        static let inverted: UInt8 = 0x5E  // ^
        static let close: UInt8 = 0x2F  // /
        static let comment: UInt8 = 0x21  // !
        static let partial: UInt8 = 0x3E  // >
        static let parent: UInt8 = 0x3C  // <
        static let block: UInt8 = 0x24  // $
        static let delimiters: UInt8 = 0x3D  // =
        static let pragma: UInt8 = 0x25  // %

        static func canStandAlone(_ kind: UInt8) -> Bool {
            [section, inverted, close, comment, partial, parent, block].contains(kind)
        }
    }

    private let source: [UInt8]

    init(_ source: String) {
        self.source = Array(source.utf8)
    }

    mutating func parseAll() throws -> [PageTemplate.Node] {
        var pieces = try tokenize()
        applyStandaloneRule(&pieces)
        var index = 0
        let nodes = try build(&index, pieces, until: nil)
        return nodes
    }

    // MARK: - Tokens

    private func tokenize() throws -> [Piece] {
        var pieces: [Piece] = []
        var textStart = 0
        var position = 0
        var line = 1
        let count = source.count
        while position < count {
            if source[position] == 0x0A { line += 1 }
            guard source[position] == 0x7B, position + 1 < count, source[position + 1] == 0x7B else {
                position += 1
                continue
            }
            if textStart < position { pieces.append(.text(Array(source[textStart..<position]))) }
            let tagLine = line
            var cursor = position + 2
            var kind = Kind.variable
            var closing: [UInt8] = [0x7D, 0x7D]
            if cursor < count,
                [
                    Kind.triple, Kind.ampersand, Kind.section, Kind.inverted, Kind.close, Kind.comment,
                    Kind.partial, Kind.parent, Kind.block, Kind.delimiters, Kind.pragma,
                ].contains(source[cursor])
            {
                kind = source[cursor]
                cursor += 1
                if kind == Kind.triple { closing = [0x7D, 0x7D, 0x7D] }
            }
            guard let end = find(closing, from: cursor) else {
                throw TemplateSyntaxError(
                    line: tagLine,
                    message: "unclosed tag: '{{' without a matching '\(String(decoding: closing, as: UTF8.self))'")
            }
            for byte in source[cursor..<end] where byte == 0x0A { line += 1 }
            let name = String(decoding: source[cursor..<end], as: UTF8.self).trimmingSpaces.description
            if kind == Kind.delimiters || kind == Kind.pragma {
                throw TemplateSyntaxError(
                    line: tagLine,
                    message:
                        "'{{\(Character(Unicode.Scalar(kind)))…}}' (set delimiters or pragmas) is not supported by Quire's templates"
                )
            }
            if kind != Kind.comment, name.isEmpty || name.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
                throw TemplateSyntaxError(line: tagLine, message: "'{{\(name)}}' is not a valid tag name")
            }
            pieces.append(.tag(Tag(kind: kind, name: name, line: tagLine)))
            position = end + closing.count
            textStart = position
        }
        if textStart < count { pieces.append(.text(Array(source[textStart..<count]))) }
        return pieces
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + needle.count <= source.count {
            if source[index] == needle[0], Array(source[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }

    // MARK: - Standalone lines

    /// Marks standalone tags and trims their line; a standalone partial keeps its line's
    /// leading whitespace as indentation.
    private func applyStandaloneRule(_ pieces: inout [Piece]) {
        var standalone: [Int: [UInt8]] = [:]  // tag index → indentation
        for (index, piece) in pieces.enumerated() {
            guard case .tag(let tag) = piece, Kind.canStandAlone(tag.kind) else { continue }
            guard let indentation = leadingWhitespaceOfLine(before: index, in: pieces),
                lineEndsAfter(index, in: pieces)
            else { continue }
            standalone[index] = indentation
        }
        for index in standalone.keys.sorted() {
            if index > 0, case .text(var before) = pieces[index - 1] {
                before.removeLast(standalone[index]!.count)
                pieces[index - 1] = .text(before)
            }
            if index + 1 < pieces.count, case .text(var after) = pieces[index + 1] {
                let newline = after.firstIndex(of: 0x0A).map { $0 + 1 } ?? after.count
                after.removeFirst(newline)
                pieces[index + 1] = .text(after)
            }
            if case .tag(var tag) = pieces[index] {
                tag.standaloneIndentation = standalone[index]
                pieces[index] = .tag(tag)
            }
        }
    }

    /// The spaces and tabs between the line's start and the tag at `index`, or nil when
    /// anything else (text or another tag) stands there.
    private func leadingWhitespaceOfLine(before index: Int, in pieces: [Piece]) -> [UInt8]? {
        guard index > 0 else { return [] }
        guard case .text(let before) = pieces[index - 1] else { return nil }
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 }
        let tail = before[(lineStart ?? 0)...]
        guard tail.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { return nil }
        if lineStart == nil && index - 1 > 0 { return nil }  // the line started with an earlier tag
        return Array(tail)
    }

    /// Whether only spaces and tabs follow the tag at `index` up to the line's end.
    private func lineEndsAfter(_ index: Int, in pieces: [Piece]) -> Bool {
        guard index + 1 < pieces.count else { return true }
        guard case .text(let after) = pieces[index + 1] else { return false }
        let newline = after.firstIndex(of: 0x0A)
        let head = after[..<(newline ?? after.count)]
        guard head.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) else { return false }
        return newline != nil || index + 2 == pieces.count
    }

    // MARK: - Tree

    private func build(_ index: inout Int, _ pieces: [Piece], until section: (name: String, line: Int)?) throws
        -> [PageTemplate.Node]
    {
        var nodes: [PageTemplate.Node] = []
        while index < pieces.count {
            let piece = pieces[index]
            index += 1
            switch piece {
            case .text(let bytes):
                if !bytes.isEmpty { nodes.append(.text(bytes)) }
            case .tag(let tag):
                let (name, line) = (tag.name, tag.line)
                switch tag.kind {
                case Kind.variable: nodes.append(.variable(path: Self.path(name), escaped: true))
                case Kind.triple, Kind.ampersand: nodes.append(.variable(path: Self.path(name), escaped: false))
                case Kind.comment: break
                case Kind.section, Kind.inverted:
                    let body = try build(&index, pieces, until: (name, line))
                    nodes.append(.section(path: Self.path(name), body: body, inverted: tag.kind == Kind.inverted))
                case Kind.block:
                    nodes.append(.block(name: name, defaultBody: try build(&index, pieces, until: (name, line))))
                case Kind.partial:
                    nodes.append(.partial(name: name, indentation: tag.standaloneIndentation))
                case Kind.parent:
                    let body = try build(&index, pieces, until: (name, line))
                    var blocks: [String: [PageTemplate.Node]] = [:]
                    for node in body {
                        switch node {
                        case let .block(blockName, blockBody): blocks[blockName] = blockBody
                        case .text(let bytes)
                        where bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }): break
                        default:
                            throw TemplateSyntaxError(
                                line: line, message: "inside '{{<\(name)}}' only '{{$block}}' sections may stand")
                        }
                    }
                    nodes.append(.parent(name: name, blocks: blocks))
                case Kind.close:
                    guard let section else {
                        throw TemplateSyntaxError(
                            line: line, message: "'{{/\(name)}}' closes a section that was never opened")
                    }
                    guard section.name == name else {
                        throw TemplateSyntaxError(
                            line: line,
                            message: "'{{/\(name)}}' closes '{{#\(section.name)}}' opened on line \(section.line)")
                    }
                    return nodes
                default: break
                }
            }
        }
        if let section {
            throw TemplateSyntaxError(line: section.line, message: "section '\(section.name)' is never closed")
        }
        return nodes
    }

    static func path(_ name: String) -> [TemplateName] {
        name == "." ? [] : name.split(separator: ".", omittingEmptySubsequences: false).map { TemplateName(String($0)) }
    }
}
