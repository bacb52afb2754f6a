import Foundation

/// URL path segments made from titles: lowercase ASCII letters, digits and `-`, so they are safe
/// in every file system and URL and can never climb out of the output folder.
public enum Slug {
    public static let maxLength = 80

    /// Letters a canonical decomposition does not reduce to ASCII.
    static let transliterations: [Unicode.Scalar: String] = [
        "α": "a", "β": "b", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "e", "θ": "th", "ι": "i",
        "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
        "ς": "s", "τ": "t", "υ": "u", "φ": "ph", "χ": "ch", "ψ": "ps", "ω": "o",
        "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
    ]

    /// A slug for `text`, or `fallback` when nothing of it is ASCII-representable.
    public static func make(from text: String, keepUnderscore: Bool = false, fallback: String) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            var piece: String?
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || (keepUnderscore && scalar == "_") {
                piece = String(scalar)
            } else if scalar.properties.generalCategory == .nonspacingMark {
                continue
            } else if let latin = transliterations[scalar] {
                piece = latin
            } else if scalar == "'" || scalar == "’" {
                continue  // "Don't" → "dont", not "don-t"
            }
            guard let piece else {
                pendingDash = true
                continue
            }
            if pendingDash && !slug.isEmpty { slug += "-" }
            pendingDash = false
            slug += piece
        }
        if slug.count > maxLength {
            let cut = slug.prefix(maxLength)
            slug = cut.lastIndex(of: "-").map { String(cut[..<$0]) } ?? String(cut)
        }
        return slug.isEmpty ? fallback : slug
    }
}
