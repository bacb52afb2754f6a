import Foundation

/// The site's published address, split into its origin (`https://example.org`) and its subpath
/// (`/papers/`), so pages can link root-relative under a subpath and feeds can link absolutely.
public struct SiteURL: Hashable, Sendable, CustomStringConvertible {
    /// Scheme and authority, without a trailing slash.
    public var origin: String
    /// Starts and ends with `/`.
    public var basePath: String

    /// Parses an absolute `http`/`https` URL; query and fragment are not allowed, nor anything
    /// `unescapedCharacter` finds.
    public init?(_ text: String) {
        let lowered = text.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else { return nil }
        guard !text.contains("?"), !text.contains("#"), Self.unescapedCharacter(in: text) == nil else { return nil }
        let afterScheme = text.range(of: "://")!.upperBound
        let rest = text[afterScheme...]
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        guard !authority.isEmpty else { return nil }
        var path = String(rest[slash...])
        if path.isEmpty { path = "/" }
        if !path.hasSuffix("/") { path += "/" }
        while path.contains("//") { path = path.replacingOccurrences(of: "//", with: "/") }
        let segments = path.split(separator: "/")
        guard !segments.contains(where: { $0 == "." || $0 == ".." }) else { return nil }
        origin = String(text[..<afterScheme]).lowercased() + authority
        basePath = path
    }

    public var description: String { origin + basePath }

    /// The first character `text` holds that a URL may not hold as written (RFC 3986): a
    /// control character, whitespace, one of `"<>\^`{|}`, or a `%` not followed by two hex
    /// digits. The URL goes into pages, feeds, the sitemap, robots.txt and BibTeX's `\url{}`
    /// as it is, so such a character would corrupt them. Letters beyond ASCII are allowed.
    public static func unescapedCharacter(in text: String) -> Character? {
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let value = scalar.value
            let isHex = { (position: Int) in
                position < scalars.count && scalars[position].properties.isASCIIHexDigit
            }
            if value <= 0x20 || (0x7F...0x9F).contains(value) || "\"<>\\^`{|}".unicodeScalars.contains(scalar)
                || scalar.properties.isWhitespace || (value == 0x25 && !(isHex(index + 1) && isHex(index + 2)))
            {
                return Character(scalar)
            }
        }
        return nil
    }

    /// Why `text` is not a site URL, for a diagnostic: "is not an absolute http(s) URL", naming
    /// the character at fault when there is one.
    public static func rejection(of text: String) -> String {
        guard let character = unescapedCharacter(in: text) else { return "is not an absolute http(s) URL" }
        let scalar = character.unicodeScalars.first!
        let shown =
            scalar.value > 0x20 && !scalar.properties.isWhitespace && !(0x7F...0x9F).contains(scalar.value)
            ? "'\(character)'" : String(format: "U+%04X", scalar.value)
        return "is not an absolute http(s) URL: it holds \(shown), which a URL must percent-encode"
    }

    /// The absolute URL of a site path such as `papers/x/` (no leading slash).
    public func absolute(_ sitePath: String) -> String { origin + basePath + sitePath }

    /// The root-relative URL of a site path, under the subpath.
    public func rooted(_ sitePath: String) -> String { basePath + sitePath }
}
