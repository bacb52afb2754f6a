/// Percent-encoding for URL query values, the one rule Quire uses wherever it builds a query
/// (the search links on paper pages, the fetchers' requests).
public enum PercentEncoding {
    /// `text` with every UTF-8 byte but ASCII letters, digits and `-._~` percent-encoded. (By hand
    /// over the bytes: Foundation's `addingPercentEncoding` goes through NSString and took a
    /// tenth of the paper pages' time.)
    public static func queryValue(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count * 2)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
