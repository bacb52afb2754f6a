/// A 128-bit hash fed piece by piece: two 64-bit lanes with different seeds and multipliers,
/// each mixing eight bytes at a time. It tells whether a page's values are the ones an earlier
/// build rendered, so its width keeps an accidental match out of reach for any site. Stable
/// across runs and machines; not for security.
package struct StreamHasher {
    private var first: UInt64 = 0x243F_6A88_85A3_08D3
    private var second: UInt64 = 0x1319_8A2E_0370_7344

    package init() {}

    /// The two lanes, finished.
    package var value: Fingerprint128 {
        Fingerprint128(first: Self.finish(first), second: Self.finish(second))
    }

    package mutating func add(_ word: UInt64) {
        first = (first ^ word) &* 0x9E37_79B9_7F4A_7C15
        first ^= first >> 29
        second = (second ^ word) &* 0xC2B2_AE3D_27D4_EB4F
        second ^= second >> 32
    }

    package mutating func add(_ bytes: UnsafeRawBufferPointer) {
        add(UInt64(bytes.count))
        var offset = 0
        while offset + 8 <= bytes.count {
            add(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        add(tail)
    }

    package mutating func add(_ text: String) {
        // Read in place (a native string's UTF-8 is contiguous), without copying the string.
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { add(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(text.utf8).withUnsafeBytes { add($0) } }
    }

    private static func finish(_ lane: UInt64) -> UInt64 {
        var hash = lane ^ (lane >> 33)
        hash = hash &* 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash = hash &* 0xC4CE_B9FE_1A85_EC53
        return hash ^ (hash >> 33)
    }
}

/// A 128-bit fingerprint, made by `StreamHasher`.
package struct Fingerprint128: Hashable, Sendable {
    package var first: UInt64
    package var second: UInt64

    package init(first: UInt64, second: UInt64) {
        self.first = first
        self.second = second
    }
}
