/// Percent-encoding for URL query values, the one rule Quire uses wherever it builds a query
/// (the search links on paper pages, the fetchers' requests).
public enum PercentEncoding {
    /// `text` with every UTF-8 byte but ASCII letters, digits and `-._~` percent-encoded. (By hand
    /// over the bytes: Foundation's `addingPercentEncoding` goes through NSString and took a
    /// tenth of the paper pages' time.)
    public static func queryValue(_ text: String) -> String {
        var text = text
        return text.withUTF8 { source in
            String(unsafeUninitializedCapacity: source.count * 3) { output in
                var written = 0
                for byte in source {
                    switch byte {
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                        UInt8(ascii: "~"):
                        output[written] = byte
                        written += 1
                    default:
                        output[written] = UInt8(ascii: "%")
                        output[written + 1] = hexDigit(byte >> 4)
                        output[written + 2] = hexDigit(byte & 0x0F)
                        written += 3
                    }
                }
                return written
            }
        }
    }

    /// The upper-case hexadecimal digit for `value` (0–15).
    @inline(__always) private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }
}
