import Foundation

/// The site's published address, split into its origin (`https://example.org`) and its subpath
/// (`/papers/`), so pages can link root-relative under a subpath and feeds can link absolutely.
public struct SiteURL: Hashable, Sendable, CustomStringConvertible {
    /// Scheme and authority, without a trailing slash.
    public var origin: String
    /// Starts and ends with `/`.
    public var basePath: String

    /// Parses an absolute `http`/`https` URL; query and fragment are not allowed.
    public init?(_ text: String) {
        let lowered = text.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else { return nil }
        guard !text.contains("?"), !text.contains("#"), !text.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" }) else { return nil }
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

    /// The absolute URL of a site path such as `papers/x/` (no leading slash).
    public func absolute(_ sitePath: String) -> String { origin + basePath + sitePath }

    /// The root-relative URL of a site path, under the subpath.
    public func rooted(_ sitePath: String) -> String { basePath + sitePath }
}
