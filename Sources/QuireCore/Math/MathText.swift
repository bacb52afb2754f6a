import Foundation

/// Text that may hold TeX math (a title, an abstract), as HTML with MathML and as plain text.
///
/// Outside math the text is shown as it is (the loader has already repaired text-mode TeX such
/// as `\%` and `\"o`). A formula of the supported subset becomes MathML with its TeX kept in an
/// annotation; any other formula is shown as written, delimiters and all.
public enum MathText {
    /// The plain-text form: each formula as Unicode where it has the characters, the TeX where it
    /// does not, without delimiters. Text with no formula is returned as it is.
    public static func plainText(_ text: String) -> String {
        let spans = MathSpans.all(in: text)
        guard !spans.isEmpty else { return text }
        let bytes = Array(text.utf8)
        var result = ""
        var last = 0
        for span in spans {
            result += String(decoding: bytes[last..<span.range.lowerBound], as: UTF8.self)
            let tex = String(decoding: bytes[span.content], as: UTF8.self)
            result += plainText(formula: tex)
            last = span.range.upperBound
        }
        result += String(decoding: bytes[last...], as: UTF8.self)
        return result
    }

    /// One formula (without delimiters) as plain text.
    static func plainText(formula tex: String) -> String {
        guard let node = TeXMathParser.parseLeniently(tex) else {
            return tex.trimmingCharacters(in: .whitespaces)
        }
        return MathPlainTextWriter.text(node)
    }

    /// HTML for a title or any one-line text: the text escaped, each formula as MathML.
    public static func html(_ text: String) -> String {
        let spans = MathSpans.all(in: text)
        guard !spans.isEmpty else { return HTMLEscaping.escaped(text) }
        let bytes = Array(text.utf8)
        var result = ""
        var last = 0
        for span in spans {
            result += HTMLEscaping.escaped(String(decoding: bytes[last..<span.range.lowerBound], as: UTF8.self))
            result += html(bytes: bytes, span: span)
            last = span.range.upperBound
        }
        result += HTMLEscaping.escaped(String(decoding: bytes[last...], as: UTF8.self))
        return result
    }

    /// HTML for a paragraph of text, rendered by `render` (which escapes it and links its URLs)
    /// with each formula as MathML: formulas are swapped for private-use placeholders that
    /// `render` passes through untouched, then swapped back.
    package static func html(_ text: String, rendering render: (String) -> String) -> String {
        let spans = MathSpans.all(in: text)
        guard !spans.isEmpty else { return render(text) }
        let bytes = Array(text.utf8)
        var withPlaceholders = ""
        var formulas: [String] = []
        var last = 0
        for span in spans {
            withPlaceholders += String(decoding: bytes[last..<span.range.lowerBound], as: UTF8.self)
            withPlaceholders += placeholder(formulas.count)
            formulas.append(html(bytes: bytes, span: span))
            last = span.range.upperBound
        }
        withPlaceholders += String(decoding: bytes[last...], as: UTF8.self)
        return swappingPlaceholders(in: render(withPlaceholders), for: formulas)
    }

    /// `rendered` with each placeholder `placeholder(n)` swapped for `formulas[n]`, in one pass
    /// over the bytes (Foundation's `replacingOccurrences`, once a formula, took a twentieth of
    /// the paper pages' values).
    private static func swappingPlaceholders(in rendered: String, for formulas: [String]) -> String {
        var rendered = rendered
        return rendered.withUTF8 { bytes -> String in
            // U+E000, U+E001 and the digits U+E010–U+E019 in UTF-8: EE 80 80, EE 80 81, EE 80 9x.
            func isMark(_ index: Int, _ last: UInt8) -> Bool {
                index + 3 <= bytes.count && bytes[index] == 0xEE && bytes[index + 1] == 0x80 && bytes[index + 2] == last
            }
            func isDigit(_ index: Int) -> Bool {
                index + 3 <= bytes.count && bytes[index] == 0xEE && bytes[index + 1] == 0x80
                    && bytes[index + 2] & 0xF0 == 0x90 && bytes[index + 2] & 0x0F < 10
            }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + formulas.reduce(0) { $0 + $1.utf8.count })
            var (index, runStart) = (0, 0)
            while index < bytes.count {
                guard isMark(index, 0x80) else {
                    index += 1
                    continue
                }
                var (end, number, digits) = (index + 3, 0, 0)
                while isDigit(end) {
                    number = number * 10 + Int(bytes[end + 2] & 0x0F)
                    digits += 1
                    end += 3
                }
                // As `placeholder` writes them: no leading zero, a formula's number.
                let wellFormed = digits > 0 && digits < 10 && (digits == 1 || bytes[index + 5] != 0x90)
                guard wellFormed, number < formulas.count, isMark(end, 0x81) else {
                    index += 1
                    continue
                }
                result += UnsafeBufferPointer(rebasing: bytes[runStart..<index])
                result += formulas[number].utf8
                index = end + 3
                runStart = index
            }
            result += UnsafeBufferPointer(rebasing: bytes[runStart...])
            return String(decoding: result, as: UTF8.self)
        }
    }

    /// `U+E000`, the number in private-use digits, `U+E001`: nothing Markdown or a link finder reads.
    private static func placeholder(_ index: Int) -> String {
        var text = "\u{E000}"
        for digit in String(index).unicodeScalars {
            text.unicodeScalars.append(Unicode.Scalar(0xE010 + digit.value - 0x30)!)
        }
        text += "\u{E001}"
        return text
    }

    /// One formula as MathML, or as its TeX source in a `<span class="tex">` when it is outside the subset.
    private static func html(bytes: [UInt8], span: MathSpans.Span) -> String {
        let tex = String(decoding: bytes[span.content], as: UTF8.self)
        guard let node = TeXMathParser.parse(tex) else {
            let source = String(decoding: bytes[span.range], as: UTF8.self)
            return #"<span class="tex">"# + HTMLEscaping.escaped(source) + "</span>"
        }
        return MathMLWriter.math(node, tex: tex, display: span.isDisplay)
    }
}
