/// Finds the pairs of title keys that `TitleKeys.isNearMiss` accepts, without comparing every
/// pair: each key is reached only from the keys that share a rare signature with it, so the work
/// grows with the number of keys, not its square.
///
/// A near miss is one key with a subtitle or ending left out, or a letter or two changed. Each
/// such edit leaves a trace a hash can meet:
/// - a key that is another's first words (three or more): the longer key's word prefix equals
///   the shorter key;
/// - a word left out, or two words joined (`pre training` / `pretraining`): the longer key with
///   that word dropped, or those words joined, equals the other key;
/// - a letter changed, added or removed in one word: both keys, or one key and the other with
///   that letter deleted, share a "word with one letter deleted" signature;
/// - a short word swapped for another (`for` / `via`): both keys share a "this word is a
///   wildcard" signature.
/// Keys that differ in letters of two or more words are not found (the old bucket search found
/// some of them, at a quadratic cost on common openings such as "A Survey on").
///
/// Signatures are 64-bit polynomial hashes built from prefix hashes, so making one costs O(1);
/// a collision only adds a candidate, which `isNearMiss` then rejects.
package enum NearMissIndex {
    /// Candidates sharing one letter-deletion signature are compared pairwise only up to this
    /// many; a larger group (a signature common to many keys) is compared with neighbours only.
    static let largestGroup = 24

    /// Pairs `(a, b)` with `a < b`, indices into `keys`, that are near misses, sorted; only keys
    /// of three words or more take part. `keys` are title keys (`TitleKeys.key(forTitle:)`).
    package static func pairs(_ keys: [String]) -> [(Int, Int)] {
        // Shapes are made twice rather than kept: a key's prefix hashes take eight bytes a byte.
        let powers = KeyShape.powers(upTo: keys.lazy.map(\.utf8.count).max() ?? 0)
        var hashes: [(hash: UInt64, index: Int32)] = []
        hashes.reserveCapacity(keys.count)
        for (index, key) in keys.enumerated() {
            guard let shape = KeyShape(key, powers: powers) else { continue }
            hashes.append((shape.hash(0, shape.count), Int32(index)))
        }
        let whole = HashGroups(hashes)
        // Each key's variants are looked up on its own, so chunks of keys run on every core;
        // what they find is sorted afterwards, so the result does not depend on the chunking.
        let chunkSize = max(1024, keys.count / 64)
        let chunks = stride(from: 0, to: keys.count, by: chunkSize).map { $0..<min($0 + chunkSize, keys.count) }
        // Each chunk hands back its deletion signatures in buckets of their top byte, each of its
        // exact size: a group of equal signatures never straddles two buckets, so each bucket is
        // grouped on its own core.
        var found = chunks.parallelMap { chunk -> (candidates: [UInt64], deletions: [[UInt64]]) in
            var candidates: [UInt64] = []  // (a << 32 | b), a < b
            var deletions: [UInt64] = []  // (signature & ~0xFFFFFF) | index
            for index in chunk {
                guard let shape = KeyShape(keys[index], powers: powers) else { continue }
                func consider(_ other: Int32) {
                    let other = Int(other)
                    guard other != index else { return }
                    candidates.append(UInt64(min(index, other)) << 32 | UInt64(max(index, other)))
                }
                shape.forEachVariant(
                    deletion: { signature in
                        whole.forEach(signature, consider)
                        deletions.append(signature & ~0xFF_FFFF | UInt64(index))
                    },
                    other: { signature in whole.forEach(signature, consider) })
            }
            return (candidates, Self.bucketed(deletions))
        }
        // At a million titles the signatures are 60 million. Each bucket's parts are handed to
        // its core without a copy, and let go as they are joined, so they are held about once.
        let buckets = (0..<256).map { bucket in SignatureParts(found.map { $0.deletions[bucket] }) }
        for index in found.indices { found[index].deletions = [] }
        var grouped = buckets.parallelMap { parts -> [UInt64] in
            var deletions = parts.joined()
            deletions.sort()
            var candidates: [UInt64] = []
            var start = 0
            while start < deletions.count {
                var end = start + 1
                while end < deletions.count, deletions[end] >> 24 == deletions[start] >> 24 { end += 1 }
                if end - start > 1 {
                    let group = deletions[start..<end].map { Int($0 & 0xFF_FFFF) }
                    let reach = end - start <= largestGroup ? group.count : 2
                    for (position, a) in group.enumerated() {
                        for b in group[(position + 1)..<min(group.count, position + reach)] where a != b {
                            candidates.append(UInt64(min(a, b)) << 32 | UInt64(max(a, b)))
                        }
                    }
                }
                start = end
            }
            return candidates
        }
        // Candidates sorted and made unique in buckets of their first key, which keeps the
        // buckets' concatenation in order.
        let bucketCount = 64
        var pairBuckets = [[UInt64]](repeating: [], count: bucketCount)
        func bucket(_ candidates: [UInt64]) {
            for packed in candidates { pairBuckets[Int(packed >> 32) * bucketCount / keys.count].append(packed) }
        }
        for index in found.indices {
            bucket(found[index].candidates)
            found[index].candidates = []
        }
        for index in grouped.indices {
            bucket(grouped[index])
            grouped[index] = []
        }
        let verified = pairBuckets.parallelMap { bucket -> [(Int, Int)] in
            var previous: UInt64?
            var pairs: [(Int, Int)] = []
            for packed in bucket.sorted() where packed != previous {
                previous = packed
                let (a, b) = (Int(packed >> 32), Int(packed & 0xFFFF_FFFF))
                if TitleKeys.isNearMiss(keys[a], keys[b]) { pairs.append((a, b)) }
            }
            return pairs
        }
        return verified.flatMap { $0 }
    }

    /// `signatures` in 256 buckets by their top byte, in their order, each bucket of its exact
    /// size.
    static func bucketed(_ signatures: [UInt64]) -> [[UInt64]] {
        var sizes = [Int](repeating: 0, count: 256)
        for signature in signatures { sizes[Int(signature >> 56)] += 1 }
        var buckets = sizes.map { size in
            var bucket: [UInt64] = []
            bucket.reserveCapacity(size)
            return bucket
        }
        for signature in signatures { buckets[Int(signature >> 56)].append(signature) }
        return buckets
    }

    /// One bucket's deletion signatures, in the parts the chunks of keys made; joined by the one
    /// thread that groups the bucket.
    final class SignatureParts: @unchecked Sendable {
        private var parts: [[UInt64]]

        init(_ parts: [[UInt64]]) { self.parts = parts }

        /// The parts as one array; each part is let go once copied.
        func joined() -> [UInt64] {
            var whole: [UInt64] = []
            whole.reserveCapacity(parts.reduce(0) { $0 + $1.count })
            for index in parts.indices {
                whole += parts[index]
                parts[index] = []
            }
            return whole
        }
    }

    /// The keys' whole-key hashes, for about seventy lookups a key that nearly all miss. Written
    /// by hand: a `[UInt64: [Int32]]` hashed every probe with SipHash and kept an array per key,
    /// and its lookups were 15% of loading a million papers. The hashes are uniform already, so
    /// their low bits pick the slot (open addressing, linear probing), and each hash's keys are
    /// one run of `members`.
    struct HashGroups {
        /// A slot's hash, or 0 when the slot is empty (a hash of 0 is stored as 1: a false
        /// match only adds a candidate, which `isNearMiss` rejects).
        private var slots: [UInt64]
        private var runStarts: [Int32]
        private var runEnds: [Int32]
        private let members: [Int32]
        private let mask: Int

        init(_ entries: [(hash: UInt64, index: Int32)]) {
            let sorted = entries.sorted { $0.hash != $1.hash ? $0.hash < $1.hash : $0.index < $1.index }
            members = sorted.map(\.index)
            var capacity = 16
            while capacity < sorted.count * 2 { capacity *= 2 }
            mask = capacity - 1
            slots = Array(repeating: 0, count: capacity)
            runStarts = Array(repeating: 0, count: capacity)
            runEnds = Array(repeating: 0, count: capacity)
            var start = 0
            while start < sorted.count {
                var end = start + 1
                while end < sorted.count, sorted[end].hash == sorted[start].hash { end += 1 }
                let stored = Self.stored(sorted[start].hash)
                var slot = Int(truncatingIfNeeded: stored) & mask
                while slots[slot] != 0 && slots[slot] != stored { slot = (slot + 1) & mask }
                if slots[slot] == stored {
                    // 0 and 1 both stored as 1: the runs are adjacent in `members`.
                    runEnds[slot] = Int32(end)
                } else {
                    (slots[slot], runStarts[slot], runEnds[slot]) = (stored, Int32(start), Int32(end))
                }
                start = end
            }
        }

        private static func stored(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

        /// Calls `body` with every key index whose hash is `hash` (in increasing order, but for
        /// the hashes 0 and 1, which share a slot).
        func forEach(_ hash: UInt64, _ body: (Int32) -> Void) {
            let stored = Self.stored(hash)
            var slot = Int(truncatingIfNeeded: stored) & mask
            while slots[slot] != 0 {
                if slots[slot] == stored {
                    for position in Int(runStarts[slot])..<Int(runEnds[slot]) { body(members[position]) }
                    return
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// A key's bytes, its word boundaries and prefix hashes, from which the hash of the key with
    /// any one word dropped, two joined, or one letter deleted is had in O(1).
    struct KeyShape {
        static let base: UInt64 = 0x100_0000_01B3

        let bytes: [UInt8]
        /// Start of each word; `ends[i]` is one past its last byte.
        let starts: [Int]
        let ends: [Int]
        /// `prefix[i]`: the hash of `bytes[0..<i]`; `powers[i]`: `base^i`, shared by every key.
        let prefix: [UInt64]
        let powers: [UInt64]

        /// `base^0` to `base^length`.
        static func powers(upTo length: Int) -> [UInt64] {
            var powers = [UInt64](repeating: 1, count: length + 1)
            for index in powers.indices.dropFirst() { powers[index] = powers[index - 1] &* base }
            return powers
        }

        var count: Int { bytes.count }

        init?(_ key: String, powers: [UInt64]) {
            bytes = Array(key.utf8)
            var starts: [Int] = [], ends: [Int] = []
            var index = 0
            while index < bytes.count {
                while index < bytes.count, bytes[index] == 0x20 { index += 1 }
                guard index < bytes.count else { break }
                starts.append(index)
                while index < bytes.count, bytes[index] != 0x20 { index += 1 }
                ends.append(index)
            }
            guard starts.count >= 3 else { return nil }
            (self.starts, self.ends) = (starts, ends)
            var prefix = [UInt64](repeating: 0, count: bytes.count + 1)
            for (position, byte) in bytes.enumerated() {
                prefix[position + 1] = prefix[position] &* Self.base &+ UInt64(byte) &+ 1
            }
            (self.prefix, self.powers) = (prefix, powers)
        }

        /// The hash of `bytes[from..<to]`.
        func hash(_ from: Int, _ to: Int) -> UInt64 {
            prefix[to] &- prefix[from] &* powers[to - from]
        }

        /// The hash of `bytes[0..<cut]` followed by `bytes[resume...]`.
        func hash(skipping cut: Int, to resume: Int) -> UInt64 {
            hash(0, cut) &* powers[count - resume] &+ hash(resume, count)
        }

        /// The hash of the key with `bytes[from..<to]` replaced by one byte that no key holds.
        func hash(replacing from: Int, _ to: Int) -> UInt64 {
            (hash(0, from) &* Self.base &+ 1) &* powers[count - to] &+ hash(to, count)
        }

        /// Calls `deletion` with the key minus one letter of one word, for every letter, and
        /// with each word of three letters or fewer replaced by a wildcard (`for` / `via`), and
        /// `other` with every word prefix of three or more words, the key minus one word, and
        /// the key with two neighbouring words joined.
        func forEachVariant(deletion: (UInt64) -> Void, other: (UInt64) -> Void) {
            let words = starts.count
            for word in 3..<words { other(hash(0, ends[word - 1])) }
            for word in 0..<words {
                // The word and the space before it (or after it, for the first word) dropped.
                other(word == 0 ? hash(starts[1], count) : hash(skipping: ends[word - 1], to: ends[word]))
                if word + 1 < words { other(hash(skipping: ends[word], to: starts[word + 1])) }
                for letter in starts[word]..<ends[word] where ends[word] - starts[word] > 1 {
                    deletion(hash(skipping: letter, to: letter + 1))
                }
                if ends[word] - starts[word] <= 3 { deletion(hash(replacing: starts[word], ends[word])) }
            }
        }
    }
}
