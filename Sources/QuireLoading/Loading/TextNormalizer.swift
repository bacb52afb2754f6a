import Foundation
import QuireCore

/// Cleans scraped text: collapses whitespace, drops control characters, repairs unambiguous
/// LaTeX leftovers and composes Unicode to NFC, keeping every non-ASCII letter intact.
public enum TextNormalizer {
    /// The normalized form of a title or abstract.
    public static func normalize(_ text: String) -> String {
        let needs = Needs(text)
        var result = needs.collapse ? collapseWhitespace(text) : text
        if needs.latex {
            result = collapseWhitespace(LatexRepair.apply(result))
        }
        if !needs.isASCII || needs.latex, mayNeedComposition(result) {
            result = result.precomposedStringWithCanonicalMapping
        }
        return result
    }

    /// What a text needs, found in one pass over its bytes.
    struct Needs {
        var collapse = false
        var latex = false
        var isASCII = true

        init(_ text: String) {
            var text = text
            var collapse = false, latex = false, isASCII = true
            text.withUTF8 { bytes in
                TextNormalizer.plainBytes.withUnsafeBufferPointer { plain in
                    let count = bytes.count
                    var index = 0
                    while index < count {
                        let byte = bytes[index]
                        if plain[Int(byte)] {  // the common case
                            index += 1
                            continue
                        }
                        switch byte {
                        case 0x20: if index == 0 || bytes[index - 1] == 0x20 { collapse = true }
                        case 0x00..<0x20, 0x7F: collapse = true
                        case 0x5C, 0x60, 0x7B, 0x7E: latex = true  // \ ` { ~
                        case 0x80...:
                            isASCII = false
                            if TextNormalizer.unicodeSpaceOrControlLength(bytes, at: index) > 0 { collapse = true }
                        default: break
                        }
                        index += 1
                    }
                    if count == 0 || bytes[count - 1] == 0x20 { collapse = true }
                }
            }
            self.collapse = collapse
            self.latex = latex
            self.isASCII = isASCII
        }
    }

    /// Bytes that need no attention from `Needs`: printable ASCII other than space, `\`, `` ` ``,
    /// `{` and `~`.
    static let plainBytes: [Bool] = (0...255).map { byte in
        byte > 0x20 && byte < 0x7F && byte != 0x5C && byte != 0x60 && byte != 0x7B && byte != 0x7E
    }

    /// The byte length of a non-ASCII whitespace (U+0085, U+00A0, U+1680, U+2000–U+200A,
    /// U+2028, U+2029, U+202F, U+205F, U+3000) or C1 control (U+0080–U+009F) starting at
    /// `index`, else 0.
    static func unicodeSpaceOrControlLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        guard lead == 0xC2 || lead == 0xE1 || lead == 0xE2 || lead == 0xE3, index + 1 < bytes.count else { return 0 }
        let second = bytes[index + 1]
        if lead == 0xC2 { return (second >= 0x80 && second <= 0x9F) || second == 0xA0 ? 2 : 0 }
        guard index + 2 < bytes.count else { return 0 }
        let third = bytes[index + 2]
        switch (lead, second) {
        case (0xE1, 0x9A): return third == 0x80 ? 3 : 0
        case (0xE2, 0x80): return third <= 0x8A || third == 0xA8 || third == 0xA9 || third == 0xAF ? 3 : 0
        case (0xE2, 0x81): return third == 0x9F ? 3 : 0
        case (0xE3, 0x80): return third == 0x80 ? 3 : 0
        default: return 0
        }
    }

    /// Whether NFC could change the text: only combining marks, Hangul jamo and the few
    /// singletons NFC replaces (Ω, K, Å signs, CJK compatibility ideographs) can. Checking
    /// first spares the costly Foundation conversion for the texts (nearly all) already in NFC.
    static func mayNeedComposition(_ text: String) -> Bool {
        // First on bytes: only these lead bytes can start such a character (U+0300–U+037F: CC, CD;
        // U+1xxx: E1; U+20D0–U+212B: E2 83/84; U+3xxx–U+Dxxx: E3–ED; U+Fxxx: EF; beyond: F0–F4).
        var candidate = false
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0xCC || byte == 0xCD || byte == 0xE1 || (byte >= 0xE3 && byte <= 0xED) || byte >= 0xEF
                    || (byte == 0xE2 && index + 1 < bytes.count
                        && (bytes[index + 1] == 0x83 || bytes[index + 1] == 0x84))
                {
                    candidate = true
                    return
                }
                index += 1
            }
        }
        guard candidate else { return false }
        return text.unicodeScalars.contains { scalar in
            let value = scalar.value
            guard value >= 0x300 else { return false }
            return scalar.properties.canonicalCombiningClass != .notReordered
                || (0x1100...0x11FF).contains(value) || value == 0x2126 || value == 0x212A || value == 0x212B
                || (0xF900...0xFAFF).contains(value) || (0x2F800...0x2FA1F).contains(value)
                || (0x0340...0x0344).contains(value) || value == 0x0374 || value == 0x037E || value == 0x0387
        }
    }

    /// One space for every run of whitespace, none at the ends, no control characters.
    /// Works on bytes: only ASCII and the few multi-byte spaces and controls are special.
    static func collapseWhitespace(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { output in
                var written = 0
                var pendingSpace = false
                var index = 0
                func emitSpaceIfPending() {
                    if pendingSpace && written > 0 {
                        output[written] = 0x20
                        written += 1
                    }
                    pendingSpace = false
                }
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte > 0x20 && byte < 0x7F {
                        // A run of visible ASCII, copied in one go.
                        emitSpaceIfPending()
                        var end = index + 1
                        while end < bytes.count, bytes[end] > 0x20, bytes[end] < 0x7F { end += 1 }
                        UnsafeMutableRawPointer(output.baseAddress! + written)
                            .copyMemory(from: bytes.baseAddress! + index, byteCount: end - index)
                        written += end - index
                        index = end
                        continue
                    }
                    if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0B || byte == 0x0C || byte == 0x0D {
                        pendingSpace = true
                        index += 1
                        continue
                    }
                    if byte < 0x20 || byte == 0x7F {
                        index += 1
                        continue
                    }
                    let length = TextNormalizer.unicodeSpaceOrControlLength(bytes, at: index)
                    if length > 0 {
                        // C1 controls (C2 80–9F) other than NEL (U+0085) are dropped; spaces collapse.
                        let isControl = length == 2 && bytes[index + 1] <= 0x9F && bytes[index + 1] != 0x85
                        if !isControl { pendingSpace = true }
                        index += length
                        continue
                    }
                    emitSpaceIfPending()
                    output[written] = byte
                    written += 1
                    index += 1
                }
                return written
            }
        }
    }
}
