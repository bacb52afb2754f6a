import Foundation

/// URL path segments made from titles: lowercase ASCII letters, digits and `-`, so they are safe
/// in every file system and URL and can never climb out of the output folder (no `/`, no `.`,
/// never empty). Windows' device names (`con`, `nul`, `com1`…) cannot name a folder there, so a
/// site copied or checked out on Windows would lose those pages: such a slug gets the fallback's
/// noun appended (`con-paper`). `index` and `page` need nothing: every page is a folder's
/// `index.html`, and pagination lives below a list's own folder (`topics/x/page/2/`).
public enum Slug {
    public static let maxLength = 80

    /// Names Windows reserves for devices, in any case and with any extension.
    static let reservedNames: Set<String> = {
        var names: Set<String> = ["con", "prn", "aux", "nul"]
        for number in 1...9 { names.insert("com\(number)"); names.insert("lpt\(number)") }
        return names
    }()

    /// ASCII spellings of the lowercase Latin letters with diacritics (Latin-1 Supplement and
    /// Latin Extended-A) and of the Greek letters, for slugs. A table rather than Foundation's
    /// decomposition, which costs about a millisecond per title.
    package static let transliterations: [Unicode.Scalar: String] = {
        var table: [Unicode.Scalar: String] = [:]
        let groups: [(String, String)] = [
            ("àáâãäåāăą", "a"), ("æ", "ae"), ("çćĉċč", "c"), ("ďđð", "d"), ("èéêëēĕėęě", "e"),
            ("ĝğġģ", "g"), ("ĥħ", "h"), ("ìíîïĩīĭįı", "i"), ("ĳ", "ij"), ("ĵ", "j"), ("ķĸ", "k"),
            ("ĺļľŀł", "l"), ("ñńņňŉŋ", "n"), ("òóôõöøōŏő", "o"), ("œ", "oe"), ("ŕŗř", "r"),
            ("śŝşšſ", "s"), ("ß", "ss"), ("ţťŧ", "t"), ("þ", "th"), ("ùúûüũūŭůűų", "u"), ("ŵ", "w"),
            ("ýÿŷ", "y"), ("źżž", "z"),
            ("α", "a"), ("β", "b"), ("γ", "g"), ("δ", "d"), ("ε", "e"), ("ζ", "z"), ("η", "e"), ("θ", "th"),
            ("ι", "i"), ("κ", "k"), ("λ", "l"), ("μ", "m"), ("ν", "n"), ("ξ", "x"), ("ο", "o"), ("π", "p"),
            ("ρ", "r"), ("σς", "s"), ("τ", "t"), ("υ", "u"), ("φ", "ph"), ("χ", "ch"), ("ψ", "ps"), ("ω", "o"),
        ]
        for (letters, ascii) in groups {
            for scalar in letters.unicodeScalars { table[scalar] = ascii }
        }
        return table
    }()

    /// A slug for `text`, or `fallback` when nothing of it is ASCII-representable; a device name
    /// gets `-fallback` appended.
    public static func make(from text: String, keepUnderscore: Bool = false, fallback: String) -> String {
        var slug = [UInt8]()
        slug.reserveCapacity(min(text.utf8.count, maxLength + 8))
        var pendingDash = false
        func append(_ piece: some Sequence<UInt8>) {
            if pendingDash && !slug.isEmpty { slug.append(0x2D) }
            pendingDash = false
            slug.append(contentsOf: piece)
        }
        // An ASCII letter or digit joins the slug, lower-cased; anything else but an apostrophe
        // separates words ("Don't" → "dont", not "don-t").
        func add(ascii byte: UInt8) {
            let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if (folded >= 0x61 && folded <= 0x7A) || (folded >= 0x30 && folded <= 0x39)
                || (keepUnderscore && folded == 0x5F)
            {
                append(CollectionOfOne(folded))
            } else if folded != 0x27 {
                pendingDash = true
            }
        }
        // Most titles are ASCII: read as bytes, without lower-casing the whole text first.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            for byte in text.utf8 { add(ascii: byte) }
        } else {
            for scalar in text.lowercased().unicodeScalars {
                if scalar.isASCII {
                    add(ascii: UInt8(scalar.value))
                } else if let latin = transliterations[scalar] {
                    append(latin.utf8)
                } else if scalar.properties.generalCategory != .nonspacingMark && scalar != "’" {
                    pendingDash = true
                }
            }
        }
        if slug.count > maxLength {
            // Cut at a word boundary: right at the limit when a dash follows it, else at the last dash.
            let cut = slug[..<maxLength]
            slug = slug[maxLength] == 0x2D ? Array(cut) : Array(cut.lastIndex(of: 0x2D).map { cut[..<$0] } ?? cut)
        }
        guard !slug.isEmpty else { return fallback }
        return avoidingReservedNames(String(decoding: slug, as: UTF8.self), noun: fallback)
    }

    /// `text` with superscripts, subscripts and styled math letters (`³`, `₂`, `𝐱`, `ℝ`), which
    /// the plain form of a formula uses, as the letters and digits they are (NFKC); other text,
    /// nearly every title, is returned as it is without that costly conversion.
    static func foldingCompatibilityCharacters(_ text: String) -> String {
        guard !text.utf8.allSatisfy({ $0 < 0x80 }) else { return text }
        let needsFolding = text.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0xB2, 0xB3, 0xB9, 0x1D2C...0x1D6A, 0x2070...0x209F, 0x2100...0x214F, 0x1D400...0x1D7FF: return true
            default: return false
            }
        }
        return needsFolding ? text.precomposedStringWithCompatibilityMapping : text
    }

    /// `slug`, or `slug-noun` when it is one of Windows' device names.
    public static func avoidingReservedNames(_ slug: String, noun: String) -> String {
        slug.utf8.count <= 4 && !noun.isEmpty && reservedNames.contains(slug) ? slug + "-" + noun : slug
    }
}
