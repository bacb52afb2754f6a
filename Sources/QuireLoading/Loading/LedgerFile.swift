import Foundation
import QuireCore
import Yams

/// Reads and writes `SITE_DIR/quire-ledger.yml`, the `PaperLedger`: the one file Quire writes among
/// the site's inputs. It is YAML a person can read, review in a diff and edit, sorted by slug,
/// written only when it changes and then atomically (a temporary file renamed over it).
public enum LedgerFile {
    public static let fileName = SiteInputs.ledgerFileName

    static let header = """
        # Quire's ledger: the page and feed id of every paper this site has published, so that neither
        # changes once readers have seen it, even when a paper gains an arXiv id or a later paper has the
        # same title. Quire reads it before each build and adds the papers it has not seen; commit it
        # with the site. Change an entry only to move a page on purpose.
        #   slug     the paper's page: papers/<slug>/
        #   title    its title as Quire compares titles (how a paper without an arXiv id is recognized)
        #   arxiv    its arXiv id, once known
        #   feed_id  the id of its items in the feeds: a URI, or a path under base_url
        #   moved_to for a page that moved (papers merged, a title fixed): the slug its old address redirects to
        # and under pages, every other page the site has published (and the RSS and JSON Feed archives of
        # earlier versions), so that one a build no longer writes gets a page there that leads on:
        #   path     its address under base_url
        #   listing  for a digest's page, what the digest listed, to find it again under a new file name
        # and under authors, every author page published: its slug (authors/<slug>/) and the author's name as
        # Quire compares names (with @ and an arXiv id for a namesake author_split keeps apart).

        """

