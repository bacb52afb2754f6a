import QuireCore

/// Writes the search index the search page's script reads, split so that a query loads only
/// what it needs, even at 100,000 papers:
///
/// - `search/meta.json`: the list of term shards, the topics, the tokenizer's stopwords and
///   fold table (so the script splits queries exactly as the index was split), and the field
///   weights (so it ranks as capped terms were cut).
/// - `search/terms/NAME.json`: the terms starting with one prefix, as a flat array
///   `["term", "postings", …]` in byte order. A prefix's shard is split by the next byte
///   (largest groups first) until it is at most `shardTargetBytes`; a term lives in the shard
///   of the longest prefix that has one. NAME spells the prefix's bytes: `a`–`z` and `0`–`9`
///   as themselves, any other byte as `-` and two hex digits; the empty prefix is `-`. (Not
///   `_`: Jekyll, which GitHub Pages runs unless told not to, drops files whose name starts
///   with `_`.)
///   Postings are base-36 numbers separated by commas, each `gap << 3 | fields`, where `gap`
///   is the distance from the previous document (the first counts from 0) and `fields` has
///   bit 1 for the title, 2 for a topic, organisation or author, 4 for the abstract or a note.
///   A term too common to list in full (its postings past `termBytesLimit`) is *capped*: its
///   postings start with `~` and keep only its most telling documents: by field (title, then
///   topic, organisation or author, then abstract), then newest first. The script treats a
///   capped word as it treats a stopword: it ranks the results, but does not restrict them.
/// - `search/docs/N.json`: the result cards of documents `N * documentsPerChunk` onwards.
public struct SearchIndexWriter {
    /// What the index took, for the build summary.
    public struct Summary: Sendable, Equatable, Codable {
        public var files: Int
        public var bytes: Int
        public var terms: Int
        public var documents: Int
    }

    public static let folder = "search/"
    static let shardTargetBytes = 48 * 1024
    /// The most bytes one term's postings may take: at a million papers a word like "model"
    /// took 1.8 MB, and a shard then held it whole.
    static let termBytesLimit = 48 * 1024
    static let documentsPerChunk = 32
    static let excerptLength = 200

    let model: SiteModel
    let notes: RenderedNotes

    /// `notes` are the papers' rendered notes; made here when not given.
    public init(model: SiteModel, notes: RenderedNotes? = nil) {
        self.model = model
        self.notes = notes ?? RenderedNotes(model: model)
    }

    /// Builds the index and writes its files into `output`.
    public func write(into output: some OutputSink) throws -> Summary {
        let index = SearchIndex(model: model, notesText: notes.text)
        let shards = Self.shards(of: index)
        let chunkCount = (index.documents.count + Self.documentsPerChunk - 1) / Self.documentsPerChunk
        var files: [(path: String, make: () -> [UInt8])] = []
        files += shards.map { shard in
            (Self.folder + "terms/" + shard.name + ".json", { Self.shardJSON(shard.terms, index) })
        }
        files += (0..<chunkCount).map { chunk in
            (Self.folder + "docs/\(chunk).json", { documentsJSON(chunk: chunk, index) })
        }
        files.append(
            (
                Self.folder + "meta.json",
                { metaJSON(shardNames: shards.map(\.name), documentCount: index.documents.count) }
            ))
        let results = files.parallelMap { file -> Result<Int, Error> in
            Result {
                let bytes = file.make()
                try output.write(file.path, bytes)
                return bytes.count
            }
        }
        var bytes = 0
        for result in results { bytes += try result.get() }
        return Summary(
            files: files.count, bytes: bytes, terms: index.sortedTerms.count, documents: index.documents.count)
    }

    // MARK: - Term shards

    struct Shard {
        var name: String
        /// Term numbers, in byte order.
        var terms: [Int]
    }

