import Foundation

/// Cleans scraped text: collapses whitespace, drops control characters, repairs unambiguous
/// LaTeX leftovers and composes Unicode to NFC, keeping every non-ASCII letter intact.
public enum TextNormalizer {
    /// The normalized form of a title or abstract.
    public static func normalize(_ text: String) -> String {
        var result = collapseWhitespace(text)
        if LatexRepair.isNeeded(result) {
            result = collapseWhitespace(LatexRepair.apply(result))
        }
        if !result.utf8.allSatisfy({ $0 < 0x80 }) {
            result = result.precomposedStringWithCanonicalMapping
        }
        return result
    }

    /// The key two listings of the same paper share: the title's letters and digits, lowercased,
    /// one space between words. Punctuation, case and spacing differences do not split a paper.
    public static func mergeKey(forTitle title: String) -> String {
        var key = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in title.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingSpace && !key.isEmpty { key.append(" ") }
                pendingSpace = false
                key.append(scalar)
            } else {
                pendingSpace = true
            }
        }
        return String(key)
    }

    /// One space for every run of whitespace, none at the ends, no control characters.
    static func collapseWhitespace(_ text: String) -> String {
        if isAlreadyCollapsed(text) { return text }
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = true
            } else if scalar.properties.generalCategory == .control {
                continue
            } else {
                if pendingSpace && !scalars.isEmpty { scalars.append(" ") }
                pendingSpace = false
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Fast check for the common case: printable ASCII with single inner spaces.
    private static func isAlreadyCollapsed(_ text: String) -> Bool {
        var previous: UInt8 = 0x20
        for byte in text.utf8 {
            if byte == 0x20 {
                if previous == 0x20 { return false }
            } else if byte < 0x21 || byte > 0x7E {
                return false
            }
            previous = byte
        }
        return previous != 0x20 || text.isEmpty
    }
}
