import Foundation
import QuireCore

/// For every paper, the papers most like it in title and abstract: a pure function of the model.
///
/// Each paper is a TF-IDF vector over the terms the search index uses (`SearchTokenizer`), without
/// stopwords, numbers, terms of one paper only, and terms in more than a tenth of the papers (and
/// more than 20). A
/// term's weight is `(1 + ln tf) · ln(N / df)`, where `tf` counts a title occurrence twice and an
/// abstract occurrence once; a vector keeps its `vectorTerms` heaviest terms and is scaled to
/// length 1, so the dot product of two vectors is their cosine similarity.
///
/// Papers are never compared pair by pair (at 100,000 papers that is 5·10⁹ pairs). Each paper's
/// `keyTerms` heaviest terms go into an inverted index, each term's list keeping the
/// `postingsPerTerm` papers it weighs most in. A paper's candidates are the papers on its key
/// terms' lists, ranked by the part of the dot product those terms give; the best `candidates`
/// are scored exactly. The score is the cosine times `1 + 0.1 · a + 0.1 · t`, where `a` is 1 when
/// the papers share an author (as author pages match names) and `t` is 1 when a curator's note
/// puts both in one topic. Equal scores go by listing order (the
/// newer first), then slug, so the same inputs give the same lists.
package struct RelatedPapers: Sendable {
    /// Paper `i`'s related papers are `indexes[offsets[i]..<offsets[i + 1]]`, best first.
    private let offsets: [Int32]
    private let indexes: [Int32]

    static let vectorTerms = 48
    static let keyTerms = 6
    static let postingsPerTerm = 48
    static let candidates = 20
    /// A term in more papers than this share of the site says little about any of them.
    static let commonShare = 0.1
    /// …but on a small site, where a tenth is a handful, a term is common only past this many papers.
    static let commonFloor = 20
    static let curatorTopicBonus: Float = 0.1
    static let authorBonus: Float = 0.1

    /// No related papers for any paper (`related: 0`).
    package init(paperCount: Int) {
        self.init(offsets: Array(repeating: 0, count: paperCount + 1), indexes: [])
    }

    private init(offsets: [Int32], indexes: [Int32]) {
        self.offsets = offsets
        self.indexes = indexes
    }

    /// The related papers of paper `index`, best first.
    package func of(_ index: Int) -> ArraySlice<Int32> {
        indexes[Int(offsets[index])..<Int(offsets[index + 1])]
    }

    /// Up to `limit` related papers for every paper of `model`.
    package init(model: SiteModel, limit: Int) {
        let count = model.papers.count
        guard limit > 0, count > 1 else {
            self.init(paperCount: count)
            return
        }
        let vectors = Vectors(model: model)
        let index = KeyTermIndex(vectors: vectors)
        var listingRank = [Int32](repeating: Int32.max, count: count)
        for (rank, paper) in model.newest.enumerated() { listingRank[paper] = Int32(rank) }
        let affinity = Affinity(model: model)
        let slugs = model.papers.map(\.slug)
        let partCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 4, count / 256))
        let parts = (0..<partCount).map { (count * $0 / partCount)..<(count * ($0 + 1) / partCount) }
        let lists = parts.parallelMap { range in
            var scorer = Scorer(paperCount: count, termCount: vectors.termCount)
            var flat: [Int32] = []
            var ends: [Int32] = []
            flat.reserveCapacity(range.count * limit)
            for paper in range {
                let best = scorer.related(
                    of: paper, limit: limit, vectors: vectors, index: index, affinity: affinity
                ) { a, b in
                    if listingRank[a] != listingRank[b] { return listingRank[a] < listingRank[b] }
                    return slugs[a] < slugs[b]
                }
                flat += best.map { Int32($0) }
                ends.append(Int32(flat.count))
            }
            return (flat, ends)
        }
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(count + 1)
        var indexes: [Int32] = []
        indexes.reserveCapacity(count * limit)
        for (flat, ends) in lists {
            let base = Int32(indexes.count)
            offsets += ends.map { $0 + base }
            indexes += flat
        }
        self.init(offsets: offsets, indexes: indexes)
    }
}

extension RelatedPapers {
    /// Every paper's unit vector, its terms in increasing order, in flat arrays.
    struct Vectors {
        /// Paper `i`'s terms and weights are at `ends[i - 1]..<ends[i]`.
        var terms: [Int32] = []
        var weights: [Float] = []
        var ends: [Int32] = []
        /// Each paper's `keyTerms` heaviest terms, with their weights, `keyTerms` slots a paper
        /// (unused slots hold term -1).
        var keys: [Int32] = []
        var keyWeights: [Float] = []
        var termCount = 0

        init() {}

