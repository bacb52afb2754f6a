import Foundation

/// Repairs LaTeX that survives in scraped arXiv abstracts, where the intent is unambiguous:
/// escaped symbols (`13\%`), accents (`T\"ULU`, `Rozi\`ere`), Greek letters (`{\delta}`),
/// text commands (`\textit{x}`, `\url{x}`, `\footnote{x}`), a link repeated as `X{X}`,
/// TeX quotes (` ``x'' `) and a tie after a full stop (`e.g.~on`).
/// Unknown macros (`\model`) are left as written, since their meaning cannot be known.
///
/// Hand-written: no library here converts LaTeX fragments to text.
enum LatexRepair {
    static let escapedSymbols: Set<Unicode.Scalar> = ["%", "&", "_", "#", "$"]
    static let accents: [Unicode.Scalar: Unicode.Scalar] = [
        "\"": "\u{0308}", "'": "\u{0301}", "`": "\u{0300}", "^": "\u{0302}",
        "~": "\u{0303}", "=": "\u{0304}", ".": "\u{0307}",
    ]
    static let greek: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
        "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ",
        "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ",
        "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
        "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]
    /// Commands whose single argument is kept as plain text.
    static let textCommands: Set<String> = ["textit", "textbf", "emph", "texttt", "textsc", "text", "mathrm", "mathbf", "url"]

    static func apply(_ text: String) -> String {
        var scanner = Scanner(Array(text.unicodeScalars))
        return scanner.run()
    }

    struct Scanner {
        let input: [Unicode.Scalar]
        var position = 0
        var output: [Unicode.Scalar] = []
        var doubleQuoteOpen = false
        var singleQuoteOpen = false

        init(_ input: [Unicode.Scalar]) {
            self.input = input
        }

        func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            let index = position + offset
            return index < input.count ? input[index] : nil
        }

