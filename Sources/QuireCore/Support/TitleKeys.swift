/// The one title key: what two listings of the same paper share, whatever wrote them. The loader
/// merges papers by it, the ledger finds published papers by it, near-miss warnings compare it,
/// and `quire enrich` looks titles up by it.
public enum TitleKeys {
    /// The key of a (normalized) title: its formulas read as text (`$\alpha$` as `α`, as arXiv
    /// writes it), then its letters and digits, lowercased, one space between words. Punctuation,
    /// case, spacing and TeX spelling do not split a paper.
    public static func key(forTitle title: String) -> String {
        wordKey(MathText.plainText(title))
    }

    /// The key ledgers written before formulas were read as text recorded for a title with TeX
    /// in it (`$\alpha$` as `alpha`); nil when it equals `key(forTitle:)`. It is also the key an
    /// earlier version recorded for a formula it could not read and this one can (`$^{\rm 3}$`
    /// as `rm 3`). Used only to find such ledger entries, so the papers they published keep their
    /// addresses.
    package static func keyRecordedBeforeMath(forTitle title: String) -> String? {
        guard title.utf8.contains(0x24) || title.utf8.contains(0x5C) else { return nil }  // `$` or `\`
        let old = wordKey(title)
        return old == key(forTitle: title) ? nil : old
    }

    /// Whether two different keys look like one title written two ways: one is the other with a
    /// subtitle or the words after a cut left out (a prefix of at least three words), or they
    /// differ by a typo or two (an edit distance of at most one character in twenty, and at most 3).
    package static func isNearMiss(_ a: String, _ b: String) -> Bool {
        guard a != b, !a.isEmpty, !b.isEmpty else { return false }
        if isWordPrefix(a, of: b) || isWordPrefix(b, of: a) { return true }
        let (a, b) = (Array(a.utf8), Array(b.utf8))
        let allowed = min(3, min(a.count, b.count) / 20)
        guard allowed > 0, abs(a.count - b.count) <= allowed else { return false }
        return EditDistance.between(a, b, atMost: allowed) <= allowed
    }

    /// Whether `short`'s words, three or more, begin `long`.
    package static func isWordPrefix(_ short: String, of long: String) -> Bool {
        short.utf8.count < long.utf8.count && long.hasPrefix(short + " ") && short.split(separator: " ").count >= 3
    }

    /// The title's letters and digits, lowercased, one space between words.
    static func wordKey(_ title: String) -> String {
        if title.utf8.allSatisfy({ $0 < 0x80 }) { return asciiWordKey(title) }
        var key = [UInt8]()
        key.reserveCapacity(title.utf8.count)
        var pendingSpace = false
        for scalar in title.lowercased().unicodeScalars {
            let isKept =
                scalar.isASCII
                ? (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9")
                : scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            if isKept {
                if pendingSpace && !key.isEmpty { key.append(0x20) }
                pendingSpace = false
                UTF8.encode(scalar) { key.append($0) }
            } else {
                pendingSpace = true
            }
        }
        return String(decoding: key, as: UTF8.self)
    }

    /// `wordKey` for ASCII titles, on bytes.
    private static func asciiWordKey(_ title: String) -> String {
        var title = title
        return title.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { key in
                var written = 0
                var pendingSpace = false
                for byte in bytes {
                    let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                    if (lowered >= 0x61 && lowered <= 0x7A) || (lowered >= 0x30 && lowered <= 0x39) {
                        if pendingSpace && written > 0 {
                            key[written] = 0x20
                            written += 1
                        }
                        pendingSpace = false
                        key[written] = lowered
                        written += 1
                    } else {
                        pendingSpace = true
                    }
                }
                return written
            }
        }
    }
}