    /// The ledger at `path`; a missing file is an empty ledger. Entries that cannot be used are
    /// reported and left out; a file that is not YAML is an error, so the build stops before it
    /// could give published papers new names.
    public static func load(path: String) -> (PaperLedger, [Diagnostic]) {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(path)
        } catch {
            // Missing is fine (no paper published yet); anything else must not be taken for empty.
            guard FileStamp(path: path) == nil else {
                return (PaperLedger(), [.error(SourceLocation(path: path), "cannot read the ledger: \(error.reason)")])
            }
            return (PaperLedger(), [])
        }
        return bytes.withUnsafeBufferPointer { parse($0, path: path) }
    }

    /// Reads ledger text; `path` is only used in diagnostics.
    public static func parse(_ text: String, path: String) -> (PaperLedger, [Diagnostic]) {
        var text = text
        return text.withUTF8 { parse($0, path: path) }
    }

    /// Quire's own layout line by line, as it goes; anything else (or text that is not UTF-8,
    /// which the fast reader does not take either) through Yams.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, path: String) -> (PaperLedger, [Diagnostic]) {
        var validator = Validator(path: path)
        if OwnLayout.read(bytes, into: &validator) { return validator.finish() }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return (
                PaperLedger(),
                [
                    .error(
                        SourceLocation(path: path),
                        "the ledger is not valid UTF-8; fix it (or restore it from version control)")
                ]
            )
        }
        return parseYAML(text, path: path)
    }

    /// One item of the `papers` list before it is checked: where it starts, the fields it gives
    /// (each with its line), keys Quire does not know, and the first field that is not a single
    /// value. Both readers fill it; `validate` turns it into an entry.
    struct RawItem {
        enum Key { case slug, title, arxiv, feedID, movedTo, name }
        typealias Field = (value: String, line: Int?)

        var line: Int?
        /// False when the item is not a mapping at all.
        var isMapping = true
        var slug: Field?, title: Field?, arxiv: Field?, feedID: Field?, movedTo: Field?, name: Field?
        var unknownKeys: [(name: String, line: Int?)] = []
        var notSingleValue: (name: String, line: Int?)?

        init(line: Int?, isMapping: Bool = true) {
            self.line = line
            self.isMapping = isMapping
        }

        static func key(bytes name: some Collection<UInt8>) -> Key? {
            if name.elementsEqual("slug".utf8) { return .slug }
            if name.elementsEqual("title".utf8) { return .title }
            if name.elementsEqual("arxiv".utf8) { return .arxiv }
            if name.elementsEqual("feed_id".utf8) { return .feedID }
            if name.elementsEqual("moved_to".utf8) { return .movedTo }
            if name.elementsEqual("name".utf8) { return .name }
            return nil
        }

        static func key(_ name: String) -> Key? {
            switch name {
            case "slug": return .slug
            case "title": return .title
            case "arxiv": return .arxiv
            case "feed_id": return .feedID
            case "moved_to": return .movedTo
            case "name": return .name
            default: return nil
            }
        }

        /// Records a field by name; a nil value is one that is not a single value.
        mutating func set(_ name: String, _ value: String?, line: Int?) {
            guard let key = Self.key(name) else { return unknownKeys.append((name, line)) }
            guard let value else {
                if notSingleValue == nil { notSingleValue = (name, line) }
                return
            }
            set(key, (value, line))
        }

        mutating func set(_ key: Key, _ field: Field) {
            switch key {
            case .slug: slug = field
            case .title: title = field
            case .arxiv: arxiv = field
            case .feedID: feedID = field
            case .movedTo: movedTo = field
            case .name: name = field
            }
        }
    }

    /// One item of the `pages` list before it is checked, as `RawItem` is for `papers`.
    struct RawPage {
        var line: Int?
        var isMapping = true
        var path: RawItem.Field?, listing: RawItem.Field?
        var unknownKeys: [(name: String, line: Int?)] = []
        var notSingleValue: (name: String, line: Int?)?

        /// Records a field by name; a nil value is one that is not a single value.
        mutating func set(_ name: String, _ value: String?, line: Int?) {
            guard name == "path" || name == "listing" else { return unknownKeys.append((name, line)) }
            guard let value else {
                if notSingleValue == nil { notSingleValue = (name, line) }
                return
            }
            if name == "path" { path = (value, line) } else { listing = (value, line) }
        }
    }

    /// Any YAML a person may have written, through Yams.
    static func parseYAML(_ text: String, path: String) -> (PaperLedger, [Diagnostic]) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (line, problem) = ConfigLoader.describe(error, in: text)
            return (
                PaperLedger(),
                [
                    .error(
                        SourceLocation(path: path, line: line),
                        "the ledger is not valid YAML (\(problem)); fix it (or restore it from version control) so published papers keep their pages"
                    )
                ]
            )
        } catch {
            return (PaperLedger(), [.error(SourceLocation(path: path), "the ledger is not valid YAML (\(error))")])
        }
        guard let root else { return (PaperLedger(), []) }
        let list = root.mapping?["papers"]
        var validator = Validator(path: path)
        if let pages = root.mapping?["pages"], pages.null == nil {
            guard let items = pages.sequence else {
                return (
                    PaperLedger(),
                    [
                        .error(
                            SourceLocation(path: path, line: pages.mark?.line),
                            "the ledger's 'pages:' should be a list; fix it (or restore it from version control)")
                    ]
                )
            }
            for item in items {
                var raw = RawPage(line: item.mark?.line, isMapping: item.mapping != nil)
                for (key, value) in item.mapping ?? [:] {
                    if let name = key.string { raw.set(name, value.scalar?.string, line: key.mark?.line) }
                }
                validator.addPage(raw)
            }
        }
        if list?.null != nil { return validator.finish() }  // `papers:` with nothing under it
        guard let items = list?.sequence else {
            return (
                PaperLedger(),
                [
                    .error(
                        SourceLocation(path: path, line: root.mark?.line),
                        "the ledger should hold a list under 'papers:'; fix it (or restore it from version control)")
                ]
            )
        }
        func raw(_ item: Node) -> RawItem {
            guard let mapping = item.mapping else { return RawItem(line: item.mark?.line, isMapping: false) }
            var raw = RawItem(line: item.mark?.line)
            for (key, value) in mapping {
                if let name = key.string { raw.set(name, value.scalar?.string, line: key.mark?.line) }
            }
            return raw
        }
        for item in items { validator.add(raw(item)) }
        if let authors = root.mapping?["authors"], authors.null == nil {
            guard let authorItems = authors.sequence else {
                return (
                    PaperLedger(),
                    [
                        .error(
                            SourceLocation(path: path, line: authors.mark?.line),
                            "the ledger should hold a list under 'authors:'; fix it (or restore it from version control)"
                        )
                    ]
                )
            }
            for item in authorItems { validator.addAuthor(raw(item)) }
        }
        return validator.finish()
    }

    /// Turns items into entries one at a time, as a reader finishes them, reporting and leaving
    /// out those that cannot be used; no list of items is kept.
    struct Validator {
        let path: String
        private var diagnostics: [Diagnostic] = []
        private var entries: [PaperLedger.Entry] = []
        /// Slugs seen so far, kept only once the file leaves slug order: while each slug sorts
        /// after the one before (as Quire writes them), none can repeat an earlier one.
        private var slugs: Set<String>?
        private var arxivIDs = Set<String>()

        init(path: String) {
            self.path = path
        }

        mutating func reserveCapacity(_ count: Int) {
            entries.reserveCapacity(count)
        }

        /// Whether `slug` is new, remembering it.
        private mutating func isNew(_ slug: String) -> Bool {
            if slugs == nil {
                guard let last = entries.last?.slug, slug <= last else { return true }
                slugs = Set(entries.map(\.slug))
            }
            return slugs!.insert(slug).inserted
        }

        func finish() -> (PaperLedger, [Diagnostic]) {
            (PaperLedger(entries: entries, pages: pages, authors: authors), diagnostics)
        }

        private var authors: [PaperLedger.AuthorEntry] = []
        private var authorSlugs = Set<String>()

        /// An item of the `authors` list: a slug and the author's name key.
        mutating func addAuthor(_ item: RawItem) {
            let location = SourceLocation(path: path, line: item.line)
            guard item.isMapping else {
                diagnostics.append(
                    .warning(location, "an author entry should be a mapping with slug and name; ignored"))
                return
            }
            var unknown = item.unknownKeys
            for (key, field) in [("title", item.title), ("arxiv", item.arxiv), ("feed_id", item.feedID)]
            where field != nil {
                unknown.append((key, field?.line))
            }
            for (name, line) in unknown {
                diagnostics.append(
                    .warning(SourceLocation(path: path, line: line), "unknown author key '\(name)'; ignored"))
            }
            guard let slug = item.slug?.value, !slug.isEmpty, slug.utf8.count <= 200,
                slug.utf8.allSatisfy(ConfigLoader.Reader.isSlugByte)
            else {
                diagnostics.append(.warning(location, "an author entry needs a slug of a-z, 0-9 and '-'; ignored"))
                return
            }
            guard let name = item.name?.value, !name.isEmpty else {
                diagnostics.append(.warning(location, "author entry '\(slug)' has no name; ignored"))
                return
            }
            guard authorSlugs.insert(slug).inserted else {
                diagnostics.append(
                    .warning(location, "author slug '\(slug)' is in the ledger twice; the second entry is ignored"))
                return
            }
            authors.append(PaperLedger.AuthorEntry(slug: slug, key: name))
        }

        private var pages: [PaperLedger.Page] = []
        private var pagePaths = Set<String>()

        /// The checks every item of the ledger's lists shares: a mapping, known keys (each unknown
        /// one is reported), single values. False, after a warning, when the item cannot be used.
        private mutating func isUsable(
            _ isMapping: Bool, unknownKeys: [(name: String, line: Int?)], notSingleValue: (name: String, line: Int?)?,
            at location: SourceLocation, what: String, shape: String
        ) -> Bool {
            guard isMapping else {
                diagnostics.append(.warning(location, "a ledger \(what) should be \(shape); ignored"))
                return false
            }
            for (name, line) in unknownKeys {
                diagnostics.append(
                    .warning(SourceLocation(path: path, line: line), "unknown ledger key '\(name)'; ignored"))
            }
            if let (name, line) = notSingleValue {
                diagnostics.append(
                    .warning(
                        SourceLocation(path: path, line: line),
                        "'\(name)' should be a single value; the \(what) is ignored"))
                return false
            }
            return true
        }

        mutating func addPage(_ item: RawPage) {
            let location = SourceLocation(path: path, line: item.line)
            guard
                isUsable(
                    item.isMapping, unknownKeys: item.unknownKeys, notSingleValue: item.notSingleValue,
                    at: location, what: "page", shape: "a mapping with a path")
            else { return }
            guard let pagePath = item.path?.value,
                LedgerFile.isPagePath(pagePath) || SitePaths.isRetiredArchive(pagePath)
            else {
                diagnostics.append(
                    .warning(
                        location,
                        "a ledger page needs a path of folders of a-z, 0-9, '-' and '_', each followed by '/', outside papers/ (as 'dates/2025/07/16/'), or a retired feed archive (as 'feed-archive-3.xml'); ignored"
                    ))
                return
            }
            guard pagePaths.insert(pagePath).inserted else {
                diagnostics.append(
                    .warning(location, "page '\(pagePath)' is in the ledger twice; the second entry is ignored"))
                return
            }
            var page = PaperLedger.Page(path: pagePath)
            if let listing = item.listing?.value {
                if listing.utf8.count == 16,
                    listing.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
                {
                    page.listing = listing
                } else {
                    diagnostics.append(
                        .warning(
                            location, "ledger page '\(pagePath)': listing '\(listing)' is not 16 hex digits; ignored"))
                }
            }
            pages.append(page)
        }

        mutating func add(_ item: RawItem) {
            let location = SourceLocation(path: path, line: item.line)
            guard
                isUsable(
                    item.isMapping, unknownKeys: item.unknownKeys + (item.name.map { [("name", $0.line)] } ?? []),
                    notSingleValue: item.notSingleValue, at: location, what: "entry",
                    shape: "a mapping with slug, title and feed_id")
            else { return }
            guard let slug = item.slug?.value, !slug.isEmpty, slug.utf8.count <= 200,
                slug.utf8.allSatisfy(ConfigLoader.Reader.isSlugByte)
            else {
                diagnostics.append(.warning(location, "a ledger entry needs a slug of a-z, 0-9 and '-'; ignored"))
                return
            }
            guard let title = item.title?.value else {
                diagnostics.append(.warning(location, "ledger entry '\(slug)' has no title; ignored"))
                return
            }
            guard isNew(slug) else {
                diagnostics.append(
                    .warning(location, "slug '\(slug)' is in the ledger twice; the second entry is ignored"))
                return
            }
            var arxiv: String?
            if let text = item.arxiv?.value {
                if let reference = ArxivIdentifier.parse(text), arxivIDs.insert(reference.id).inserted {
                    arxiv = reference.id
                } else {
                    diagnostics.append(
                        .warning(
                            location,
                            "ledger entry '\(slug)': '\(text)' is not an arXiv id, or another entry has it; ignored"))
                }
            }
            // Most papers' feed id is their page's path: no string of its own is kept for it.
            var feedID = item.feedID?.value
            if let id = feedID, LedgerFile.isPagePath(id, of: slug) {
                feedID = nil
            } else if let id = feedID, !LedgerFile.isUsableID(id) {
                diagnostics.append(
                    .warning(
                        location,
                        "ledger entry '\(slug)': feed_id '\(id)' is not a URI or site path; the page's address is used")
                )
                feedID = nil
            }
            var entry = PaperLedger.Entry(slug: slug, titleKey: title, arxiv: arxiv, customFeedID: feedID)
            if let target = item.movedTo?.value {
                if !target.isEmpty, target != slug, target.utf8.count <= 200,
                    target.utf8.allSatisfy(ConfigLoader.Reader.isSlugByte)
                {
                    entry.movedTo = target
                } else {
                    diagnostics.append(
                        .warning(
                            location,
                            "ledger entry '\(slug)': moved_to '\(target)' is not another slug of a-z, 0-9 and '-'; ignored"
                        ))
                }
            }
            entries.append(entry)
        }
    }

    /// Whether `path` can be a recorded page: folders of a-z, 0-9, `-` and `_` (digest slugs once
    /// kept underscores), each ending in `/`, and not a paper's (the `papers` list keeps those).
    static func isPagePath(_ path: String) -> Bool {
        guard !path.isEmpty, path.utf8.count <= 300, path.hasSuffix("/"), !path.hasPrefix("papers/") else {
            return false
        }
        return path.dropLast().split(separator: "/", omittingEmptySubsequences: false).allSatisfy { segment in
            !segment.isEmpty && segment.utf8.allSatisfy { ConfigLoader.Reader.isSlugByte($0) || $0 == 0x5F }
        }
    }

    /// Whether `id` is `papers/<slug>/`, compared without building that string.
    static func isPagePath(_ id: String, of slug: String) -> Bool {
        guard id.utf8.count == slug.utf8.count + 8 else { return false }
        var (id, slug) = (id, slug)
        return id.withUTF8 { id in
            slug.withUTF8 { slug in
                id.starts(with: "papers/".utf8) && id.last == 0x2F && id[7..<(id.count - 1)].elementsEqual(slug)
            }
        }
    }

    /// A feed id must be printable without escaping: no spaces, quotes or angle brackets.
    static func isUsableID(_ id: String) -> Bool {
        !id.isEmpty
            && !id.unicodeScalars.contains {
                $0.value <= 0x20 || $0 == "\"" || $0 == "<" || $0 == ">" || $0 == "\\" || $0.value == 0x7F
            }
    }

    // MARK: - Writing

    /// The ledger as YAML: the header, then one block per paper, sorted by slug.
    public static func text(_ ledger: PaperLedger) -> String {
        String(decoding: bytes(ledger), as: UTF8.self)
    }

    /// The ledger's bytes, written by hand rather than through Yams's emitter so that a ledger of
    /// 100,000 papers takes milliseconds and one buffer, in exactly this layout.
    public static func bytes(_ ledger: PaperLedger) -> [UInt8] {
        var output = Array(header.utf8)
        output.reserveCapacity(output.count + estimatedSize(ledger))
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
            if let target = entry.movedTo {
                output += "\n    moved_to: ".utf8
                output += target.utf8
            }
            output += "\n    feed_id: ".utf8
            appendQuoted(entry.feedID, to: &output)
            output.append(0x0A)
        }
        if !ledger.pages.isEmpty {
            output += "pages:\n".utf8
            for page in ledger.pages {
                output += "  - path: ".utf8
                appendQuoted(page.path, to: &output)
                if let listing = page.listing {
                    output += "\n    listing: ".utf8
                    appendQuoted(listing, to: &output)
                }
                output.append(0x0A)
            }
        }
        if !ledger.authors.isEmpty {
            output += "authors:\n".utf8
            for author in ledger.authors {
                output += "  - slug: ".utf8
                output += author.slug.utf8
                output += "\n    name: ".utf8
                appendQuoted(author.key, to: &output)
                output.append(0x0A)
            }
        }
        return output
    }

    /// The bytes `bytes(_:)` writes when no value needs an escape. Reserved at once, the buffer
    /// is not outgrown: at 100,000 papers, growing it from a guess held 25 MB and 50 MB together.
    static func estimatedSize(_ ledger: PaperLedger) -> Int {
        var size = 64
        for entry in ledger.entries {
            size += 60 + entry.slug.utf8.count + entry.titleKey.utf8.count + entry.feedID.utf8.count
            size += (entry.arxiv.map { $0.utf8.count + 16 } ?? 0) + (entry.movedTo.map { $0.utf8.count + 16 } ?? 0)
        }
        for page in ledger.pages { size += 24 + page.path.utf8.count + (page.listing.map { $0.utf8.count + 16 } ?? 0) }
        for author in ledger.authors { size += 32 + author.slug.utf8.count + author.key.utf8.count }
        return size
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

    /// Writes the ledger when its bytes differ from the file's, atomically, so a reader never
    /// sees half a ledger. Returns whether it wrote.
    @discardableResult
    public static func write(_ ledger: PaperLedger, to path: String) throws -> Bool {
        try write(bytes(ledger), to: path)
    }

    /// Writes a ledger's `bytes` as `write(_:to:)` does.
    @discardableResult
    public static func write(_ bytes: [UInt8], to path: String) throws -> Bool {
        if fileHolds(bytes, path: path) { return false }
        try FileOutput.writeAtomically(bytes, to: path)
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
            guard count > 0, offset + count <= bytes.count,
                bytes[offset..<(offset + count)].elementsEqual(block[0..<count])
            else { return false }
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
        /// Feeds each item to `validator` as soon as it is complete; false when the text is not
        /// in this layout (what was fed is then to be thrown away).
        static func read(_ text: UnsafeBufferPointer<UInt8>, into validator: inout Validator) -> Bool {
            validator.reserveCapacity(text.count / 160)  // a little over a typical entry's bytes
            var item: RawItem?
            var page: RawPage?
            var inPages = false
            var inAuthors = false
            func finish(_ item: RawItem) {
                if inAuthors { validator.addAuthor(item) } else { validator.add(item) }
            }
            var sawList = false
            var lineNumber = 0
            var start = 0
            while start < text.count {
                var end = start
                while end < text.count, text[end] != 0x0A { end += 1 }
                lineNumber += 1
                var last = end
                let lineStart = start
                start = end + 1
                if last > lineStart, text[last - 1] == 0x0D { last -= 1 }
                while last > lineStart, text[last - 1] == 0x20 || text[last - 1] == 0x09 { last -= 1 }
                let line = Slice(base: text, bounds: lineStart..<last)
                if line.isEmpty || line.first == 0x23 { continue }  // blank or a comment
                if !sawList {
                    guard line.elementsEqual("papers:".utf8) else { return false }
                    sawList = true
                    continue
                }
                if !inPages, !inAuthors, line.elementsEqual("pages:".utf8) {
                    if let finished = item { finish(finished) }
                    item = nil
                    inPages = true
                    continue
                }
                if !inAuthors, line.elementsEqual("authors:".utf8) {
                    if let finished = item { finish(finished) }
                    if let finished = page { validator.addPage(finished) }
                    item = nil
                    page = nil
                    inPages = false
                    inAuthors = true
                    continue
                }
                let startsItem = line.starts(with: "  - ".utf8)
                guard
                    startsItem
                        || (line.starts(with: "    ".utf8) && line.count > 4 && line[lineStart + 4] != 0x20
                            && (inPages ? page != nil : item != nil))
                else { return false }
                guard let (name, value) = field(line.dropFirst(4)) else { return false }
                if inPages {
                    if startsItem {
                        if let finished = page { validator.addPage(finished) }
                        page = RawPage(line: lineNumber)
                    }
                    page!.set(String(decoding: name, as: UTF8.self), value, line: lineNumber)
                    continue
                }
                if startsItem {
                    if let finished = item { finish(finished) }
                    item = RawItem(line: lineNumber)
                }
                if let key = RawItem.key(bytes: name) {
                    item!.set(key, (value, lineNumber))
                } else {
                    item!.unknownKeys.append((String(decoding: name, as: UTF8.self), lineNumber))
                }
            }
            if let finished = item { finish(finished) }
            if let finished = page { validator.addPage(finished) }
            return sawList
        }

        typealias Line = Slice<UnsafeBufferPointer<UInt8>>

        /// `name: value`, the value plain or double-quoted; the name as bytes.
        static func field(_ text: Line) -> (name: Line, value: String)? {
            guard let colon = text.firstIndex(of: 0x3A), colon > text.startIndex,
                text[text.startIndex..<colon].allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F }),
                colon + 1 < text.endIndex, text[colon + 1] == 0x20
            else { return nil }
            let name = text[text.startIndex..<colon]
            let raw = text[(colon + 2)...]
            guard let first = raw.first else { return nil }
            if first == 0x22 { return unquote(raw).map { (name, $0) } }
            // A plain value: refuse anything YAML would read differently (indicators, comments).
            let second = raw.dropFirst().first
            guard !"'[]{}&*!|>%@`#,".utf8.contains(first), !containsComment(raw), raw.last != 0x3A,
                !("-?:".utf8.contains(first) && (second == nil || second == 0x20 || second == 0x09))
            else { return nil }
            return String(validating: raw, as: UTF8.self).map { (name, $0) }
        }

        static func containsComment(_ raw: Line) -> Bool {
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
        static func unquote(_ raw: Line) -> String? {
            let body = raw.dropFirst()
            // Most values hold no escape: the text between the quotes is the value.
            if let close = body.firstIndex(where: { $0 == 0x22 || $0 == 0x5C }), body[close] == 0x22 {
                return close == raw.index(before: raw.endIndex)
                    ? String(validating: body[..<close], as: UTF8.self) : nil
            }
            var output: [UInt8] = []
            output.reserveCapacity(raw.count)
            var index = raw.index(after: raw.startIndex)
            while index < raw.endIndex {
                let byte = raw[index]
                if byte == 0x22 {
                    return index == raw.index(before: raw.endIndex) ? String(validating: output, as: UTF8.self) : nil
                }
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
                        let scalar = Unicode.Scalar(value)
                    else { return nil }
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