    /// Splits the sorted vocabulary into shards by prefix.
    static func shards(of index: SearchIndex, targetBytes: Int = shardTargetBytes) -> [Shard] {
        let terms = index.sortedTerms
        let sizes = terms.map { entrySize(of: $0, index) }
        let termBytes: [[UInt8]] = terms.map { term in index.withBytes(of: term) { Array($0) } }
        var shards: [Shard] = []

        /// `range` (positions in `terms`) holds every term that starts with `prefix`.
        func place(_ range: Range<Int>, prefix: [UInt8]) {
            let total = sizes[range].reduce(0, +)
            var kept = Array(range)
            if total > targetBytes {
                // Groups of terms by their byte after the prefix; the term equal to the prefix stays.
                var groups: [(byte: UInt8, range: Range<Int>, size: Int)] = []
                var position = range.lowerBound
                while position < range.upperBound && termBytes[position].count == prefix.count { position += 1 }
                while position < range.upperBound {
                    let byte = termBytes[position][prefix.count]
                    let start = position
                    while position < range.upperBound && termBytes[position][prefix.count] == byte { position += 1 }
                    groups.append((byte, start..<position, sizes[start..<position].reduce(0, +)))
                }
                var remaining = total
                var split: Set<UInt8> = []
                // Largest first (ties by byte), until what is left fits.
                for group in groups.sorted(by: { $0.size != $1.size ? $0.size > $1.size : $0.byte < $1.byte })
                where remaining > targetBytes {
                    split.insert(group.byte)
                    remaining -= group.size
                }
                for group in groups where split.contains(group.byte) {
                    place(group.range, prefix: prefix + [group.byte])
                }
                kept = kept.filter {
                    termBytes[$0].count == prefix.count || !split.contains(termBytes[$0][prefix.count])
                }
            }
            if !kept.isEmpty { shards.append(Shard(name: shardName(prefix), terms: kept.map { terms[$0] })) }
        }
        place(0..<terms.count, prefix: [])
        return shards.sorted { $0.name < $1.name }
    }

