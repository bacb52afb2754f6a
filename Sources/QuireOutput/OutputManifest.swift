import QuireCore

/// The list of files Quire wrote into an output folder, kept in the folder as `.quire-manifest`.
/// Its presence marks the folder as Quire's; its hashes let the next build keep unchanged files.
/// It also lists the files the build carried over from the output it replaced (files Quire did
/// not write), so that a later build brought up to date in this folder knows they are not its own.
struct OutputManifest {
    static let fileName = ".quire-manifest"
    static let header =
        "# quire output manifest v2: files this build wrote (hash size path), then files it carried over (- - path); do not edit"
    /// The header of the manifests Quire wrote before it listed carried-over files; still read.
    static let headerVersion1 = "# quire output manifest v1: files this build wrote (hash size path); do not edit"

    struct Entry: Equatable {
        var hash: UInt64
        var size: Int
    }

    var entries: [String: Entry] = [:]
    /// Files in the folder that Quire did not write: kept from the output this build replaced.
    var carried: [String] = []

    init(entries: [String: Entry] = [:], carried: [String] = []) {
        self.entries = entries
        self.carried = carried
    }

    /// Parses a manifest; nil when the text is not one. Read as bytes, a line at a time: a large
    /// site's manifest has a hundred thousand lines, and it is read on every rebuild. Paths that
    /// `sharing` lists too are kept as its copies: two manifests of a large site then hold one
    /// copy of each path between them.
    init?(text: String, sharing other: OutputManifest? = nil) {
        var text = text
        guard
            let parsed = text.withUTF8({ bytes -> ([String: Entry], [String])? in
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: true)[...]
                guard let first = lines.popFirst(),
                    first.elementsEqual(Self.header.utf8) || first.elementsEqual(Self.headerVersion1.utf8)
                else { return nil }
                var entries: [String: Entry] = [:]
                var carried: [String] = []
                entries.reserveCapacity(lines.count)
                for line in lines {
                    guard var line = Self.parse(line) else { return nil }
                    if let other, let index = other.entries.index(forKey: line.path) {
                        line.path = other.entries.keys[index]
                    }
                    if let entry = line.entry {
                        entries[line.path] = entry
                    } else {
                        carried.append(line.path)
                    }
                }
                return (entries, carried)
            })
        else { return nil }
        (entries, carried) = parsed
    }

    /// One line: `HASH SIZE PATH` (a written file) or `- - PATH` (a carried-over one, no entry).
    private static func parse(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> (path: String, entry: Entry?)? {
        let fields = line.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, !fields[2].isEmpty else { return nil }
        let path = String(decoding: fields[2], as: UTF8.self)
        if fields[0].elementsEqual([0x2D]) && fields[1].elementsEqual([0x2D]) { return (path, nil) }
        guard let hash = number(fields[0], radix: 16), let size = number(fields[1], radix: 10) else { return nil }
        return (path, Entry(hash: hash, size: Int(size)))
    }

    /// An unsigned number of at most 16 digits in `radix` (10 or 16, lowercase); nil otherwise.
    private static func number(_ digits: Slice<UnsafeBufferPointer<UInt8>>, radix: UInt64) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 16 else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            let digit: UInt64
            switch byte {
            case 0x30...0x39: digit = UInt64(byte - 0x30)
            case 0x61...0x66 where radix == 16: digit = UInt64(byte - 0x61 + 10)
            default: return nil
            }
            value = value &* radix &+ digit
        }
        return value
    }

    /// `path`, as this manifest's own copy when it lists it (see `init(text:sharing:)`).
    func shared(_ path: String) -> String {
        entries.index(forKey: path).map { entries.keys[$0] } ?? path
    }

    /// The site paths of the pages (`dates/2025/`, `""` for the home page) that `include`
    /// accepts, sorted.
    func pagePaths(where include: (String) -> Bool) -> [String] {
        entries.keys.compactMap { path in
            let page = path == "index.html" ? "" : path.hasSuffix("/index.html") ? String(path.dropLast(10)) : nil
            return page.flatMap { include($0) ? $0 : nil }
        }.sorted()
    }

    /// The manifest's text, sorted by path so that it is byte-identical for identical output.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The manifest's text as bytes, in a buffer of exactly its size: a large site's manifest is
    /// tens of megabytes, and made at the commit, when the build holds the most.
    var bytes: [UInt8] {
        let sorted = entries.sorted(by: { $0.key < $1.key })
        var bytes: [UInt8] = []
        bytes.reserveCapacity(byteCount)
        bytes += Self.header.utf8
        bytes.append(0x0A)
        for (path, entry) in sorted {
            bytes += ContentHash.hex(entry.hash).utf8
            bytes.append(0x20)
            bytes += String(entry.size).utf8
            bytes.append(0x20)
            bytes += path.utf8
            bytes.append(0x0A)
        }
        for path in carried.sorted() {
            bytes += "- - ".utf8
            bytes += path.utf8
            bytes.append(0x0A)
        }
        return bytes
    }

    /// The length of `bytes`, worked out without making them.
    var byteCount: Int {
        var count = Self.header.utf8.count + 1
        for (path, entry) in entries {
            count += ContentHash.hexDigits + 1 + Self.decimalDigits(entry.size) + 1 + path.utf8.count + 1
        }
        for path in carried { count += "- - ".utf8.count + path.utf8.count + 1 }
        return count
    }

    /// How many digits `value` (not negative) has in decimal.
    private static func decimalDigits(_ value: Int) -> Int {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        return digits
    }
}
