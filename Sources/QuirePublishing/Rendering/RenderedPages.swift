import QuireCore

/// What earlier builds made: for each page and feed document (by a fingerprint of its path), the
/// fingerprint of the inputs it was made from, and the hash and size of the file they gave. A
/// file is a function of its inputs (a paper page's `PaperPageInputs`, another page's values
/// and template text, a feed document's items and links), so a file whose inputs have the same
/// fingerprint is the same file: a rebuild keeps it instead of making it again. Kept beside the
/// output; a copy that is damaged, or was made by another Quire or with another paper
/// template, is ignored, never trusted.
public struct RenderedPages: Sendable {
    struct Record: Sendable, Equatable {
        var values: Fingerprint128
        var hash: UInt64
        var size: Int
    }

    /// What the records hold for: Quire itself and the templates.
    let key: Fingerprint128
    var records: [Fingerprint128: Record] = [:]

    static let magic = Array("quire rendered pages v2\n".utf8)

    /// No pages yet, for a build with `templates` by this Quire (`quire` names it: its version
    /// and executable).
    package init(templates: TemplateLibrary, quire: String) {
        var hasher = StreamHasher()
        hasher.add(quire)
        let paper = templates.fingerprint(readBy: "paper")
        hasher.add(paper.first)
        hasher.add(paper.second)
        key = hasher.value
    }

    /// None, under no key: nothing is kept.
    public init() {
        key = Fingerprint128(first: 0, second: 0)
    }

    init(key: Fingerprint128, records: [Fingerprint128: Record]) {
        self.key = key
        self.records = records
    }

    /// The records `bytes` hold, when they were saved for the same key and are whole; else none.
    package init(bytes: [UInt8], templates: TemplateLibrary, quire: String) {
        self.init(templates: templates, quire: quire)
        records = Self.parse(bytes, key: key) ?? [:]
    }

    var isEmpty: Bool { records.isEmpty }

    /// Adds the records of `other`, made by the same build.
    package mutating func add(_ other: RenderedPages) {
        records.merge(other.records) { own, _ in own }
    }

    /// The record of the page at `path`.
    subscript(path: String) -> Record? {
        get { records[Self.fingerprint(ofPath: path)] }
        set { records[Self.fingerprint(ofPath: path)] = newValue }
    }

    /// The file at `path`, made from inputs of fingerprint `values`: kept as the output holds it
    /// when these records say an earlier build made it from the same inputs (and the output can
    /// keep it), else made by `make` and written. With `verify`, a file that would be kept is
    /// made anyway and must hash as the kept one does. Returns its record and whether it was kept.
    func keepOrWrite(
        _ path: String, values: Fingerprint128, verify: Bool, into output: some OutputSink,
        make: () throws -> [UInt8]
    ) throws -> (path: Fingerprint128, record: Record, kept: Bool) {
        let pathFingerprint = Self.fingerprint(ofPath: path)
        if let known = records[pathFingerprint], known.values == values {
            if verify, ContentHash.of(try make()) != known.hash { throw KeptFileMismatch(path: path) }
            if output.keep(path, hash: known.hash, size: known.size) { return (pathFingerprint, known, true) }
        }
        let bytes = try make()
        let hash = ContentHash.of(bytes)
        try output.write(path, bytes, hash: hash)
        return (pathFingerprint, Record(values: values, hash: hash, size: bytes.count), false)
    }

    static func fingerprint(ofPath path: String) -> Fingerprint128 {
        var hasher = StreamHasher()
        hasher.add(path)
        return hasher.value
    }

    /// The saved form: the magic line, the key, the count, each record (path fingerprint, values
    /// fingerprint, hash, size: 64-bit words, little-endian), and a hash of all that to tell a
    /// damaged copy.
    package var bytes: [UInt8] {
        var bytes = Self.magic
        bytes.reserveCapacity(Self.magic.count + 32 + records.count * 48)
        func append(_ word: UInt64) { withUnsafeBytes(of: word.littleEndian) { bytes += $0 } }
        append(key.first)
        append(key.second)
        append(UInt64(records.count))
        for (path, record) in records.sorted(by: { ($0.key.first, $0.key.second) < ($1.key.first, $1.key.second) }) {
            append(path.first)
            append(path.second)
            append(record.values.first)
            append(record.values.second)
            append(record.hash)
            append(UInt64(record.size))
        }
        append(bytes.withUnsafeBytes { ContentHash.of($0) })
        return bytes
    }

    private static func parse(_ bytes: [UInt8], key: Fingerprint128) -> [Fingerprint128: Record]? {
        bytes.withUnsafeBytes { raw -> [Fingerprint128: Record]? in
            guard raw.count >= magic.count + 32, raw.prefix(magic.count).elementsEqual(magic) else { return nil }
            let body = UnsafeRawBufferPointer(rebasing: raw.dropLast(8))
            guard ContentHash.of(body) == raw.loadUnaligned(fromByteOffset: body.count, as: UInt64.self) else {
                return nil
            }
            var offset = magic.count
            func word() -> UInt64? {
                guard offset + 8 <= body.count else { return nil }
                defer { offset += 8 }
                return UInt64(littleEndian: body.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            }
            guard word() == key.first, word() == key.second, let count = word(), count == (body.count - offset) / 48
            else { return nil }
            var records: [Fingerprint128: Record] = [:]
            records.reserveCapacity(Int(count))
            for _ in 0..<count {
                guard let pathFirst = word(), let pathSecond = word(), let first = word(), let second = word(),
                    let hash = word(), let size = word()
                else { return nil }
                records[Fingerprint128(first: pathFirst, second: pathSecond)] = Record(
                    values: Fingerprint128(first: first, second: second), hash: hash, size: Int(size))
            }
            return offset == body.count ? records : nil
        }
    }
}

/// A file kept from the last build that is made differently now: its inputs' fingerprint
/// missed one of them.
public struct KeptFileMismatch: Error, CustomStringConvertible {
    public let path: String
    public var description: String {
        "\(path) was kept from the last build, but is made differently now: its fingerprint misses an input"
    }
}