        mutating func run() -> String {
            while position < input.count {
                let character = input[position]
                switch character {
                case "\\": backslash()
                case "{": brace()
                case "`": backtick()
                case "'": apostrophe()
                case "\"": straightQuote()
                case "~": tilde()
                default:
                    output.append(character)
                    position += 1
                }
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(output.count + output.count / 8)
            for scalar in output { UTF8.encode(scalar) { bytes.append($0) } }
            return String(decoding: bytes, as: UTF8.self)
        }

        static func isLetter(_ scalar: Unicode.Scalar?) -> Bool { scalar?.properties.isAlphabetic ?? false }
        static func isDigit(_ scalar: Unicode.Scalar?) -> Bool { scalar.map { ("0"..."9").contains($0) } ?? false }

        // MARK: - Commands

        mutating func backslash() {
            guard let next = peek(1) else { return emitCurrent() }
            if LatexRepair.escapedSymbols.contains(next) {
                output.append(next)
                position += 2
                return
            }
            if let accent = LatexRepair.accents[next], let (letter, length) = accentedLetter(from: position + 2) {
                output.append(contentsOf: AccentComposition.compose(letter, accent))
                position += 2 + length
                return
            }
            let name = commandName(from: position + 1)
            guard !name.isEmpty else { return emitCurrent() }
            let afterName = position + 1 + name.count
            if let letter = LatexRepair.greek[name] {
                output.append(contentsOf: letter.unicodeScalars)
                position = afterName
                if peek() == "{", peek(1) == "}" { position += 2 }
                return
            }
            if LatexRepair.textCommands.contains(name), let (argument, end) = braced(from: afterName) {
                output.append(contentsOf: LatexRepair.apply(String(String.UnicodeScalarView(argument))).unicodeScalars)
                position = end
                return
            }
            if name == "footnote", let (argument, end) = braced(from: afterName) {
                if let last = output.last, !last.properties.isWhitespace { output.append(" ") }
                output.append("(")
                output.append(contentsOf: LatexRepair.apply(String(String.UnicodeScalarView(argument))).unicodeScalars)
                output.append(")")
                position = end
                return
            }
            if name == "href", let (target, middle) = braced(from: afterName), let (label, end) = braced(from: middle) {
                output.append(contentsOf: LatexRepair.apply(String(String.UnicodeScalarView(label))).unicodeScalars)
                output.append(contentsOf: " (\(String(String.UnicodeScalarView(target))))".unicodeScalars)
                position = end
                return
            }
            emitCurrent()  // an unknown macro: its meaning cannot be known
        }

        /// `{\delta}`, `{\"o}`, or a link repeated in braces right after itself.
        mutating func brace() {
            guard let (content, end) = braced(from: position) else { return emitCurrent() }
            if content.first == "\\" {
                let original = String(String.UnicodeScalarView(content))
                let repaired = LatexRepair.apply(original)
                if repaired.count == 1 || (repaired != original && !repaired.contains("\\")) {
                    output.append(contentsOf: repaired.unicodeScalars)
                    position = end
                    return
                }
            }
            if isRepeatOfPrecedingLink(content) {
                position = end
                return
            }
            emitCurrent()
        }

        func isRepeatOfPrecedingLink(_ content: ArraySlice<Unicode.Scalar>) -> Bool {
            guard content.starts(with: "http://".unicodeScalars) || content.starts(with: "https://".unicodeScalars) else { return false }
            let written = output
            let tail = written.suffix(content.count)
            guard tail.count == content.count, tail.elementsEqual(content) else { return false }
            let before = written.count - content.count - 1
            return before < 0 || written[before].properties.isWhitespace || written[before] == "("
        }

        // MARK: - Quotes and ties

        mutating func backtick() {
            if peek(1) == "`" {
                output.append("“")
                doubleQuoteOpen = true
                position += 2
            } else {
                output.append("‘")
                singleQuoteOpen = true
                position += 1
            }
        }

        mutating func apostrophe() {
            if peek(1) == "'", doubleQuoteOpen {
                output.append("”")
                doubleQuoteOpen = false
                position += 2
            } else if singleQuoteOpen, !Self.isLetter(peek(1)) {
                output.append("’")
                singleQuoteOpen = false
                position += 1
            } else {
                emitCurrent()
            }
        }

        mutating func straightQuote() {
            if doubleQuoteOpen {
                output.append("”")
                doubleQuoteOpen = false
                position += 1
            } else {
                emitCurrent()
            }
        }

        mutating func tilde() {
            if output.last == ".", Self.isLetter(peek(1)) || Self.isDigit(peek(1)) || peek(1) == "\\" {
                output.append(" ")
                position += 1
            } else {
                emitCurrent()
            }
        }

        // MARK: - Helpers

        mutating func emitCurrent() {
            output.append(input[position])
            position += 1
        }

        func commandName(from start: Int) -> String {
            var end = start
            while end < input.count, input[end].isASCII, input[end].properties.isAlphabetic { end += 1 }
            return String(String.UnicodeScalarView(input[start..<end]))
        }

        /// The letter an accent applies to, written `o` or `{o}`, and how many characters that took.
        func accentedLetter(from start: Int) -> (Unicode.Scalar, Int)? {
            guard start < input.count else { return nil }
            if Self.isLetter(input[start]) { return (input[start], 1) }
            if input[start] == "{", start + 2 < input.count, Self.isLetter(input[start + 1]), input[start + 2] == "}" {
                return (input[start + 1], 3)
            }
            return nil
        }

        /// The content of a balanced `{…}` starting at `start`, and the index just after it.
        func braced(from start: Int) -> (ArraySlice<Unicode.Scalar>, Int)? {
            guard start < input.count, input[start] == "{" else { return nil }
            var depth = 0
            var index = start
            while index < input.count {
                switch input[index] {
                case "{": depth += 1
                case "}":
                    depth -= 1
                    if depth == 0 { return (input[(start + 1)..<index], index + 1) }
                default: break
                }
                index += 1
            }
            return nil
        }
    }
}

/// Letters with accents as LaTeX writes them (`\"U`), composed once per pair with Foundation's
/// NFC and remembered: composing every abstract with Foundation would cost far more.
enum AccentComposition {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var composed: [UInt64: [Unicode.Scalar]] = [:]

    static func compose(_ letter: Unicode.Scalar, _ accent: Unicode.Scalar) -> [Unicode.Scalar] {
        let key = UInt64(letter.value) << 32 | UInt64(accent.value)
        if let known = lock.withLock({ composed[key] }) { return known }
        let result = Array(String(String.UnicodeScalarView([letter, accent])).precomposedStringWithCanonicalMapping.unicodeScalars)
        lock.withLock { composed[key] = result }
        return result
    }
}
