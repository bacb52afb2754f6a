import Foundation

/// Parses one formula of the supported TeX subset (see the README's "Math" section) into a
/// `MathNode`, or fails on anything else, so the caller can show the formula as written.
///
/// Hand-written: no Swift package here converts TeX to MathML, and the subset is small.
struct TeXMathParser {
    struct Unsupported: Error {}

    private let characters: [Character]
    /// Whether commands outside the subset are kept as their TeX source (for the plain-text
    /// form) instead of failing the whole formula (for MathML).
    private let keepsUnknownCommands: Bool
    private var position = 0

    /// The formula's tree, or nil when it uses anything outside the subset or its braces do not balance.
    static func parse(_ tex: String) -> MathNode? {
        var parser = TeXMathParser(characters: Array(tex), keepsUnknownCommands: false)
        guard let nodes = try? parser.row(until: nil) else { return nil }
        return nodes.count == 1 ? nodes[0] : .row(nodes)
    }

    /// The formula's tree with what is outside the subset kept as TeX source, or nil when its
    /// braces do not balance.
    static func parseLeniently(_ tex: String) -> MathNode? {
        var parser = TeXMathParser(characters: Array(tex), keepsUnknownCommands: true)
        guard let nodes = try? parser.row(until: nil) else { return nil }
        return nodes.count == 1 ? nodes[0] : .row(nodes)
    }

    private init(characters: [Character], keepsUnknownCommands: Bool) {
        self.characters = characters
        self.keepsUnknownCommands = keepsUnknownCommands
    }

    private enum Terminator { case brace, right, bracket }

    private var atEnd: Bool { position >= characters.count }

    private mutating func skipSpaces() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    /// Nodes up to `terminator` (consumed), or to the end when it is nil.
    private mutating func row(until terminator: Terminator?) throws -> [MathNode] {
        var nodes: [MathNode] = []
        while true {
            skipSpaces()
            guard !atEnd else {
                if terminator != nil { throw Unsupported() }
                return nodes
            }
            let character = characters[position]
            switch character {
            case "}":
                guard terminator == .brace else { throw Unsupported() }
                position += 1
                return nodes
            case "]" where terminator == .bracket:
                position += 1
                return nodes
            case "{":
                // A group is one node: scripts attach to all of it, and `{=}` or `{,}` is spaced as a letter.
                position += 1
                nodes.append(.row(try row(until: .brace)))
            case "^", "_":
                position += 1
                let script = try argument()
                try attach(script, superscript: character == "^", to: &nodes)
            case "'":
                var primes = ""
                while position < characters.count, characters[position] == "'" {
                    primes.append("′")
                    position += 1
                }
                try attach(.op(primes, kind: .ordinary), superscript: true, to: &nodes)
            case "\\":
                let name = commandName()
                if name == "right" {
                    guard terminator == .right else { throw Unsupported() }
                    return nodes
                }
                if let style = MathSymbols.styleSwitches[name] {
                    // `{\rm d}x`, `{\bf x}`: the rest of the group in that style.
                    let rest = try row(until: terminator)
                    switch style {
                    case .upright:
                        if case .row(let styled) = Self.upright(.row(rest)) { return nodes + styled }
                        return nodes + [Self.upright(.row(rest))]
                    case .alphabet(let alphabet): return nodes + rest.map { Self.restyle($0, alphabet) }
                    }
                }
                if let node = try command(name) { nodes.append(node) }
            default:
                nodes.append(try atom())
            }
        }
    }

    /// A sub- or superscript on the last node (an empty base when there is none).
    private mutating func attach(_ script: MathNode, superscript: Bool, to nodes: inout [MathNode]) throws {
        let base = nodes.popLast() ?? .row([])
        if case .scripts(let inner, let sub, let sup) = base {
            if superscript, sup == nil { return nodes.append(.scripts(base: inner, sub: sub, sup: script)) }
            if !superscript, sub == nil { return nodes.append(.scripts(base: inner, sub: script, sup: sup)) }
            throw Unsupported()  // a double superscript is an error in TeX too
        }
        nodes.append(.scripts(base: base, sub: superscript ? nil : script, sup: superscript ? script : nil))
    }

