import Foundation

/// Writes a parsed formula as MathML Core, which Chromium, Firefox and Safari render with no
/// script or font to download.
enum MathMLWriter {
    /// `<math>` with the formula and, in its annotation, `tex` exactly as written.
    static func math(_ node: MathNode, tex: String, display: Bool) -> String {
        var html = display ? #"<math display="block"><semantics>"# : "<math><semantics>"
        html += "<mrow>"
        if case .row(let nodes) = node {
            for child in nodes { write(child, into: &html) }
        } else {
            write(node, into: &html)
        }
        html += "</mrow>"
        html += #"<annotation encoding="application/x-tex">"#
        html += HTMLEscaping.escaped(tex)
        html += "</annotation></semantics></math>"
        return html
    }

    /// One node as exactly one MathML element, as the children of `msub`, `mfrac` and the like must be.
    static func write(_ node: MathNode, into html: inout String) {
        switch node {
        case .identifier(let text, let upright):
            html += upright && text.count == 1 ? #"<mi mathvariant="normal">"# : "<mi>"
            html += HTMLEscaping.escaped(text) + "</mi>"
        case .number(let text):
            html += "<mn>" + HTMLEscaping.escaped(text) + "</mn>"
        case .op(let text, let kind):
            switch kind {
            case .fence: html += #"<mo stretchy="true">"#
            case .large: html += #"<mo largeop="true">"#
            case .punctuation: html += #"<mo lspace="0em" rspace="0.1667em">"#
            // Brackets typed as characters keep their size, as in TeX; only `\left`/`\right` stretch.
            // A slash is an ordinary symbol in TeX, with no space either side (`N/K`).
            case .ordinary where text == "/": html += #"<mo lspace="0em" rspace="0em" stretchy="false">"#
            case .ordinary where "()[]|".contains(text) || MathSymbols.delimiters.values.contains(text):
                html += #"<mo stretchy="false">"#
            default: html += "<mo>"
            }
            html += HTMLEscaping.escaped(text) + "</mo>"
        case .text(let text):
            // Spaces at either end of a token are dropped when it is drawn: `\text{ vs }` keeps
            // its own as no-break spaces.
            var shown = Substring(text)
            var leading = "", trailing = ""
            while shown.first == " " { (leading, shown) = (leading + "\u{A0}", shown.dropFirst()) }
            while shown.last == " " { (trailing, shown) = (trailing + "\u{A0}", shown.dropLast()) }
            html += "<mtext>" + leading + HTMLEscaping.escaped(String(shown)) + trailing + "</mtext>"
        case .space(let width):
            // MathML Core has no negative space; a negative `\!` only tightens, so it is left out.
            html += #"<mspace width=""# + String(format: "%.4gem", max(0, width)) + #""/>"#
        case .row(let nodes):
            html += "<mrow>"
            if nodes.count == 1, case .op(let symbol, let kind) = nodes[0], kind != .fence, kind != .large {
                // A braced symbol (`{=}`, `1{,}000`) is spaced as a letter, as in TeX: no space either side.
                html += #"<mo lspace="0em" rspace="0em">"# + HTMLEscaping.escaped(symbol) + "</mo>"
            } else {
                for child in nodes { write(child, into: &html) }
            }
            html += "</mrow>"
        case .scripts(let base, let sub, let sup):
            let element = sub != nil && sup != nil ? "msubsup" : sub != nil ? "msub" : "msup"
            html += "<\(element)>"
            write(base, into: &html)
            if let sub { write(sub, into: &html) }
            if let sup { write(sup, into: &html) }
            html += "</\(element)>"
        case .fraction(let numerator, let denominator):
            html += "<mfrac>"
            write(numerator, into: &html)
            write(denominator, into: &html)
            html += "</mfrac>"
        case .binomial(let top, let bottom):
            html += #"<mrow><mo fence="true" form="prefix">(</mo><mfrac linethickness="0">"#
            write(top, into: &html)
            write(bottom, into: &html)
            html += #"</mfrac><mo fence="true" form="postfix">)</mo></mrow>"#
        case .root(let radicand, let index):
            if let index {
                html += "<mroot>"
                write(radicand, into: &html)
                write(index, into: &html)
                html += "</mroot>"
            } else {
                html += "<msqrt>"
                write(radicand, into: &html)
                html += "</msqrt>"
            }
        case .accent(let base, let mark, _, let under):
            html += under ? #"<munder accentunder="true">"# : #"<mover accent="true">"#
            write(base, into: &html)
            html += "<mo>" + HTMLEscaping.escaped(mark) + "</mo>"
            html += under ? "</munder>" : "</mover>"
        case .overUnder(let base, let over, let under):
            let element = over != nil && under != nil ? "munderover" : over != nil ? "mover" : "munder"
            html += "<\(element)>"
            write(base, into: &html)
            if let under { write(under, into: &html) }
            if let over { write(over, into: &html) }
            html += "</\(element)>"
        case .fenced(let open, let body, let close):
            html += "<mrow>"
            if !open.isEmpty { html += #"<mo fence="true" form="prefix">"# + HTMLEscaping.escaped(open) + "</mo>" }
            for child in body { write(child, into: &html) }
            if !close.isEmpty { html += #"<mo fence="true" form="postfix">"# + HTMLEscaping.escaped(close) + "</mo>" }
            html += "</mrow>"
        }
    }
}

/// Writes a parsed formula as readable plain text for feeds, meta tags, JSON-LD, BibTeX and the
/// search index: Unicode where it has the character (`Õ(ε⁻²)`, `√n/ε₂²`), the TeX otherwise.
enum MathPlainTextWriter {
    static func text(_ node: MathNode) -> String {
        var text = ""
        write(node, into: &text, compact: false)
        return collapse(text)
    }

    /// Runs of spaces as one, none at the ends, none just inside brackets.
    static func collapse(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for character in text {
            if character == " " {
                pendingSpace = true
                continue
            }
            if pendingSpace, !result.isEmpty, !"([{⟨".contains(result.last!), !")]}⟩,;.".contains(character) {
                result.append(" ")
            }
            pendingSpace = false
            result.append(character)
        }
        return result
    }

    private static func write(_ node: MathNode, into text: inout String, compact: Bool) {
        switch node {
        case .identifier(let name, let upright):
            text += upright && name.count > 1 ? " \(name) " : name
        case .number(let digits):
            text += digits
        case .op(let symbol, let kind):
            switch kind {
            case .relation, .binary: text += compact ? symbol : " \(symbol) "
            case .large: text += symbol
            case .punctuation: text += compact ? symbol : "\(symbol) "
            case .ordinary, .fence: text += symbol == "," && !compact ? ", " : symbol
            }
        case .text(let words):
            text += words
        case .space(let width):
            if width >= 0.2 { text += " " }
        case .row(let nodes):
            // A braced single symbol (`{=}`, `{,}` in `1{,}000`) is spaced as a letter, as in TeX.
            let isGroupedSymbol = nodes.count == 1 && { if case .op = nodes[0] { true } else { false } }()
            for child in nodes { write(child, into: &text, compact: compact || isGroupedSymbol) }
        case .scripts(let base, let sub, let sup):
            if case .identifier(let name, true) = base, name.count > 1 {
                text += " " + name  // `\max_x f`: "maxₓ f", the scripts on the name
            } else {
                write(base, into: &text, compact: compact)
            }
            if let sub { text += script(sub, map: subscripts, marker: "_") }
            if let sup { text += script(sup, map: superscripts, marker: "^") }
            if case .identifier(let name, true) = base, name.count > 1 { text += " " }
        case .fraction(let numerator, let denominator):
            text += grouped(numerator) + "/" + grouped(denominator)
        case .binomial(let top, let bottom):
            text += "(" + self.text(top) + " choose " + self.text(bottom) + ")"
        case .root(let radicand, let index):
            let indexText = index.map { self.text($0) }
            switch indexText {
            case nil: text += "√"
            case "3": text += "∛"
            case "4": text += "∜"
            case let other?: text += script(.text(other), map: superscripts, marker: "^") + "√"
            }
            text += grouped(radicand)
        case .accent(let base, _, let combining, _):
            var marked = ""
            for character in self.text(base) {
                marked.append(character)
                if character != " " { marked.unicodeScalars.append(combining) }
            }
            text += marked.precomposedStringWithCanonicalMapping
        case .overUnder(let base, let over, let under):
            write(base, into: &text, compact: compact)
            if let under { text += script(under, map: subscripts, marker: "_") }
            if let over { text += script(over, map: superscripts, marker: "^") }
        case .fenced(let open, let body, let close):
            text += open
            for child in body { write(child, into: &text, compact: compact) }
            text += close
        }
    }

    /// A node alone, in parentheses unless it is one symbol, name or number.
    private static func grouped(_ node: MathNode) -> String {
        let inner = text(node)
        let isAtom = inner.count == 1 || inner.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." }
        switch node {
        case .fenced, .root, .text: return inner
        default: return isAtom ? inner : "(\(inner))"
        }
    }

    /// A sub- or superscript in Unicode's small figures when it has them all, else `_x` or `^(…)`.
    private static func script(_ node: MathNode, map: [Character: Character], marker: Character) -> String {
        var inner = ""
        write(node, into: &inner, compact: true)
        inner = collapse(inner)
        let small = inner.compactMap { map[$0] }
        if small.count == inner.count, !inner.isEmpty { return String(small) }
        return inner.count == 1 ? "\(marker)\(inner)" : "\(marker)(\(inner))"
    }

    static let superscripts: [Character: Character] = {
        var map: [Character: Character] = [:]
        for (plain, small) in zip(
            "0123456789+−-=()nitT′∗⊤abcdefghjklmoprsuvwxyz", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱᵗᵀ′*ᵀᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵘᵛʷˣʸᶻ")
        {
            map[plain] = small
        }
        return map
    }()

    static let subscripts: [Character: Character] = {
        var map: [Character: Character] = [:]
        for (plain, small) in zip("0123456789+−-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ") {
            map[plain] = small
        }
        return map
    }()
}
