import QuireCore

/// Distinct terms (byte strings) numbered in order of first appearance: an open-addressing hash
/// table over one byte arena. Written by hand because a `[String: Int]` would make a `String`
/// per occurrence — some twenty million at 100,000 abstracts.
struct TermTable {
    /// Every term's bytes, one after another; term `i` ends at `ends[i]`.
    private(set) var arena: [UInt8] = []
    private(set) var ends: [Int32] = []
    /// Per slot: the term's hash in the high half, its number + 1 in the low half; 0 when empty.
    private var slots: [UInt64]
    private var mask: Int

    init(expectedTerms: Int = 4096) {
        var capacity = 16
        while capacity < expectedTerms * 2 { capacity <<= 1 }
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
    }

    var count: Int { ends.count }

    /// The byte range of term `id` in `arena`.
    func range(of id: Int) -> Range<Int> {
        (id == 0 ? 0 : Int(ends[id - 1]))..<Int(ends[id])
    }

    func term(_ id: Int) -> String {
        String(decoding: arena[range(of: id)], as: UTF8.self)
    }

    /// FNV-1a, enough to spread short words: `hash(hash(initialHash, b0), b1)`….
    static let initialHash: UInt32 = 2_166_136_261

    @inline(__always)
    static func hash(_ hash: UInt32, _ byte: UInt8) -> UInt32 {
        (hash ^ UInt32(byte)) &* 16_777_619
    }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        bytes.reduce(initialHash, hash)
    }

    /// The number of `term`, adding it when new.
    mutating func id(of term: UnsafeBufferPointer<UInt8>) -> Int {
        id(of: term, hash: Self.hash(term))
    }

    /// The number of `term` whose `hash` the caller computed, adding it when new.
    mutating func id(of term: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int {
        let tag = UInt64(hash) << 32
        var slot = Int(hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int(entry & 0xFFFF_FFFF) - 1
                if matches(id, term) { return id }
            }
            slot = (slot + 1) & mask
        }
        let id = ends.count
        arena.append(contentsOf: term)
        ends.append(Int32(arena.count))
        slots[slot] = tag | UInt64(id + 1)
        if ends.count * 2 > slots.count { grow() }
        return id
    }

    private func matches(_ id: Int, _ term: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = id == 0 ? 0 : Int(ends[id - 1])
        guard Int(ends[id]) - start == term.count else { return false }
        return arena.withUnsafeBufferPointer { arena in
            var offset = 0
            while offset < term.count {
                if arena[start + offset] != term[offset] { return false }
                offset += 1
            }
            return true
        }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for entry in old where entry != 0 {
            var slot = Int(entry >> 32) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
    }

    /// Byte order of two terms, for a stable sort of the vocabulary.
    func precedes(_ a: Int, _ b: Int) -> Bool {
        let (ra, rb) = (range(of: a), range(of: b))
        return arena.withUnsafeBufferPointer { arena in
            let shared = min(ra.count, rb.count)
            var offset = 0
            while offset < shared {
                let (x, y) = (arena[ra.lowerBound + offset], arena[rb.lowerBound + offset])
                if x != y { return x < y }
                offset += 1
            }
            return ra.count < rb.count
        }
    }
}