    /// A command's argument or a script: a braced group, one command, or one character.
    private mutating func argument() throws -> MathNode {
        skipSpaces()
        guard !atEnd else { throw Unsupported() }
        switch characters[position] {
        case "{":
            position += 1
            let nodes = try row(until: .brace)
            return nodes.count == 1 ? nodes[0] : .row(nodes)
        case "\\":
            let name = commandName()
            guard let node = try command(name) else { throw Unsupported() }
            return node
        case "}", "^", "_", "&":
            throw Unsupported()
        default:
            let character = characters[position]
            if character.isASCII, character.isNumber {
                position += 1
                return .number(String(character))
            }
            return try atom()
        }
    }

    /// One character as a node: a number (digits, with a decimal point between digits), a letter, or an operator.
    private mutating func atom() throws -> MathNode {
        let character = characters[position]
        if character.isASCII, character.isNumber {
            var number = ""
            while position < characters.count {
                let next = characters[position]
                if next.isASCII, next.isNumber {
                    number.append(next)
                } else if next == ".", position + 1 < characters.count, characters[position + 1].isASCII,
                    characters[position + 1].isNumber, !number.isEmpty
                {
                    number.append(next)
                } else {
                    break
                }
                position += 1
            }
            return .number(number)
        }
        position += 1
        if character.isLetter {
            return .identifier(String(character), upright: !character.isASCII && Self.isCapitalGreek(character))
        }
        switch character {
        case "+": return .op("+", kind: .binary)
        case "-": return .op("−", kind: .binary)
        case "*": return .op("∗", kind: .binary)
        case "=", "<", ">": return .op(String(character), kind: .relation)
        case "~": return .space(0.3333)
        case "&", "#", "%", "$":
            guard keepsUnknownCommands else { throw Unsupported() }
            return .op(character == "&" ? " " : String(character), kind: .ordinary)
        default:
            return .op(String(character), kind: .ordinary)
        }
    }

    private static func isCapitalGreek(_ character: Character) -> Bool {
        MathSymbols.capitalGreek.values.contains(String(character))
    }

    /// The name after a backslash: letters, or one other character (`\{`, `\,`).
    private mutating func commandName() -> String {
        position += 1  // the backslash
        guard position < characters.count else { return "" }
        let start = position
        while position < characters.count, characters[position].isASCII, characters[position].isLetter { position += 1 }
        if position == start {
            position += 1
            return String(characters[start])
        }
        return String(characters[start..<position])
    }

    /// A delimiter after `\left`, `\right` or `\middle`: a character, or a command naming one; `.` is none.
    private mutating func delimiter() throws -> String {
        skipSpaces()
        guard !atEnd else { throw Unsupported() }
        if characters[position] == "\\" {
            let name = commandName()
            guard let symbol = MathSymbols.delimiters[name] else { throw Unsupported() }
            return symbol
        }
        let character = characters[position]
        position += 1
        switch character {
        case ".": return ""
        case "(", ")", "[", "]", "|", "/", "<", ">":
            return character == "<" ? "⟨" : character == ">" ? "⟩" : String(character)
        default: throw Unsupported()
        }
    }

