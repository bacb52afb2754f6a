import Foundation
import Yams

/// Reads and writes `SITE_DIR/quire-ledger.yml`, the `PaperLedger`: the one file Quire writes into
/// the site folder. It is YAML a person can read, review in a diff and edit, sorted by slug,
/// written only when it changes and then atomically (a temporary file renamed over it).
public enum LedgerFile {
    public static let fileName = "quire-ledger.yml"

    static let header = """
        # Quire's ledger: the page and feed id of every paper this site has published, so that neither
        # changes once readers have seen it, even when a paper gains an arXiv id or a later paper has the
        # same title. Quire reads it before each build and adds the papers it has not seen; commit it
        # with the site. Change an entry only to move a page on purpose.
        #   slug     the paper's page: papers/<slug>/
        #   title    its title as Quire compares titles (how a paper without an arXiv id is recognized)
        #   arxiv    its arXiv id, once known
        #   feed_id  the id of its items in the feeds: a URI, or a path under base_url

        """

    static let keys = ["slug", "title", "arxiv", "feed_id"]

    /// The ledger at `path`; a missing file is an empty ledger. Entries that cannot be used are
    /// reported and left out; a file that is not YAML is an error, so the build stops before it
    /// could give published papers new names.
    public static func load(path: String) -> (PaperLedger, [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                return (PaperLedger(), [.error(SourceLocation(path: path), "cannot read the ledger")])
            }
            return (PaperLedger(), [])
        }
        let bytes = [UInt8](data)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            return (PaperLedger(), [.error(SourceLocation(path: path), "the ledger is not valid UTF-8; fix it (or restore it from version control)")])
        }
        return parse(bytes, path: path)
    }

    /// Reads ledger text; `path` is only used in diagnostics.
    public static func parse(_ text: String, path: String) -> (PaperLedger, [Diagnostic]) {
        parse(Array(text.utf8), path: path)
    }

    static func parse(_ bytes: [UInt8], path: String) -> (PaperLedger, [Diagnostic]) {
        if let items = OwnLayout.read(bytes) { return validate(items, path: path) }
        return parseYAML(String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// One item of the `papers` list before it is checked: its fields (a nil value is not a
    /// single value), or nil when the item is not a mapping.
    struct RawItem {
        var line: Int?
        var fields: [(name: String, value: String?, line: Int?)]?
    }

    /// Any YAML a person may have written, through Yams.
    static func parseYAML(_ text: String, path: String) -> (PaperLedger, [Diagnostic]) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let location = SourceLocation(path: path, line: ConfigLoader.line(of: error))
            return (PaperLedger(), [.error(location, "the ledger is not valid YAML (\(ConfigLoader.problem(of: error))); fix it (or restore it from version control) so published papers keep their pages")])
        } catch {
            return (PaperLedger(), [.error(SourceLocation(path: path), "the ledger is not valid YAML (\(error))")])
        }
        guard let root else { return (PaperLedger(), []) }
        let list = root.mapping?["papers"]
        if list?.null != nil { return (PaperLedger(), []) }  // `papers:` with nothing under it
        guard let items = list?.sequence else {
            return (PaperLedger(), [.error(SourceLocation(path: path, line: root.mark?.line),
                                           "the ledger should hold a list under 'papers:'; fix it (or restore it from version control)")])
        }
        let raw = items.map { item in
            RawItem(line: item.mark?.line, fields: item.mapping.map { mapping in
                mapping.compactMap { key, value in key.string.map { ($0, value.scalar?.string, key.mark?.line) } }
            })
        }
        return validate(raw, path: path)
    }

    /// Turns items into entries, reporting and leaving out those that cannot be used.
    static func validate(_ items: [RawItem], path: String) -> (PaperLedger, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var entries: [PaperLedger.Entry] = []
        entries.reserveCapacity(items.count)
        var slugs = Set<String>(), arxivIDs = Set<String>()
        slugs.reserveCapacity(items.count)
        for item in items {
            let location = SourceLocation(path: path, line: item.line)
            guard let fields = item.fields else {
                diagnostics.append(.warning(location, "a ledger entry should be a mapping with slug, title and feed_id; ignored"))
                continue
            }
            var slug: String?, title: String?, arxiv: String?, feedID: String?
            var usable = true
            for (name, value, line) in fields {
                guard keys.contains(name) else {
                    diagnostics.append(.warning(SourceLocation(path: path, line: line), "unknown ledger key '\(name)'; ignored"))
                    continue
                }
                guard let value else {
                    diagnostics.append(.warning(SourceLocation(path: path, line: line), "'\(name)' should be a single value; the entry is ignored"))
                    usable = false
                    break
                }
                switch name {
                case "slug": slug = value
                case "title": title = value
                case "arxiv": arxiv = value
                default: feedID = value
                }
            }
            guard usable else { continue }
            guard let slug, !slug.isEmpty, slug.utf8.count <= 200, slug.utf8.allSatisfy(ConfigLoader.Reader.isSlugByte) else {
                diagnostics.append(.warning(location, "a ledger entry needs a slug of a-z, 0-9 and '-'; ignored"))
                continue
            }
            guard let title else {
                diagnostics.append(.warning(location, "ledger entry '\(slug)' has no title; ignored"))
                continue
            }
            guard slugs.insert(slug).inserted else {
                diagnostics.append(.warning(location, "slug '\(slug)' is in the ledger twice; the second entry is ignored"))
                continue
            }
            if let text = arxiv {
                if let reference = ArxivIdentifier.parse(text), arxivIDs.insert(reference.id).inserted {
                    arxiv = reference.id
                } else {
                    diagnostics.append(.warning(location, "ledger entry '\(slug)': '\(text)' is not an arXiv id, or another entry has it; ignored"))
                    arxiv = nil
                }
            }
            if let id = feedID, !isUsableID(id) {
                diagnostics.append(.warning(location, "ledger entry '\(slug)': feed_id '\(id)' is not a URI or site path; the page's address is used"))
                feedID = nil
            }
            entries.append(PaperLedger.Entry(slug: slug, titleKey: title, arxiv: arxiv,
                                             customFeedID: feedID == SitePaths.paper(slug) ? nil : feedID))
        }
        return (PaperLedger(entries: entries), diagnostics)
    }

    /// A feed id must be printable without escaping: no spaces, quotes or angle brackets.
    static func isUsableID(_ id: String) -> Bool {
        !id.isEmpty && !id.unicodeScalars.contains { $0.value <= 0x20 || $0 == "\"" || $0 == "<" || $0 == ">" || $0 == "\\" || $0.value == 0x7F }
    }

    // MARK: - Writing

    /// The ledger as YAML: the header, then one block per paper, sorted by slug.
    public static func text(_ ledger: PaperLedger) -> String {
        String(decoding: bytes(ledger), as: UTF8.self)
    }

    /// The ledger's bytes, written by hand rather than through Yams's emitter so that a ledger of
    /// 100,000 papers takes milliseconds and one buffer, in exactly this layout.
    static func bytes(_ ledger: PaperLedger) -> [UInt8] {
        var output = Array(header.utf8)
        output.reserveCapacity(output.count + ledger.entries.count * 220)
        output += "papers:\n".utf8
        for entry in ledger.entries {
            output += "  - slug: ".utf8
            output += entry.slug.utf8
            output += "\n    title: ".utf8
            appendQuoted(entry.titleKey, to: &output)
            if let arxiv = entry.arxiv {
                output += "\n    arxiv: ".utf8
                appendQuoted(arxiv, to: &output)
            }
            output += "\n    feed_id: ".utf8
            appendQuoted(entry.feedID, to: &output)
            output.append(0x0A)
        }
        return output
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ value: String) -> String {
        var bytes: [UInt8] = []
        appendQuoted(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `value` as a YAML double-quoted scalar, byte by byte: quotes, backslashes and
    /// characters YAML does not allow unescaped (C0 and C1 controls, DEL) become escapes.
    static func appendQuoted(_ value: String, to output: inout [UInt8]) {
        output.append(0x22)
        var previous: UInt8 = 0
        for byte in value.utf8 {
            switch byte {
            case 0x22: output += [0x5C, 0x22]
            case 0x5C: output += [0x5C, 0x5C]
            case 0x0A: output += [0x5C, 0x6E]
            case 0x09: output += [0x5C, 0x74]
            case 0x00..<0x20, 0x7F: appendHexEscape(byte, to: &output)
            case 0x80...0x9F where previous == 0xC2:  // U+0080...U+009F, encoded as C2 80...C2 9F
                output.removeLast()
                appendHexEscape(byte, to: &output)
            default: output.append(byte)
            }
            previous = byte
        }
        output.append(0x22)
    }

    private static func appendHexEscape(_ value: UInt8, to output: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        output += [0x5C, 0x78, digits[Int(value >> 4)], digits[Int(value & 0xF)]]
    }

    /// Writes the ledger when its bytes differ from the file's: into a temporary file beside it,
    /// then renamed over it, so a reader never sees half a ledger. Returns whether it wrote.
    @discardableResult
    public static func write(_ ledger: PaperLedger, to path: String) throws -> Bool {
        let bytes = bytes(ledger)
        if fileHolds(bytes, path: path) { return false }
        let temporary = (path as NSString).deletingLastPathComponent + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else {
                throw BuildFailure("cannot replace \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temporary)
            throw error
        }
        return true
    }

    /// Whether the file at `path` holds exactly `bytes`, compared a block at a time.
    static func fileHolds(_ bytes: [UInt8], path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, Int(status.st_size) == bytes.count else { return false }
        var block = [UInt8](repeating: 0, count: 1 << 16)
        var offset = 0
        while offset < bytes.count {
            let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0, offset + count <= bytes.count, bytes[offset..<(offset + count)].elementsEqual(block[0..<count]) else { return false }
            offset += count
        }
        return true
    }
}

extension LedgerFile {
    /// Reads the layout `LedgerFile.bytes` writes (and the same by hand with plain values), line by
    /// line, or gives up (nil) on anything else so Yams reads it. Hand-written because Yams takes
    /// about five seconds and hundreds of megabytes to compose a 100,000-paper ledger into nodes.
    enum OwnLayout {
        static func read(_ bytes: [UInt8]) -> [RawItem]? {
            var items: [RawItem] = []
            var sawList = false
            var lineNumber = 0
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                lineNumber += 1
                var line = bytes[start..<end]
                start = end + 1
                if line.last == 0x0D { line = line.dropLast() }
                while line.last == 0x20 || line.last == 0x09 { line = line.dropLast() }
                if line.isEmpty || line.first == 0x23 { continue }  // blank or a comment
                if !sawList {
                    guard line.elementsEqual("papers:".utf8) else { return nil }
                    sawList = true
                    continue
                }
                if line.starts(with: "  - ".utf8) {
                    guard let field = field(line.dropFirst(4)) else { return nil }
                    items.append(RawItem(line: lineNumber, fields: [(field.name, field.value, lineNumber)]))
                } else if line.starts(with: "    ".utf8), line.dropFirst(4).first != 0x20, !items.isEmpty {
                    guard let field = field(line.dropFirst(4)) else { return nil }
                    items[items.count - 1].fields!.append((field.name, field.value, lineNumber))
                } else {
                    return nil
                }
            }
            return sawList ? items : nil
        }

        /// `name: value`, the value plain or double-quoted.
        static func field(_ text: ArraySlice<UInt8>) -> (name: String, value: String)? {
            guard let colon = text.firstIndex(of: 0x3A), colon > text.startIndex,
                  text[text.startIndex..<colon].allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F }),
                  text.index(after: colon) < text.endIndex, text[text.index(after: colon)] == 0x20 else { return nil }
            let name = String(decoding: text[text.startIndex..<colon], as: UTF8.self)
            let raw = text[(colon + 2)...]
            guard let first = raw.first else { return nil }
            if first == 0x22 { return unquote(raw).map { (name, $0) } }
            // A plain value: refuse anything YAML would read differently (indicators, comments).
            let second = raw.dropFirst().first
            guard !"'[]{}&*!|>%@`#,".utf8.contains(first), !containsComment(raw), raw.last != 0x3A,
                  !("-?:".utf8.contains(first) && (second == nil || second == 0x20 || second == 0x09)) else { return nil }
            return (name, String(decoding: raw, as: UTF8.self))
        }

        static func containsComment(_ raw: ArraySlice<UInt8>) -> Bool {
            var previous: UInt8 = 0
            for byte in raw {
                if byte == 0x23 && (previous == 0x20 || previous == 0x09) { return true }
                if (byte == 0x20 || byte == 0x09) && previous == 0x3A { return true }  // `a: b` would be a mapping
                previous = byte
            }
            return false
        }

        /// A double-quoted scalar with the escapes `appendQuoted` writes (and `\/`, `\r`, `\0`,
        /// `\u`), nothing after its closing quote.
        static func unquote(_ raw: ArraySlice<UInt8>) -> String? {
            var output: [UInt8] = []
            output.reserveCapacity(raw.count)
            var index = raw.index(after: raw.startIndex)
            while index < raw.endIndex {
                let byte = raw[index]
                if byte == 0x22 { return index == raw.index(before: raw.endIndex) ? String(decoding: output, as: UTF8.self) : nil }
                guard byte == 0x5C else {
                    output.append(byte)
                    index += 1
                    continue
                }
                guard index + 1 < raw.endIndex else { return nil }
                let escape = raw[index + 1]
                index += 2
                switch escape {
                case 0x22, 0x5C, 0x2F: output.append(escape)
                case 0x6E: output.append(0x0A)
                case 0x74: output.append(0x09)
                case 0x72: output.append(0x0D)
                case 0x30: output.append(0x00)
                case 0x78, 0x75:
                    let digits = escape == 0x78 ? 2 : 4
                    guard index + digits <= raw.endIndex,
                          let value = UInt32(String(decoding: raw[index..<(index + digits)], as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(value) else { return nil }
                    output += String(scalar).utf8
                    index += digits
                default:
                    return nil
                }
            }
            return nil
        }
    }
}
