/// Short plain-text teasers of abstracts for cards, descriptions and feed summaries.
public enum TextExcerpt {
    /// The whole sentences of `text` that fit in `limit` characters (Unicode scalars), followed
    /// by ` …`; a word-boundary cut when even the first sentence is longer; `text` itself when
    /// it fits. Works on UTF-8 bytes: it runs for every card of the site.
    public static func firstSentences(of text: String, limit: Int = 240) -> String {
        var text = text
        return text.withUTF8 { bytes -> String? in
            if bytes.count <= limit { return nil }
            var scalars = 0
            var offset = 0
            var sentenceEnd: Int?
            var lastSpace: Int?
            var previous: UInt8 = 0
            while offset < bytes.count {
                let byte = bytes[offset]
                let startsScalar = byte & 0xC0 != 0x80
                if startsScalar {
                    if scalars == limit {
                        if byte == 0x20 && previous == 0x2E { sentenceEnd = offset }  // ". " right at the limit
                        break
                    }
                    scalars += 1
                }
                if byte == 0x20 {
                    if previous == 0x2E { sentenceEnd = offset }
                    lastSpace = offset
                }
                previous = byte
                offset += 1
            }
            if offset == bytes.count { return nil }  // `limit` scalars or fewer
            let cut = sentenceEnd ?? lastSpace ?? offset
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<cut]), as: UTF8.self) + " …"
        } ?? text
    }
}
