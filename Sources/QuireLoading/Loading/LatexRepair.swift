import Foundation
import QuireCore

/// Repairs LaTeX that survives in scraped arXiv abstracts, where the intent is unambiguous:
/// escaped symbols (`13\%`), accents (`T\"ULU`, `Rozi\`ere`), Greek letters (`{\delta}`),
/// text commands (`\textit{x}`, `\url{x}`, `\footnote{x}`), a link repeated as `X{X}`,
/// TeX quotes (` ``x'' `), a tie after a full stop (`e.g.~on`), an escaped apostrophe
/// (`GPT-4o\'s`), a thin space (`10\,000`, which becomes a plain space: the normalizer makes
/// every Unicode space one ASCII space), `\nobreakdash-` and a few symbols outside math (`\pm`).
/// Text in single backticks (`` `cat.n.01` ``) is code, copied with its backticks.
/// Unknown macros (`\model`) are left as written, since their meaning cannot be known. Math
/// (`$…$`, `\(…\)`, `$$…$$`, `\[…\]`, as `MathSpans` finds it) is copied exactly: the renderer
/// turns it into MathML and keeps its TeX.
///
/// Hand-written: no library here converts LaTeX fragments to text. It works on UTF-8 bytes
/// (everything it looks for is ASCII) and copies the text between them unchanged.
enum LatexRepair {
    static let escapedSymbols: Set<UInt8> = Set("%&_#$".utf8)
    static let accents: [UInt8: Unicode.Scalar] = [
        UInt8(ascii: "\""): "\u{0308}", UInt8(ascii: "'"): "\u{0301}", UInt8(ascii: "`"): "\u{0300}",
        UInt8(ascii: "^"): "\u{0302}", UInt8(ascii: "~"): "\u{0303}", UInt8(ascii: "="): "\u{0304}",
        UInt8(ascii: "."): "\u{0307}",
    ]
    static let greek: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
        "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ",
        "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ",
        "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
        "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]
    /// Symbols written as commands outside math.
    static let symbols: [String: String] = ["pm": "±", "mp": "∓", "times": "×", "approx": "≈"]
    /// Contractions and the possessive after an escaped apostrophe: `GPT-4o\'s`, `can\'t`.
    static let contractions: [[UInt8]] = ["s", "t", "d", "m", "re", "ll", "ve"].map { Array($0.utf8) }
    /// Commands whose single argument is kept as plain text.
    static let textCommands: Set<String> = [
        "textit", "textbf", "emph", "texttt", "textsc", "text", "mathrm", "mathbf", "url",
    ]

    static func apply(_ text: String) -> String {
        var scanner = Scanner(Array(text.utf8))
        return scanner.run()
    }

    static func apply(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var scanner = Scanner(Array(bytes))
        return Array(scanner.run().utf8)
    }

    struct Scanner {
        let input: [UInt8]
        var position = 0
        var output: [UInt8] = []
        var doubleQuoteOpen = false
        var singleQuoteOpen = false

        init(_ input: [UInt8]) {
            self.input = input
            output.reserveCapacity(input.count)
        }

        func peek(_ offset: Int = 0) -> UInt8? {
            let index = position + offset
            return index < input.count ? input[index] : nil
        }

        mutating func run() -> String {
            while position < input.count {
                switch input[position] {
                case 0x5C: backslash()  // \
                case 0x7B: brace()  // {
                case 0x60: backtick()  // `
                case 0x27: apostrophe()  // '
                case 0x22: straightQuote()  // "
                case 0x7E: tilde()  // ~
                case 0x24: math()  // $
                default:
                    // Copy up to the next character of interest in one go.
                    var end = position + 1
                    while end < input.count, !Self.isOfInterest(input[end]) { end += 1 }
                    output.append(contentsOf: input[position..<end])
                    position = end
                }
            }
            return String(decoding: output, as: UTF8.self)
        }

        @inline(__always) static func isOfInterest(_ byte: UInt8) -> Bool {
            switch byte {
            case 0x5C, 0x7B, 0x60, 0x27, 0x22, 0x7E, 0x24: return true
            default: return false
            }
        }