    /// The node a command stands for; nil for commands that only change the style.
    private mutating func command(_ name: String) throws -> MathNode? {
        if let letter = MathSymbols.greek[name] { return .identifier(letter, upright: false) }
        if let letter = MathSymbols.capitalGreek[name] { return .identifier(letter, upright: true) }
        if let symbol = MathSymbols.letterlike[name] { return .identifier(symbol, upright: true) }
        if let symbol = MathSymbols.relations[name] { return .op(symbol, kind: .relation) }
        if let symbol = MathSymbols.binaries[name] { return .op(symbol, kind: .binary) }
        if let symbol = MathSymbols.largeOperators[name] { return .op(symbol, kind: .large) }
        if let symbol = MathSymbols.escaped[name] { return .op(symbol, kind: .ordinary) }
        if let width = MathSymbols.spaces[name] { return .space(width) }
        if MathSymbols.functionNames.contains(name) {
            let display = name == "bmod" ? "mod" : name
            return .identifier(display, upright: true)
        }
        if MathSymbols.ignored.contains(name) { return nil }
        if let symbol = MathSymbols.delimiters[name] { return .op(symbol, kind: .ordinary) }
        if let accent = MathSymbols.accents[name] {
            return .accent(try argument(), mark: accent.mark, combining: accent.combining, under: false)
        }
        if let alphabet = MathSymbols.Alphabet(rawValue: name) ?? MathSymbols.alphabetAliases[name] {
            return Self.restyle(try argument(), alphabet)
        }
        if let letter = Self.variantGreek(name) { return letter }
        switch name {
        case "frac", "dfrac", "tfrac", "cfrac":
            let numerator = try argument()
            return .fraction(numerator, try argument())
        case "binom", "dbinom", "tbinom":
            let top = try argument()
            return .binomial(top, try argument())
        case "sqrt":
            skipSpaces()
            var index: MathNode?
            if position < characters.count, characters[position] == "[" {
                position += 1
                let nodes = try row(until: .bracket)
                index = nodes.count == 1 ? nodes[0] : .row(nodes)
            }
            return .root(try argument(), index: index)
        case "text", "textrm", "textnormal", "mbox", "hbox", "textit", "textbf", "textsf", "texttt", "emph",
            "textsc", "textup", "textsl", "textmd":
            return .text(try textArgument())
        case "mathrm", "mathup", "mathnormal", "symrm", "symup":
            return Self.upright(try argument())
        case "operatorname", "mathop":
            skipSpaces()
            if name == "operatorname", position < characters.count, characters[position] == "*" { position += 1 }
            let body = try argument()
            if name == "mathop", case .op(let symbol, _) = body { return .op(symbol, kind: .large) }
            guard let text = Self.name(of: body) else { return Self.upright(body) }
            guard !text.isEmpty else { throw Unsupported() }
            return .identifier(text, upright: true)
        case "mathbin", "mathrel", "mathord", "mathpunct", "mathopen", "mathclose", "mathinner":
            let body = try argument()
            guard name != "mathord", name != "mathinner", let symbol = Self.name(of: body), !symbol.isEmpty else {
                return body
            }
            return .op(symbol, kind: name == "mathbin" ? .binary : name == "mathrel" ? .relation : .ordinary)
        case "colon":
            return .op(":", kind: .punctuation)
        case "not":
            // `\not\equiv`, `\not=`, `\not\exists`: the symbol struck through, as Unicode composes it.
            switch try argument() {
            case .op(let symbol, let kind): return .op(Self.negated(symbol), kind: kind)
            case .identifier(let symbol, let upright): return .identifier(Self.negated(symbol), upright: upright)
            default: throw Unsupported()
            }
        case "pmod", "pod":
            let modulus = try argument()
            var nodes: [MathNode] = [.space(0.4444), .op("(", kind: .ordinary)]
            if name == "pmod" { nodes += [.identifier("mod", upright: true), .space(0.3333)] }
            return .row(nodes + [modulus, .op(")", kind: .ordinary)])
        case "unicode":
            return try Self.character(code: try textArgument())
        case "xrightarrow", "xleftarrow", "xRightarrow", "xLeftarrow", "xleftrightarrow", "xmapsto":
            skipSpaces()
            var under: MathNode?
            if position < characters.count, characters[position] == "[" {
                position += 1
                let nodes = try row(until: .bracket)
                under = nodes.count == 1 ? nodes[0] : .row(nodes)
            }
            let over = try argument()
            let arrows = [
                "xrightarrow": "→", "xleftarrow": "←", "xRightarrow": "⇒", "xLeftarrow": "⇐",
                "xleftrightarrow": "↔", "xmapsto": "↦",
            ]
            return .overUnder(.op(arrows[name]!, kind: .relation), over: over, under: under)
        case "smash", "ensuremath", "rlap", "llap", "mathrlap", "mathllap", "mathclap":
            return try argument()
        case "mkern", "mskip", "kern", "hskip":
            return .space(try dimension(braced: false))
        case "hspace":
            skipSpaces()
            if position < characters.count, characters[position] == "*" { position += 1 }
            return .space(try dimension(braced: true))
        case "underline":
            return .accent(try argument(), mark: "_", combining: "\u{0332}", under: true)
        case "overset", "stackrel":
            let over = try argument()
            return .overUnder(try argument(), over: over, under: nil)
        case "underset":
            let under = try argument()
            return .overUnder(try argument(), over: nil, under: under)
        case "left":
            let open = try delimiter()
            let body = try row(until: .right)
            return .fenced(open: open, body: body, close: try delimiter())
        case "middle":
            return .op(try delimiter(), kind: .fence)
        case "\\":
            guard keepsUnknownCommands else { throw Unsupported() }
            return .space(1)
        default:
            guard keepsUnknownCommands else { throw Unsupported() }
            return .op("\\" + name, kind: .ordinary)
        }
    }