    /// The file name of a prefix's shard.
    static func shardName(_ prefix: [UInt8]) -> String {
        guard !prefix.isEmpty else { return "-" }
        var name = ""
        for byte in prefix {
            if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) {
                name.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                name += "-" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
            }
        }
        return name
    }

    /// About the bytes a term takes in its shard (`"term","postings",`), three per posting: close
    /// enough to split shards, without encoding every posting twice.
    static func entrySize(of term: Int, _ index: SearchIndex) -> Int {
        let length = index.withBytes(of: term) { $0.count }
        return length + 6 + 3 * min(index.postingCount(of: term), cappedPostingCount(termLength: length))
    }

    /// How many postings a capped term keeps: five bytes each (four base-36 digits and a comma
    /// cover gaps of 200,000 documents), so that its entry stays within `termBytesLimit`.
    static func cappedPostingCount(termLength: Int, limit: Int = termBytesLimit) -> Int {
        max(1, (limit - termLength - 8) / 5)
    }

    /// A term's postings (`document << Field.bits | fields`, by increasing document) and whether
    /// they are capped: kept by field weight, then newest first, as the script ranks them.
    static func postings(of term: Int, _ index: SearchIndex, limit: Int = termBytesLimit) -> (
        postings: [UInt32], capped: Bool
    ) {
        var postings: [UInt32] = []
        postings.reserveCapacity(index.postingCount(of: term))
        index.forEachPosting(of: term) { postings.append($0) }
        let keep = cappedPostingCount(termLength: index.withBytes(of: term) { $0.count }, limit: limit)
        guard postings.count > keep else { return (postings, false) }
        let weight = SearchIndex.Field.weight
        var kept = postings.sorted { a, b in weight(a) != weight(b) ? weight(a) > weight(b) : a < b }
        kept.removeLast(kept.count - keep)
        kept.sort()
        return (kept, true)
    }

    static func shardJSON(_ terms: [Int], _ index: SearchIndex, termLimit: Int = termBytesLimit) -> [UInt8] {
        var json: [UInt8] = [0x5B]
        json.reserveCapacity(terms.reduce(16) { $0 + entrySize(of: $1, index) })
        for (position, term) in terms.enumerated() {
            if position > 0 { json.append(0x2C) }
            index.withBytes(of: term) { bytes in
                json.append(0x22)
                json.append(contentsOf: bytes)  // only letters and digits: nothing to escape
                json.append(contentsOf: [0x22, 0x2C, 0x22])
            }
            let (postings, capped) = Self.postings(of: term, index, limit: termLimit)
            if capped { json.append(0x7E) }  // ~
            var previous = 0
            for (position, posting) in postings.enumerated() {
                let document = Int(posting >> SearchIndex.Field.bits)
                if position > 0 { json.append(0x2C) }
                JSONText.appendBase36((document - previous) << 3 | Int(posting & 7), to: &json)
                previous = document
            }
            json.append(0x22)
        }
        json.append(contentsOf: [0x5D, 0x0A])
        return json
    }

    // MARK: - Documents and meta

    /// One chunk of result cards: `u` the page (under the site root), `t` title, `d` the
    /// paper's date or `l` the date it was listed, `b` organisation or author count, `v`
    /// upvotes, `c` topic numbers (into meta's `topics`), `x` the abstract's first sentences.
    func documentsJSON(chunk: Int, _ index: SearchIndex) -> [UInt8] {
        let start = chunk * Self.documentsPerChunk
        let end = min(start + Self.documentsPerChunk, index.documents.count)
        var json: [UInt8] = [0x5B]
        json.reserveCapacity((end - start) * 512)
        for document in start..<end {
            let paper = model.papers[index.documents[document]]
            json.append(contentsOf: (document > start ? ",\n{\"u\":" : "\n{\"u\":").utf8)
            JSONText.appendString(SitePaths.paper(paper.slug), to: &json)
            json.append(contentsOf: ",\"t\":".utf8)
            JSONText.appendString(paper.title, to: &json)
            if let date = paper.date {
                json.append(contentsOf: ",\"d\":\"\(date)\"".utf8)
            } else if let listed = paper.listingDate {
                json.append(contentsOf: ",\"l\":\"\(listed)\"".utf8)
            }
            if let byline = paper.record.byline {
                json.append(contentsOf: ",\"b\":".utf8)
                JSONText.appendString(byline.displayText, to: &json)
            }
            if let upvotes = paper.record.upvotes, upvotes > 0 {
                json.append(contentsOf: ",\"v\":".utf8)
                JSONText.appendInt(upvotes, to: &json)
            }
            json.append(contentsOf: ",\"c\":[".utf8)
            for (position, topic) in paper.topics.enumerated() {
                if position > 0 { json.append(0x2C) }
                JSONText.appendInt(topic.topic, to: &json)
            }
            json.append(contentsOf: "],\"x\":".utf8)
            JSONText.appendString(
                TextExcerpt.firstSentences(of: paper.plainAbstract, limit: Self.excerptLength), to: &json)
            json.append(0x7D)
        }
        json.append(contentsOf: [0x0A, 0x5D, 0x0A])
        return json
    }

    func metaJSON(shardNames: [String], documentCount: Int) -> [UInt8] {
        var json = Array(
            "{\n\"version\":1,\n\"documents\":\(documentCount),\n\"documentsPerChunk\":\(Self.documentsPerChunk),\n"
                .utf8)
        json += Array(
            "\"minTermBytes\":\(SearchTokenizer.minTermBytes),\n\"maxTermBytes\":\(SearchTokenizer.maxTermBytes),\n"
                .utf8)
        let weights = SearchIndex.Field.weights
        json += Array("\"fieldWeights\":[\(weights.title),\(weights.meta),\(weights.abstract)],\n\"topics\":[".utf8)
        for (position, topic) in model.topics.enumerated() {
            json += Array((position > 0 ? ",\n" : "\n").utf8) + Array("{\"t\":".utf8)
            JSONText.appendString(topic.rule.title, to: &json)
            json += Array(",\"u\":".utf8)
            JSONText.appendString(SitePaths.topic(topic.rule.slug), to: &json)
            json.append(0x7D)
        }
        json += Array("],\n\"stopwords\":[".utf8)
        for (position, word) in SearchTokenizer.stopwords.enumerated() {
            if position > 0 { json.append(0x2C) }
            JSONText.appendString(word, to: &json)
        }
        json += Array("],\n\"fold\":{".utf8)
        for (position, pair) in SearchTokenizer.foldPairs.enumerated() {
            if position > 0 { json.append(0x2C) }
            JSONText.appendString(pair.0, to: &json)
            json.append(0x3A)
            JSONText.appendString(pair.1, to: &json)
        }
        json += Array("},\n\"shards\":[".utf8)
        for (position, name) in shardNames.enumerated() {
            json += Array((position > 0 ? "," : "").utf8)
            JSONText.appendString(name, to: &json)
        }
        json += Array("]\n}\n".utf8)
        return json
    }
}
