import QuireCore

/// The list of files Quire wrote into an output folder, kept in the folder as `.quire-manifest`.
/// Its presence marks the folder as Quire's; its hashes let the next build keep unchanged files.
struct OutputManifest {
    static let fileName = ".quire-manifest"
    static let header = "# quire output manifest v1: files this build wrote (hash size path); do not edit"

    struct Entry: Equatable {
        var hash: UInt64
        var size: Int
    }

    var entries: [String: Entry] = [:]

    init(entries: [String: Entry] = [:]) {
        self.entries = entries
    }

    /// Parses a manifest; nil when the text is not one.
    init?(text: String) {
        var lines = text.split(separator: "\n")
        guard let first = lines.first, first == Self.header else { return nil }
        lines.removeFirst()
        for line in lines {
            let parts = line.split(separator: " ", maxSplits: 2)
            guard parts.count == 3, let hash = UInt64(parts[0], radix: 16), let size = Int(parts[1]) else { return nil }
            entries[String(parts[2])] = Entry(hash: hash, size: size)
        }
    }

    /// The folder paths (`dates/2025/07/16/`; the home page as `""`) of the pages it lists,
    /// each written as `…/index.html`, sorted.
    /// The site paths of the pages (`dates/2025/`, `""` for the home page) that `include`
    /// accepts, sorted.
    func pagePaths(where include: (String) -> Bool) -> [String] {
        entries.keys.compactMap { path in
            let page = path == "index.html" ? "" : path.hasSuffix("/index.html") ? String(path.dropLast(10)) : nil
            return page.flatMap { include($0) ? $0 : nil }
        }.sorted()
    }

    /// The manifest's text, sorted by path so that it is byte-identical for identical output.
    var text: String {
        var lines = [Self.header]
        for path in entries.keys.sorted() {
            let entry = entries[path]!
            lines.append("\(ContentHash.hex(entry.hash)) \(entry.size) \(path)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