    /// The text of a braced argument in text mode (`\text{…}`): inner braces only group, `\%` and
    /// the like are their characters, `\ `, `\,` and `~` a space, and text commands inside it
    /// (`\textbf{…}` in `\text{…}`) their text. Math inside text, or any other command, fails.
    private mutating func textArgument() throws -> String {
        skipSpaces()
        guard !atEnd else { throw Unsupported() }
        guard characters[position] == "{" else {
            // One character is an argument too: `2{\text -}13`.
            guard !"\\}$^_&%".contains(characters[position]) else { throw Unsupported() }
            position += 1
            return String(characters[position - 1])
        }
        position += 1
        var depth = 1
        var text = ""
        while position < characters.count {
            let character = characters[position]
            switch character {
            case "{":
                depth += 1
                position += 1
            case "}":
                depth -= 1
                position += 1
                if depth == 0 { return text }
            case "~":
                text.append(" ")
                position += 1
            case "$":
                throw Unsupported()
            case "\\":
                let name = commandName()
                if let symbol = MathSymbols.escaped[name] {
                    text += symbol
                } else if MathSymbols.spaces[name] != nil {
                    text += " "
                } else if Self.textCommands.contains(name) {
                    text += try textArgument()
                } else if MathSymbols.ignored.contains(name) || MathSymbols.styleSwitches[name] != nil {
                    skipSpaces()  // `\mbox{\tiny b}`: a size or font for the rest of the text
                } else if keepsUnknownCommands {
                    text += "\\" + name
                } else {
                    throw Unsupported()
                }
            default:
                text.append(character)
                position += 1
            }
        }
        throw Unsupported()
    }

    /// Commands whose argument is text.
    private static let textCommands: Set<String> = [
        "text", "textrm", "textnormal", "mbox", "hbox", "textit", "textbf", "textsf", "texttt", "emph", "textsc",
        "textup", "textsl", "textmd",
    ]

    /// A length after `\mkern` (`18mu`) or in `\hspace{…}` (`1em`, `3pt`), in em; TeX's `mu` is 1/18 em.
    private mutating func dimension(braced: Bool) throws -> Double {
        skipSpaces()
        if braced {
            guard !atEnd, characters[position] == "{" else { throw Unsupported() }
            position += 1
            skipSpaces()
        }
        var number = ""
        while position < characters.count, characters[position].isASCII,
            characters[position].isNumber || characters[position] == "."
                || (number.isEmpty && characters[position] == "-")
        {
            number.append(characters[position])
            position += 1
        }
        skipSpaces()
        guard let value = Double(number), position + 2 <= characters.count else { throw Unsupported() }
        let units: [String: Double] = ["mu": 1.0 / 18, "em": 1, "ex": 0.43, "pt": 0.1, "mm": 0.285, "cm": 2.85]
        guard let scale = units[String(characters[position..<(position + 2)])] else { throw Unsupported() }
        position += 2
        if braced {
            skipSpaces()
            guard !atEnd, characters[position] == "}" else { throw Unsupported() }
            position += 1
        }
        return value * scale
    }

