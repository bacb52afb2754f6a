/// The `Content-Type` of each file of a built site, as a static host should send it.
enum ContentTypes {
    /// Quire's own files first (its feeds are told apart by name, as both kinds end in `.xml`),
    /// then the web's common types; anything else is sent as bytes.
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
        return byExtension[fileExtension] ?? "application/octet-stream"
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
        "bmp": "image/bmp",
        "tif": "image/tiff",
        "tiff": "image/tiff",
        "ttf": "font/ttf",
        "otf": "font/otf",
        "md": "text/markdown; charset=utf-8",
        "csv": "text/csv; charset=utf-8",
        "tsv": "text/tab-separated-values; charset=utf-8",
        "yml": "application/yaml; charset=utf-8",
        "yaml": "application/yaml; charset=utf-8",
        "bib": "application/x-bibtex; charset=utf-8",
        "map": "application/json; charset=utf-8",
        "webmanifest": "application/manifest+json; charset=utf-8",
        "xhtml": "application/xhtml+xml; charset=utf-8",
        "rss": "application/rss+xml; charset=utf-8",
        "atom": "application/atom+xml; charset=utf-8",
        "wasm": "application/wasm",
        "pdf": "application/pdf",
        "zip": "application/zip",
        "gz": "application/gzip",
        "mp3": "audio/mpeg",
        "m4a": "audio/mp4",
        "ogg": "audio/ogg",
        "wav": "audio/wav",
        "mp4": "video/mp4",
        "webm": "video/webm",
    ]
}
