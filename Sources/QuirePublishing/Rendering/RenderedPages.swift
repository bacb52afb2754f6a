import QuireCore

/// What earlier builds rendered: for each page, the fingerprint of the values it was rendered
/// from, and the hash and size of the HTML they gave. Rendering is a function of the templates
/// and the values alone, so a page whose values have the same fingerprint is the same page: a
/// rebuild keeps its file instead of rendering it again. Kept beside the output; a copy that is
/// damaged, or was made by another Quire or with other templates, is ignored, never trusted.
public struct RenderedPages: Sendable {
    struct Record: Sendable, Equatable {
        var values: Fingerprint128
        var hash: UInt64
        var size: Int
    }

    /// What the records hold for: Quire itself and the templates.
    let key: Fingerprint128
    var records: [String: Record] = [:]

    static let magic = Array("quire rendered pages v1\n".utf8)

    /// No pages yet, for a build with `templates` by this Quire (`quire` names it: its version
    /// and executable).
    package init(templates: TemplateLibrary, quire: String) {
        var hasher = StreamHasher()
        hasher.add(quire)
        hasher.add(templates.fingerprint.first)
        hasher.add(templates.fingerprint.second)
        key = hasher.value
    }

    init(key: Fingerprint128, records: [String: Record]) {
        self.key = key
        self.records = records
    }

    /// The records `bytes` hold, when they were saved for the same key and are whole; else none.
    package init(bytes: [UInt8], templates: TemplateLibrary, quire: String) {
        self.init(templates: templates, quire: quire)
        records = Self.parse(bytes, key: key) ?? [:]
    }

    var isEmpty: Bool { records.isEmpty }

    /// The saved form: the magic line, the key, each record (path length, path, fingerprint,
    /// hash, size, little-endian), and a hash of all that to tell a damaged copy.
    package var bytes: [UInt8] {
        var bytes = Self.magic
        bytes.reserveCapacity(records.count * 100)
        func append(_ word: UInt64) { withUnsafeBytes(of: word.littleEndian) { bytes += $0 } }
        append(key.first)
        append(key.second)
        append(UInt64(records.count))
        for (path, record) in records.sorted(by: { $0.key < $1.key }) {
            append(UInt64(path.utf8.count))
            bytes += path.utf8
            append(record.values.first)
            append(record.values.second)
            append(record.hash)
            append(UInt64(record.size))
        }
        append(bytes.withUnsafeBytes { ContentHash.of($0) })
        return bytes
    }

    private static func parse(_ bytes: [UInt8], key: Fingerprint128) -> [String: Record]? {
        bytes.withUnsafeBytes { raw -> [String: Record]? in
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
            guard word() == key.first, word() == key.second, let count = word() else { return nil }
            var records: [String: Record] = [:]
            records.reserveCapacity(Int(min(count, 10_000_000)))
            for _ in 0..<count {
                guard let length = word(), length <= body.count - offset else { return nil }
                let path = String(decoding: body[offset..<offset + Int(length)], as: UTF8.self)
                offset += Int(length)
                guard let first = word(), let second = word(), let hash = word(), let size = word() else {
                    return nil
                }
                records[path] = Record(
                    values: Fingerprint128(first: first, second: second), hash: hash, size: Int(size))
            }
            return offset == body.count ? records : nil
        }
    }
}
