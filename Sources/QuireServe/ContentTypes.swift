import Hummingbird

/// The `Content-Type` of each file of a built site, as a static host should send it.
enum ContentTypes {
    /// Quire's own files first (its feeds are told apart by name, as both kinds end in `.xml`),
    /// then common web types, then Hummingbird's table.
    static func of(path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        switch name {
        case "feed.xml": return "application/rss+xml; charset=utf-8"
        case "atom.xml": return "application/atom+xml; charset=utf-8"
        case "feed.json": return "application/feed+json; charset=utf-8"
        default: break
        }
        guard let dot = name.lastIndex(of: ".") else { return "application/octet-stream" }
        let fileExtension = name[name.index(after: dot)...].lowercased()
        if let known = byExtension[fileExtension] { return known }
        if let mediaType = MediaType.getMediaType(forExtension: fileExtension) { return mediaType.description }
        return "application/octet-stream"
    }

    static let byExtension: [String: String] = [
        "html": "text/html; charset=utf-8",
        "htm": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "mjs": "text/javascript; charset=utf-8",
        "txt": "text/plain; charset=utf-8",
        "xml": "application/xml; charset=utf-8",
        "opml": "text/x-opml; charset=utf-8",
        "json": "application/json; charset=utf-8",
        "svg": "image/svg+xml",
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "gif": "image/gif",
        "webp": "image/webp",
        "avif": "image/avif",
        "ico": "image/x-icon",
        "woff": "font/woff",
        "woff2": "font/woff2",
        "pdf": "application/pdf",
    ]
}
