/// HTML escaping as Mustache does it: `& < > " '`. Works on UTF-8 bytes, copying runs that
/// need no escape in one go.
package enum HTMLEscaping {
    /// `text` escaped, as a string.
    package static func escaped(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 8)
        append(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    package static func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            // Most values (URLs, names) need no escape: find the first byte that does.
            var index = 0
            while index < bytes.count, !needsEscape(bytes[index]) { index += 1 }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[0..<index]))
            var runStart = index
            while index < bytes.count {
                let replacement: StaticString
                switch bytes[index] {
                case 0x26: replacement = "&amp;"
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x22: replacement = "&quot;"
                case 0x27: replacement = "&#39;"
                default:
                    index += 1
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                output.append(
                    contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                index += 1
                runStart = index
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
    }

    @inline(__always) package static func needsEscape(_ byte: UInt8) -> Bool {
        byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27
    }
}
