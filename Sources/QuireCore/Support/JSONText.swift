/// JSON written byte by byte, for files made once per paper (the search index, JSON-LD), where
/// `JSONEncoder` would cost tens of microseconds each.
///
/// Strings escape like `JSONEncoder` and also `<`, `>`, `&`, U+2028 and U+2029 as `\u…`, so the
/// text is safe inside an HTML `<script>` element and in any JavaScript source.
package enum JSONText {
    /// Appends `text` as a quoted JSON string, copying runs that need no escape in one go.
    package static func appendString(_ text: String, to output: inout [UInt8]) {
        var text = text
        output.append(0x22)
        text.withUTF8 { bytes in
            carefulBytes.withUnsafeBufferPointer { careful in
                var index = 0
                var runStart = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    guard careful[Int(byte)] else {
                        index += 1
                        continue
                    }
                    var skip = 1
                    switch byte {
                    case 0x22, 0x5C:
                        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                        output.append(0x5C)
                        output.append(byte)
                    case 0x0A, 0x0D, 0x09:
                        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                        output.append(0x5C)
                        output.append(byte == 0x0A ? 0x6E : byte == 0x0D ? 0x72 : 0x74)
                    case 0xE2:
                        // U+2028 and U+2029 end lines in older JavaScript.
                        guard index + 2 < bytes.count, bytes[index + 1] == 0x80,
                            bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9
                        else {
                            index += 1
                            continue
                        }
                        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                        appendEscape(bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029, to: &output)
                        skip = 3
                    default:  // other control characters, < > &
                        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                        appendEscape(UInt32(byte), to: &output)
                    }
                    index += skip
                    runStart = index
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
            }
        }
        output.append(0x22)
    }

    /// The bytes `appendString` looks at twice: `"`, `\\`, control characters, `<`, `>`, `&`, and
    /// 0xE2, which starts U+2028 and U+2029.
    /// (A table: one lookup a byte rather than seven comparisons, on every abstract of the site.)
    private static let carefulBytes: [Bool] = (0...255).map { byte in
        byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x3C || byte == 0x3E || byte == 0x26 || byte == 0xE2
    }

    /// JSON another encoder wrote (`JSONEncoder`, for documents written once per build) with the
    /// escapes `appendString` makes beyond JSON's own: `<`, `>`, `&`, U+2028 and U+2029 as `\u…`.
    /// The same strings to any JSON reader, but nothing that reads as markup or ends a line in
    /// JavaScript. In JSON these characters can only occur inside strings.
    package static func hardened(_ json: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(json.count + json.count / 8)
        var index = 0
        while index < json.count {
            let byte = json[index]
            switch byte {
            case 0x3C, 0x3E, 0x26:
                appendEscape(UInt32(byte), to: &output)
            case 0xE2
            where index + 2 < json.count && json[index + 1] == 0x80
                && (json[index + 2] == 0xA8 || json[index + 2] == 0xA9):
                appendEscape(json[index + 2] == 0xA8 ? 0x2028 : 0x2029, to: &output)
                index += 2
            default:
                output.append(byte)
            }
            index += 1
        }
        return output
    }

    /// `text` as a quoted JSON string.
    static func string(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 2)
        appendString(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends a non-negative integer in decimal.
    package static func appendInt(_ value: Int, to output: inout [UInt8]) {
        appendDigits(value, radix: 10, to: &output)
    }

    /// Appends a non-negative integer in base 36 (`0-9a-z`), as the search index packs numbers.
    package static func appendBase36(_ value: Int, to output: inout [UInt8]) {
        appendDigits(value, radix: 36, to: &output)
    }

    /// How many digits `value` (non-negative) takes in base `radix`.
    static func digitCount(_ value: Int, radix: Int) -> Int {
        var count = 1
        var rest = value / radix
        while rest > 0 {
            count += 1
            rest /= radix
        }
        return count
    }

    private static func appendDigits(_ value: Int, radix: Int, to output: inout [UInt8]) {
        precondition(value >= 0)
        let start = output.count
        var rest = value
        repeat {
            let digit = UInt8(rest % radix)
            output.append(digit < 10 ? 0x30 + digit : 0x61 + digit - 10)
            rest /= radix
        } while rest > 0
        output[start...].reverse()
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private static func appendEscape(_ codeUnit: UInt32, to output: inout [UInt8]) {
        output.append(contentsOf: [0x5C, 0x75])  // \u
        for shift in stride(from: 12, through: 0, by: -4) {
            output.append(hex[Int((codeUnit >> UInt32(shift)) & 0xF)])
        }
    }
}
