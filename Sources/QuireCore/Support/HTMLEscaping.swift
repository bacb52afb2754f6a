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
            escapeTable.withUnsafeBufferPointer { table in
                var index = 0
                var runStart = 0
                while index < bytes.count {
                    let replacement = table[Int(bytes[index])]
                    index += 1
                    guard replacement != 0 else { continue }
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<(index - 1)]))
                    output.append(contentsOf: replacements[Int(replacement) - 1].utf8)
                    runStart = index
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
            }
        }
    }

    /// The replacements, in the order `escapeTable` numbers them from 1.
    private static let replacements = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]

    /// For each byte, 0 when it stays as it is, else its replacement's number (from 1): a
    /// lookup per byte is what makes escaping a whole site's pages cheap.
    private static let escapeTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for (number, byte) in [0x26, 0x3C, 0x3E, 0x22, 0x27].enumerated() { table[byte] = UInt8(number + 1) }
        return table
    }()
}