    /// The text of a node that spells a name (`\operatorname{arg\,max}`, `\mathbin{\#}`), spaces as
    /// spaces; nil when it holds more than letters, digits, symbols and spaces.
    private static func name(of node: MathNode) -> String? {
        switch node {
        case .identifier(let text, _), .number(let text), .text(let text): return text
        case .op(let text, _): return text == "−" ? "-" : text
        case .space(let width): return width > 0 ? " " : ""
        case .row(let nodes):
            var text = ""
            for child in nodes {
                guard let part = name(of: child) else { return nil }
                text += part
            }
            return text
        default: return nil
        }
    }

    /// `symbol` struck through: `≡` as `≢`, `=` as `≠`, `∈` as `∉` (U+0338, composed where Unicode can).
    private static func negated(_ symbol: String) -> String {
        (symbol + "\u{0338}").precomposedStringWithCanonicalMapping
    }

    /// The character `\unicode{x2013}` (hexadecimal) or `\unicode{8211}` (decimal) names, as a letter,
    /// a digit or a symbol; control characters and non-characters fail.
    private static func character(code: String) throws -> MathNode {
        let code = code.trimmingCharacters(in: .whitespaces)
        let value: UInt32?
        if let hex = code.first, hex == "x" || hex == "X" {
            value = UInt32(code.dropFirst(), radix: 16)
        } else {
            value = UInt32(code)
        }
        guard let value, value >= 0x20, !(0x7F...0x9F).contains(value), let scalar = Unicode.Scalar(value),
            !scalar.properties.isNoncharacterCodePoint, scalar.properties.generalCategory != .privateUse
        else { throw Unsupported() }
        let character = Character(scalar)
        if character.isLetter { return .identifier(String(character), upright: false) }
        if character.isASCII, character.isNumber { return .number(String(character)) }
        return .op(String(character), kind: .ordinary)
    }

    /// `\upalpha` (upright, from upgreek) and `\varGamma` (italic capitals, from amsmath).
    private static func variantGreek(_ name: String) -> MathNode? {
        if name.hasPrefix("up"), let letter = MathSymbols.greek[String(name.dropFirst(2))] {
            return .identifier(letter, upright: true)
        }
        if name.hasPrefix("var"), let letter = MathSymbols.capitalGreek[String(name.dropFirst(3))] {
            return .identifier(letter, upright: false)
        }
        return nil
    }

    /// A node with its letters and digits in `alphabet`; characters the alphabet lacks stay as they are.
    private static func restyle(_ node: MathNode, _ alphabet: MathSymbols.Alphabet) -> MathNode {
        func styled(_ text: String) -> String { String(text.map { alphabet.map($0) ?? $0 }) }
        switch node {
        case .identifier(let text, _): return .identifier(styled(text), upright: false)
        case .number(let text): return .number(styled(text))
        case .row(let nodes): return .row(nodes.map { restyle($0, alphabet) })
        case .scripts(let base, let sub, let sup): return .scripts(base: restyle(base, alphabet), sub: sub, sup: sup)
        case .accent(let base, let mark, let combining, let under):
            return .accent(restyle(base, alphabet), mark: mark, combining: combining, under: under)
        default: return node
        }
    }

    /// A node with its single letters set upright (`\mathrm{d}x`).
    private static func upright(_ node: MathNode) -> MathNode {
        switch node {
        case .identifier(let text, _): return .identifier(text, upright: true)
        case .row(let nodes):
            // Adjacent letters form one name: `\mathrm{softmax}`.
            var merged: [MathNode] = []
            for child in nodes.map(upright) {
                if case .identifier(let text, true) = child, case .identifier(let previous, true)? = merged.last {
                    merged[merged.count - 1] = .identifier(previous + text, upright: true)
                } else {
                    merged.append(child)
                }
            }
            return merged.count == 1 ? merged[0] : .row(merged)
        case .scripts(let base, let sub, let sup): return .scripts(base: upright(base), sub: sub, sup: sup)
        default: return node
        }
    }
}