        func range(of paper: Int) -> Range<Int> {
            (paper == 0 ? 0 : Int(ends[paper - 1]))..<Int(ends[paper])
        }

        init(model: SiteModel) {
            let count = model.papers.count
            let partCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 2, count / 500))
            let ranges = (0..<partCount).map { (count * $0 / partCount)..<(count * ($0 + 1) / partCount) }
            var parts = ranges.parallelMap { range in
                var reader = TermCounter()
                for paper in range {
                    reader.titleWeight = 2
                    SearchTokenizer.forEachTerm(in: model.papers[paper].title, into: &reader)
                    reader.titleWeight = 1
                    SearchTokenizer.forEachTerm(in: model.papers[paper].plainAbstract, into: &reader)
                    reader.endDocument()
                }
                // Copied to its exact size: grown by appends, the counts had up to twice the room.
                reader.entries = reader.entries.withUnsafeBufferPointer { Array($0) }
                return reader
            }
            // One vocabulary for the whole site, numbered in byte order of the terms, so that a
            // term's number (which breaks ties between equal weights) does not depend on which
            // paper met it first.
            var vocabulary = TermTable(expectedTerms: (parts.map(\.table.count).max() ?? 0) * 3 / 2)
            var localToFirstSeen: [[Int32]] = []
            for part in parts {
                localToFirstSeen.append(
                    part.table.arena.withUnsafeBufferPointer { arena in
                        (0..<part.table.count).map { local in
                            Int32(vocabulary.id(of: UnsafeBufferPointer(rebasing: arena[part.table.range(of: local)])))
                        }
                    })
            }
            let vocabularyForSort = vocabulary
            let byBytes = (0..<vocabulary.count).sorted { vocabularyForSort.precedes($0, $1) }
            var rank = [Int32](repeating: 0, count: vocabulary.count)
            for (position, term) in byBytes.enumerated() { rank[term] = Int32(position) }
            termCount = vocabulary.count
            for index in parts.indices {
                parts[index].globalTerm = localToFirstSeen[index].map { rank[Int($0)] }
            }
            var documentFrequency = [Int32](repeating: 0, count: termCount)
            for part in parts {
                for entry in part.entries { documentFrequency[Int(part.globalTerm[Int(entry >> 8)])] += 1 }
            }
            let common = Int32(max(Double(count) * RelatedPapers.commonShare, Double(RelatedPapers.commonFloor)))
            let total = Float(count)
            let idf = documentFrequency.map { df -> Float in df < 2 || df > common ? 0 : logf(total / Float(df)) }
            var weighed = parts.parallelMap { part in Self.weigh(part, idf: idf) }
            // The counts go before the parts are joined, and each part once it is copied: at
            // 100,000 papers the counts, the parts and the whole were the related lists' peak.
            parts = []
            terms.reserveCapacity(weighed.reduce(0) { $0 + $1.terms.count })
            weights.reserveCapacity(terms.capacity)
            ends.reserveCapacity(count)
            keys.reserveCapacity(count * RelatedPapers.keyTerms)
            keyWeights.reserveCapacity(count * RelatedPapers.keyTerms)
            for index in weighed.indices {
                let base = Int32(terms.count)
                terms += weighed[index].terms
                weights += weighed[index].weights
                ends += weighed[index].ends.lazy.map { $0 + base }
                keys += weighed[index].keys
                keyWeights += weighed[index].keyWeights
                weighed[index] = Vectors()
            }
        }

        /// One part's vectors: the heaviest terms of each paper, scaled to length 1.
        static func weigh(_ part: TermCounter, idf: [Float]) -> Vectors {
            var vectors = Vectors()
            vectors.ends.reserveCapacity(part.ends.count)
            vectors.keys.reserveCapacity(part.ends.count * RelatedPapers.keyTerms)
            vectors.keyWeights.reserveCapacity(part.ends.count * RelatedPapers.keyTerms)
            // Each paper keeps its terms of some weight, at most `vectorTerms`: counted first, so
            // that the vectors take no more room than they hold.
            var kept = 0
            var start = 0
            for end in part.ends {
                var weighty = 0
                for entry in part.entries[start..<Int(end)] where idf[Int(part.globalTerm[Int(entry >> 8)])] > 0 {
                    weighty += 1
                }
                kept += min(weighty, RelatedPapers.vectorTerms)
                start = Int(end)
            }
            vectors.terms.reserveCapacity(kept)
            vectors.weights.reserveCapacity(kept)
            var scratch: [(term: Int32, weight: Float)] = []
            start = 0
            for end in part.ends {
                scratch.removeAll(keepingCapacity: true)
                for entry in part.entries[start..<Int(end)] {
                    let term = part.globalTerm[Int(entry >> 8)]
                    let termIDF = idf[Int(term)]
                    if termIDF > 0 { scratch.append((term, (1 + logf(Float(entry & 0xFF))) * termIDF)) }
                }
                start = Int(end)
                scratch.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.term < $1.term }
                if scratch.count > RelatedPapers.vectorTerms {
                    scratch.removeLast(scratch.count - RelatedPapers.vectorTerms)
                }
                var squares: Float = 0
                for entry in scratch { squares += entry.weight * entry.weight }
                let scale = squares > 0 ? 1 / squares.squareRoot() : 0
                for slot in 0..<RelatedPapers.keyTerms {
                    let filled = slot < scratch.count
                    vectors.keys.append(filled ? scratch[slot].term : Int32(-1))
                    vectors.keyWeights.append(filled ? scratch[slot].weight * scale : Float(0))
                }
                scratch.sort { $0.term < $1.term }
                for entry in scratch {
                    vectors.terms.append(entry.term)
                    vectors.weights.append(entry.weight * scale)
                }
                vectors.ends.append(Int32(vectors.terms.count))
            }
            return vectors
        }

        /// The dot product of `vector` (one paper's vector spread over every term, zero elsewhere)
        /// and paper `b`'s. The products come in increasing term order, as merging the two sorted
        /// vectors would add them, and the others add zero, so the sum is the same to the bit, without
        /// the merge's unpredictable branches.
        func dot(_ vector: [Float], _ b: Int) -> Float {
            var sum: Float = 0
            for position in range(of: b) { sum += vector[Int(terms[position])] * weights[position] }
            return sum
        }
    }

    /// Counts each paper's terms, a title's twice: `entries` holds `localTerm << 8 | count`
    /// (counts stop at 255) per paper, up to `ends`.
    struct TermCounter: TermSink {
        var table: TermTable
        var entries: [UInt32] = []
        var ends: [Int32] = []
        var titleWeight = 1
        /// Filled once the parts are merged: the site-wide number of each local term.
        var globalTerm: [Int32] = []
        private let stopwordCount: Int
        private var counts: [Int] = []
        private var touched: [Int32] = []

        init() {
            var table = TermTable(expectedTerms: 4096)
            for word in SearchTokenizer.stopwords {
                var word = word
                _ = word.withUTF8 { table.id(of: $0) }
            }
            self.table = table
            stopwordCount = table.count
            counts = Array(repeating: 0, count: stopwordCount)
        }

        mutating func accept(_ term: UnsafeBufferPointer<UInt8>, hash: UInt32) {
            if term.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return }  // a number, a year
            let id = table.id(of: term, hash: hash)
            if id == counts.count { counts.append(0) }
            if id < stopwordCount { return }
            if counts[id] == 0 { touched.append(Int32(id)) }
            counts[id] += titleWeight
        }

        /// Records the document's terms in the order it met them (`weigh` orders each vector).
        mutating func endDocument() {
            for id in touched {
                entries.append(UInt32(id) << 8 | UInt32(min(counts[Int(id)], 255)))
                counts[Int(id)] = 0
            }
            touched.removeAll(keepingCapacity: true)
            ends.append(Int32(entries.count))
        }
    }

    /// For each term, the papers that have it among their key terms, the heaviest first, at
    /// most `postingsPerTerm` of them.
    struct KeyTermIndex {
        /// Term `t`'s postings are `papers[starts[t]..<starts[t + 1]]`, with their weights.
        var starts: [Int32]
        var papers: [Int32]
        var weights: [Float]

        init(vectors: Vectors) {
            var counts = [Int32](repeating: 0, count: vectors.termCount + 1)
            for term in vectors.keys where term >= 0 { counts[Int(term) + 1] += 1 }
            for term in 0..<vectors.termCount { counts[term + 1] += counts[term] }
            var fill = counts
            var papers = [Int32](repeating: 0, count: Int(counts[vectors.termCount]))
            var weights = [Float](repeating: 0, count: papers.count)
            for (slot, term) in vectors.keys.enumerated() where term >= 0 {
                let position = Int(fill[Int(term)])
                papers[position] = Int32(slot / RelatedPapers.keyTerms)
                weights[position] = vectors.keyWeights[slot]
                fill[Int(term)] += 1
            }
            // Keep each term's heaviest papers (ties: the lower paper index), compacted in place.
            var starts = [Int32](repeating: 0, count: vectors.termCount + 1)
            var kept = 0
            var order: [Int] = []
            var keptPapers: [Int32] = []
            var keptWeights: [Float] = []
            for term in 0..<vectors.termCount {
                let range = Int(counts[term])..<Int(counts[term + 1])
                starts[term] = Int32(kept)
                order = Array(range)
                if order.count > RelatedPapers.postingsPerTerm {
                    order.sort { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : papers[$0] < papers[$1] }
                    order.removeLast(order.count - RelatedPapers.postingsPerTerm)
                }
                for position in order {
                    keptPapers.append(papers[position])
                    keptWeights.append(weights[position])
                }
                kept += order.count
            }
            starts[vectors.termCount] = Int32(kept)
            self.starts = starts
            self.papers = keptPapers
            self.weights = keptWeights
        }
    }

    /// What is known besides the text: the authors two papers share, the topics notes give them.
    struct Affinity {
        let authors: [[Int32]]
        let curatorTopics: [[String]]

        init(model: SiteModel) {
            authors = model.papers.indices.map { Array(model.authors.ids(of: $0)).sorted() }
            curatorTopics = model.papers.map { ($0.record.details?.topics ?? []).sorted() }
        }

        /// The factor that multiplies the cosine of `a` and `b`.
        func factor(_ a: Int, _ b: Int) -> Float {
            var factor: Float = 1
            if Self.intersect(authors[a], authors[b]) { factor += RelatedPapers.authorBonus }
            if Self.intersect(curatorTopics[a], curatorTopics[b]) { factor += RelatedPapers.curatorTopicBonus }
            return factor
        }

        static func intersect<T: Comparable>(_ a: [T], _ b: [T]) -> Bool {
            guard !a.isEmpty, !b.isEmpty else { return false }
            var (i, j) = (0, 0)
            while i < a.count && j < b.count {
                if a[i] == b[j] { return true }
                if a[i] < b[j] { i += 1 } else { j += 1 }
            }
            return false
        }
    }

    /// One thread's working space: a partial score per paper, the papers it touched, and the
    /// vector of the paper being scored spread over every term.
    struct Scorer {
        var partial: [Float]
        var touched: [Int32] = []
        var spread: [Float]

        init(paperCount: Int, termCount: Int) {
            partial = Array(repeating: 0, count: paperCount)
            spread = Array(repeating: 0, count: termCount)
        }

        mutating func related(
            of paper: Int, limit: Int, vectors: Vectors, index: KeyTermIndex, affinity: Affinity,
            precedes: (Int, Int) -> Bool
        ) -> [Int] {
            let keyBase = paper * RelatedPapers.keyTerms
            for slot in keyBase..<(keyBase + RelatedPapers.keyTerms) {
                guard vectors.keys[slot] >= 0 else { break }
                probe(vectors.keys[slot], weight: vectors.keyWeights[slot], from: paper, index: index)
            }
            if touched.count < limit {
                // Too few papers share its key terms: look for them through every term it has.
                clear()
                for position in vectors.range(of: paper) {
                    probe(vectors.terms[position], weight: vectors.weights[position], from: paper, index: index)
                }
            }
            // The best candidates by partial score, then the exact score for those alone.
            let candidates = bestCandidates()
            clear()
            let own = vectors.range(of: paper)
            for position in own { spread[Int(vectors.terms[position])] = vectors.weights[position] }
            var scored = candidates.map { other in
                (paper: other, score: vectors.dot(spread, other) * affinity.factor(paper, other))
            }
            for position in own { spread[Int(vectors.terms[position])] = 0 }
            scored.sort { $0.score != $1.score ? $0.score > $1.score : precedes($0.paper, $1.paper) }
            return scored.prefix(limit).map(\.paper)
        }

        /// Adds `term`'s share of the dot product to every paper on its list but `paper`.
        private mutating func probe(_ term: Int32, weight: Float, from paper: Int, index: KeyTermIndex) {
            for position in Int(index.starts[Int(term)])..<Int(index.starts[Int(term) + 1]) {
                let other = Int(index.papers[position])
                if other == paper { continue }
                if partial[other] == 0 { touched.append(Int32(other)) }
                partial[other] += weight * index.weights[position]
            }
        }

        private mutating func clear() {
            for other in touched { partial[Int(other)] = 0 }
            touched.removeAll(keepingCapacity: true)
        }

        /// The `candidates` touched papers of highest partial score (ties: the lower index), in no
        /// particular order: a bounded selection, since a paper may touch a thousand others.
        func bestCandidates() -> [Int] {
            guard touched.count > RelatedPapers.candidates else { return touched.map { Int($0) } }
            func better(_ a: Int, _ b: Int) -> Bool { partial[a] != partial[b] ? partial[a] > partial[b] : a < b }
            var best = touched.prefix(RelatedPapers.candidates).map { Int($0) }
            var worst = best.indices.min { better(best[$1], best[$0]) }!
            for other in touched.dropFirst(RelatedPapers.candidates) where better(Int(other), best[worst]) {
                best[worst] = Int(other)
                worst = best.indices.min { better(best[$1], best[$0]) }!
            }
            return best
        }
    }
}