        /// ASCII letters, and any non-ASCII character (a letter in the texts this repairs).
        static func isLetter(_ byte: UInt8?) -> Bool {
            guard let byte else { return false }
            return (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte >= 0x80
        }

        static func isDigit(_ byte: UInt8?) -> Bool { byte.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }

        mutating func append(_ text: String) { output.append(contentsOf: text.utf8) }

        // MARK: - Commands

        /// A formula, copied as it is; a `$` that opens none is plain text.
        mutating func math() {
            guard let span = MathSpans.span(in: input, at: position) else { return emitCurrent() }
            output.append(contentsOf: input[span.range])
            position = span.range.upperBound
        }

        mutating func backslash() {
            guard let next = peek(1) else { return emitCurrent() }
            if next == 0x28 || next == 0x5B, MathSpans.span(in: input, at: position) != nil { return math() }
            if LatexRepair.escapedSymbols.contains(next) {
                output.append(next)
                position += 2
                return
            }
            if next == 0x27, isEscapedApostrophe() {
                output.append(0x27)
                position += 2
                return
            }
            if next == 0x2C {  // \, a thin space
                output.append(0x20)
                position += 2
                return
            }
            if let accent = LatexRepair.accents[next], let (letter, length) = accentedLetter(from: position + 2) {
                for scalar in AccentComposition.compose(Unicode.Scalar(letter), accent) {
                    UTF8.encode(scalar) { output.append($0) }
                }
                position += 2 + length
                return
            }
            let name = commandName(from: position + 1)
            guard !name.isEmpty else { return emitCurrent() }
            let afterName = position + 1 + name.utf8.count
            if name == "nobreakdash" {  // the hyphen after it is kept
                position = afterName
                return
            }
            if let letter = LatexRepair.greek[name] ?? LatexRepair.symbols[name] {
                append(letter)
                position = afterName
                if peek() == 0x7B, peek(1) == 0x7D { position += 2 }
                return
            }
            if LatexRepair.textCommands.contains(name), let (argument, end) = braced(from: afterName) {
                output.append(contentsOf: LatexRepair.apply(argument))
                position = end
                return
            }
            if name == "footnote", let (argument, end) = braced(from: afterName) {
                if let last = output.last, last != 0x20 { output.append(0x20) }
                output.append(0x28)
                output.append(contentsOf: LatexRepair.apply(argument))
                output.append(0x29)
                position = end
                return
            }
            if name == "href", let (target, middle) = braced(from: afterName), let (label, end) = braced(from: middle) {
                output.append(contentsOf: LatexRepair.apply(label))
                append(" (")
                output.append(contentsOf: target)
                append(")")
                position = end
                return
            }
            emitCurrent()  // an unknown macro: its meaning cannot be known
        }

        /// `{\delta}`, `{\"o}`, or a link repeated in braces right after itself.
        mutating func brace() {
            guard let (content, end) = braced(from: position) else { return emitCurrent() }
            if content.first == 0x5C {
                let repaired = LatexRepair.apply(content)
                let isOneCharacter = String(decoding: repaired, as: UTF8.self).count == 1
                if isOneCharacter || (!repaired.elementsEqual(content) && !repaired.contains(0x5C)) {
                    output.append(contentsOf: repaired)
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

        func isRepeatOfPrecedingLink(_ content: ArraySlice<UInt8>) -> Bool {
            guard content.starts(with: "http://".utf8) || content.starts(with: "https://".utf8) else { return false }
            let tail = output.suffix(content.count)
            guard tail.count == content.count, tail.elementsEqual(content) else { return false }
            let before = output.count - content.count - 1
            return before < 0 || output[before] == 0x20 || output[before] == 0x28
        }

        // MARK: - Quotes and ties

        /// Whether `\'` at `position` is an apostrophe rather than an acute accent: it follows a
        /// letter or digit, and comes before a digit's or a word's ending (`4o\'s`, `don\'t`,
        /// `models\' `), not before a letter it would accent (`Caf\'e`).
        func isEscapedApostrophe() -> Bool {
            guard let last = output.last, Self.isLetter(last) || Self.isDigit(last) else { return false }
            if Self.isDigit(last) { return true }
            if !Self.isLetter(peek(2)) { return peek(2) != 0x7B && peek(2) != 0x5C }  // not `\'{e}`, `\'\i`
            return LatexRepair.contractions.contains { ending in
                input[(position + 2)...].starts(with: ending) && !Self.isLetter(peek(2 + ending.count))
            }
        }

        /// A single backtick closed by another backtick before any closing quote: code, such as
        /// `` `cat.n.01` ``, copied as written.
        func codeSpanEnd() -> Int? {
            var index = position + 1
            while index < input.count {
                switch input[index] {
                case 0x60: return index > position + 1 && input[index - 1] != 0x60 ? index + 1 : nil
                case 0x27 where !Self.isLetter(index + 1 < input.count ? input[index + 1] : nil): return nil
                case 0x0A: return nil
                default: index += 1
                }
            }
            return nil
        }

        mutating func backtick() {
            if peek(1) != 0x60, let end = codeSpanEnd(), end >= input.count || input[end] != 0x60 {
                output.append(contentsOf: input[position..<end])
                position = end
                return
            }
            if peek(1) == 0x60 {
                append("“")
                doubleQuoteOpen = true
                position += 2
            } else {
                append("‘")
                singleQuoteOpen = true
                position += 1
            }
        }

        mutating func apostrophe() {
            if peek(1) == 0x27, doubleQuoteOpen {
                append("”")
                doubleQuoteOpen = false
                position += 2
            } else if singleQuoteOpen, !Self.isLetter(peek(1)) {
                append("’")
                singleQuoteOpen = false
                position += 1
            } else {
                emitCurrent()
            }
        }

        mutating func straightQuote() {
            if doubleQuoteOpen {
                append("”")
                doubleQuoteOpen = false
                position += 1
            } else {
                emitCurrent()
            }
        }

        mutating func tilde() {
            if output.last == 0x2E, Self.isLetter(peek(1)) || Self.isDigit(peek(1)) || peek(1) == 0x5C {
                output.append(0x20)
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
            while end < input.count, input[end] | 0x20 >= 0x61, input[end] | 0x20 <= 0x7A { end += 1 }
            return String(decoding: input[start..<end], as: UTF8.self)
        }

        /// The ASCII letter an accent applies to, written `o` or `{o}` (or a dotless `\i`, `{\i}`,
        /// `\j`, which take the accent in place of their dot), and how many bytes that took.
        func accentedLetter(from start: Int) -> (UInt8, Int)? {
            guard start < input.count else { return nil }
            let isASCIILetter: (UInt8) -> Bool = { $0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A }
            func isDotless(at index: Int) -> Bool {
                index + 1 < input.count && input[index] == 0x5C
                    && (input[index + 1] == 0x69 || input[index + 1] == 0x6A)
                    && (index + 2 >= input.count || !isASCIILetter(input[index + 2]))
            }
            if isDotless(at: start) { return (input[start + 1], 2) }
            if input[start] == 0x7B, isDotless(at: start + 1), start + 3 < input.count, input[start + 3] == 0x7D {
                return (input[start + 2], 4)
            }
            if isASCIILetter(input[start]) { return (input[start], 1) }
            if input[start] == 0x7B, start + 2 < input.count, isASCIILetter(input[start + 1]), input[start + 2] == 0x7D
            {
                return (input[start + 1], 3)
            }
            return nil
        }

        /// The content of a balanced `{…}` starting at `start`, and the index just after it.
        func braced(from start: Int) -> (ArraySlice<UInt8>, Int)? {
            guard start < input.count, input[start] == 0x7B else { return nil }
            var depth = 0
            var index = start
            while index < input.count {
                switch input[index] {
                case 0x7B: depth += 1
                case 0x7D:
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
        let result = Array(
            String(String.UnicodeScalarView([letter, accent])).precomposedStringWithCanonicalMapping.unicodeScalars)
        lock.withLock { composed[key] = result }
        return result
    }
}
