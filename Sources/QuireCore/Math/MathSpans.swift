/// Finds TeX math in text: `$…$` and `\(…\)` inline, `$$…$$` and `\[…\]` displayed.
///
/// A single `$` opens math only when a non-space follows it, and closes it only when a non-space
/// precedes it and, for a formula that starts with a digit, no digit follows it; the first
/// unescaped `$` after an opener must close it, or the opener is plain text. So prices (`$5 to
/// $10`, `$5-$10`) stay text, as in Pandoc, while `$\le$32B` and `1.76$\pm$0.08` are math. `\$` is
/// never a delimiter. Works on UTF-8 bytes: the loader's LaTeX repair uses it to leave math untouched,
/// and the renderer to cut text into text and math.
public enum MathSpans {
    /// One formula in a text.
    public struct Span: Equatable, Sendable {
        /// Byte offsets of the whole span, delimiters included.
        public var range: Range<Int>
        /// Byte offsets of the TeX between the delimiters.
        public var content: Range<Int>
        /// `$$…$$` or `\[…\]`.
        public var isDisplay: Bool
    }

    /// The span starting at `start` (a `$` or a backslash before `(` or `[`), or nil when no
    /// formula starts there.
    public static func span<Bytes: RandomAccessCollection>(in bytes: Bytes, at start: Int) -> Span?
    where Bytes.Element == UInt8, Bytes.Index == Int {
        let end = bytes.endIndex
        guard start < end else { return nil }
        switch bytes[start] {
        case dollar:
            if start + 1 < end, bytes[start + 1] == dollar {
                guard let close = find(bytes, [dollar, dollar], from: start + 2), close > start + 2 else { return nil }
                return Span(range: start..<(close + 2), content: (start + 2)..<close, isDisplay: true)
            }
            guard start + 1 < end, !isSpace(bytes[start + 1]) else { return nil }
            var index = start + 1
            while index < end {
                switch bytes[index] {
                case backslash:
                    index += 2
                    continue
                case dollar:
                    // A digit after it keeps a price range (`$5-$10`) text, but not `$\le$32B` or `$-$1.5`.
                    let closes =
                        !isSpace(bytes[index - 1])
                        && !(index + 1 < end && isDigit(bytes[index + 1]) && isDigit(bytes[start + 1]))
                    return closes
                        ? Span(range: start..<(index + 1), content: (start + 1)..<index, isDisplay: false) : nil
                default:
                    index += 1
                }
            }
            return nil
        case backslash:
            guard start + 1 < end else { return nil }
            let (closing, isDisplay): (UInt8, Bool)
            switch bytes[start + 1] {
            case UInt8(ascii: "("): (closing, isDisplay) = (UInt8(ascii: ")"), false)
            case UInt8(ascii: "["): (closing, isDisplay) = (UInt8(ascii: "]"), true)
            default: return nil
            }
            guard let close = find(bytes, [backslash, closing], from: start + 2), close > start + 2 else { return nil }
            return Span(range: start..<(close + 2), content: (start + 2)..<close, isDisplay: isDisplay)
        default:
            return nil
        }
    }

    /// Every formula in `text`, in order.
    public static func all(in text: String) -> [Span] {
        guard mayContainMath(text) else { return [] }
        let bytes = Array(text.utf8)
        var spans: [Span] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == backslash, index + 1 < bytes.count, bytes[index + 1] != UInt8(ascii: "("),
                bytes[index + 1] != UInt8(ascii: "[")
            {
                index += 2  // an escaped character, `\$` among them
                continue
            }
            if byte == dollar || byte == backslash, let span = span(in: bytes, at: index) {
                spans.append(span)
                index = span.range.upperBound
                continue
            }
            index += 1
        }
        return spans
    }

    /// Whether `text` holds a `$`, `\(` or `\[` at all: most titles and abstracts do not, and
    /// need no further look.
    public static func mayContainMath(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            if Platform.firstOffset(of: dollar, in: bytes) != nil { return true }
            var start = 0
            while let slash = Platform.firstOffset(of: backslash, in: bytes, from: start) {
                if slash + 1 < bytes.count,
                    bytes[slash + 1] == UInt8(ascii: "(") || bytes[slash + 1] == UInt8(ascii: "[")
                {
                    return true
                }
                start = slash + 1
            }
            return false
        }
    }

    static let dollar = UInt8(ascii: "$")
    static let backslash = UInt8(ascii: "\\")

    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The first unescaped occurrence of `pattern` at or after `start`.
    private static func find<Bytes: RandomAccessCollection>(_ bytes: Bytes, _ pattern: [UInt8], from start: Int) -> Int?
    where Bytes.Element == UInt8, Bytes.Index == Int {
        var index = start
        while index + 1 < bytes.endIndex {
            if bytes[index] == pattern[0], bytes[index + 1] == pattern[1] { return index }
            index += bytes[index] == backslash ? 2 : 1  // `\$` closes nothing
        }
        return nil
    }
}
