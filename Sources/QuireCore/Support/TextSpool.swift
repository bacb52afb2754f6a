import Foundation

/// Text moved out of memory into a scratch file, and read back on demand: a large site's
/// abstracts, which every later stage reads only a few times, paper by paper. At 100,000 papers
/// they are over half of what a build holds once loaded.
///
/// The file is made in the temporary folder (`TMPDIR`) and unlinked at once: it never has a
/// name another process could see, and it is gone when the spool is, or when the process ends,
/// however it ends. Once sealed it is mapped into memory, so a read is a copy, not a system
/// call; the mapped pages are handed back whenever `residentLimit` bytes have been read since
/// (they stay in the system's file cache), so the spool holds little of the process's memory.
///
/// No text is ever lost: when a write fails (a full disk), what was not written stays in memory
/// and is read from there. Appending is serialized; reading, once sealed, is safe from any
/// thread.
public final class TextSpool: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    /// Bytes appended and not written to the file (all of them from the first failed write on):
    /// they follow the file's `written` bytes.
    private var pending: [UInt8] = []
    private var written = 0
    /// Whether a write failed: appends stay in `pending` from then on.
    private var failed = false
    /// The file's `written` bytes, mapped read-only by `seal()`.
    private var mapping: UnsafeRawPointer?
    private var sealed = false
    /// Bytes read since the mapping's pages were last handed back.
    private var readSinceRelease = 0

    /// Nil when no scratch file can be made; callers keep their text in memory then.
    public convenience init?() {
        let template = FileManager.default.temporaryDirectory.path + "/quire-text-XXXXXX"
        var path = Array(template.utf8CString)
        let descriptor = path.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return nil }
        path.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.init(descriptor: descriptor)
    }

    /// A spool over an open file, which it closes; the tests give it one it cannot write.
    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        if let mapping { munmap(UnsafeMutableRawPointer(mutating: mapping), written) }
        close(descriptor)
    }

    /// Appends `text`; the result reads it back once the spool is sealed.
    public func append(_ text: String) -> SpooledText {
        var text = text
        return text.withUTF8 { bytes in
            lock.withLock {
                precondition(!sealed, "TextSpool: appended to after seal()")
                let offset = written + pending.count
                pending.append(contentsOf: bytes)
                if pending.count >= Self.blockSize { writePending() }
                return SpooledText(spool: self, offset: offset, count: bytes.count)
            }
        }
    }

    /// Ends the appends: writes what is left and maps the file, so that every text can be read.
    public func seal() {
        lock.withLock {
            precondition(!sealed, "TextSpool: sealed twice")
            sealed = true
            writePending()
            guard written > 0 else { return }
            let mapped = mmap(nil, written, PROT_READ, MAP_SHARED, descriptor, 0)
            if let mapped, mapped != MAP_FAILED { mapping = UnsafeRawPointer(mapped) }
        }
    }

    fileprivate func read(offset: Int, count: Int) -> String {
        guard count > 0 else { return "" }
        precondition(sealed, "TextSpool: read before seal()")
        // A text lies wholly in the file or wholly in `pending`: `written` only ever moves past
        // whole texts.
        guard offset < written else {
            return String(decoding: pending[(offset - written)..<(offset - written + count)], as: UTF8.self)
        }
        guard let mapping else { return readFromFile(offset: offset, count: count) }
        let text = String(decoding: UnsafeRawBufferPointer(start: mapping + offset, count: count), as: UTF8.self)
        let release = lock.withLock {
            readSinceRelease += count
            guard readSinceRelease >= Self.residentLimit else { return false }
            readSinceRelease = 0
            return true
        }
        // Another thread may be reading from these pages meanwhile: it reads them in again from
        // the file, whose bytes never change once mapped.
        if release { madvise(UnsafeMutableRawPointer(mutating: mapping), written, MADV_DONTNEED) }
        return text
    }

    /// A read when the file could not be mapped.
    private func readFromFile(offset: Int, count: Int) -> String {
        String(unsafeUninitializedCapacity: count) { buffer in
            var done = 0
            while done < count {
                let got = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else {
                    fatalError("cannot read back the build's scratch file: \(String(cString: strerror(errno)))")
                }
                done += got
            }
            return count
        }
    }

    /// Must be called with `lock` held.
    private func writePending() {
        guard !failed, !pending.isEmpty else { return }
        var done = 0
        pending.withUnsafeBytes { bytes in
            while done < bytes.count {
                let count = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(written + done))
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    failed = true
                    return
                }
                done += count
            }
        }
        // After a failed write, the part written is simply not counted: it is written again,
        // never, and read from `pending`.
        guard !failed else { return }
        written += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    private static let blockSize = 1 << 20
    /// How much text is read from the mapping before its pages are handed back.
    private static let residentLimit = 4 << 20
}

/// A text in a `TextSpool`: 24 bytes in memory, whatever the text's length.
public struct SpooledText: Sendable {
    fileprivate let spool: TextSpool
    fileprivate let offset: Int
    /// The text's length in UTF-8 bytes.
    public let count: Int

    /// The text, read back from the spool.
    public var text: String { spool.read(offset: offset, count: count) }
}

/// A text held in memory, or in a `TextSpool` once spooled there.
public enum StoredText: Sendable {
    case inMemory(String)
    case spooled(SpooledText)

    public var text: String {
        switch self {
        case .inMemory(let text): return text
        case .spooled(let spooled): return spooled.text
        }
    }

    public var isEmpty: Bool {
        switch self {
        case .inMemory(let text): return text.isEmpty
        case .spooled(let spooled): return spooled.count == 0
        }
    }

    /// The same text, in `spool`; left in memory when empty (nothing to gain).
    public func spooled(into spool: TextSpool) -> StoredText {
        guard case .inMemory(let text) = self, !text.isEmpty else { return self }
        return .spooled(spool.append(text))
    }
}
