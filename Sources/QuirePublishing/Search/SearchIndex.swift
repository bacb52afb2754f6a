import Foundation
import QuireCore

/// The site's papers as an inverted index: for each term, the documents it occurs in and in
/// which fields. Documents are the papers in `newest` order, so a lower number is a newer paper
/// and every posting list is sorted.
///
/// Built in one pass over the text on every core: each core indexes a contiguous run of
/// documents into a table of its own, and the tables are merged by term afterwards.
struct SearchIndex {
    /// Where a term occurs in a document, as bits of a posting.
    enum Field {
        static let title: UInt32 = 1
        /// A topic's title, the organisation or an author.
        static let meta: UInt32 = 2
        static let abstract: UInt32 = 4
        static let bits: UInt32 = 3
        /// What a match in each field counts towards a result's rank (title, meta, abstract).
        /// `meta.json` carries them, so the script ranks by these very numbers.
        static let weights = (title: 10, meta: 4, abstract: 1)

        /// The rank a posting's fields give its document for one term.
        static func weight(_ fields: UInt32) -> Int {
            (fields & title != 0 ? weights.title : 0) + (fields & meta != 0 ? weights.meta : 0)
                + (fields & abstract != 0 ? weights.abstract : 0)
        }
    }

    /// The paper index of each document.
    let documents: [Int]
    /// Every term, numbered as first met across the parts.
    let vocabulary: TermTable
    /// Term numbers in byte order of the terms, leaving out terms with no posting.
    let sortedTerms: [Int]
    private let parts: [Part]

    /// The index of one run of documents.
    private struct Part {
        var table: TermTable
        /// Per local term, its postings by increasing document, packed (`PostingList`).
        var postings: [PostingList]
        /// Global term number → local term number, or -1.
        var localTerm: [Int32] = []
    }

    /// One term's postings, `document << Field.bits | fields` by increasing document, each
    /// stored as the gap from the document before it, with the fields, in LEB128 (seven bits a
    /// byte): mostly one or two bytes where a `UInt32` took four. Written by hand because no
    /// library here packs integers; at a million papers the postings were about a gigabyte.
    struct PostingList {
        private(set) var bytes: [UInt8] = []
        private(set) var count = 0
        private var lastDocument: UInt32 = 0

        var isEmpty: Bool { count == 0 }

        mutating func append(document: UInt32, fields: UInt32) {
            var value = (document - (count == 0 ? 0 : lastDocument + 1)) << Field.bits | fields
            while value >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
            lastDocument = document
            count += 1
        }

        /// Calls `body` with each posting, `document << Field.bits | fields`.
        func forEachPosting(_ body: (UInt32) -> Void) {
            var document: UInt32 = 0
            var position = 0
            for index in 0..<count {
                var value: UInt32 = 0
                var shift: UInt32 = 0
                while true {
                    let byte = bytes[position]
                    position += 1
                    value |= UInt32(byte & 0x7F) << shift
                    if byte < 0x80 { break }
                    shift += 7
                }
                document = (index == 0 ? 0 : document + 1) + value >> Field.bits
                body(document << Field.bits | value & (1 << Field.bits - 1))
            }
        }
    }

    init(model: SiteModel, notesText: [Int: String]) {
        documents = model.newest
        let documents = self.documents
        let topicTitles = model.topics.map(\.rule.title)
        let partCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 2, documents.count / 500))
        let ranges = (0..<partCount).map { part in
            (documents.count * part / partCount)..<(documents.count * (part + 1) / partCount)
        }
        var parts = ranges.parallelMap {
            Self.indexPart($0, documents: documents, model: model, notesText: notesText, topicTitles: topicTitles)
        }

        var vocabulary = TermTable(expectedTerms: (parts.map(\.table.count).max() ?? 0) * 3 / 2)
        let globalTerms: [[Int32]] = parts.map { part in
            (0..<part.table.count).map { local in
                part.table.arena.withUnsafeBufferPointer { arena in
                    Int32(vocabulary.id(of: UnsafeBufferPointer(rebasing: arena[part.table.range(of: local)])))
                }
            }
        }
        for index in parts.indices {
            var local = [Int32](repeating: -1, count: vocabulary.count)
            for (localTerm, globalTerm) in globalTerms[index].enumerated() { local[Int(globalTerm)] = Int32(localTerm) }
            parts[index].localTerm = local
        }
        self.parts = parts
        self.vocabulary = vocabulary
        let vocabularyForSort = vocabulary
        sortedTerms = (0..<vocabulary.count)
            .filter { term in
                parts.contains { part in part.localTerm[term] >= 0 && !part.postings[Int(part.localTerm[term])].isEmpty
                }
            }
            .sorted { vocabularyForSort.precedes($0, $1) }
    }

    /// Indexes the documents of `range`: titles, topic titles, organisations, authors, abstracts
    /// and curator's notes (abstracts and notes without stopwords).
    private static func indexPart(
        _ range: Range<Int>, documents: [Int], model: SiteModel, notesText: [Int: String],
        topicTitles: [String]
    ) -> Part {
        var builder = PartBuilder(expectedTerms: 4096)  // small, to stay in cache while it can
        for document in range {
            let paper = model.papers[documents[document]]
            builder.field = UInt8(Field.title)
            SearchTokenizer.forEachTerm(in: paper.title, into: &builder)
            builder.field = UInt8(Field.meta)
            for (topic, _) in paper.topics { SearchTokenizer.forEachTerm(in: topicTitles[topic], into: &builder) }
            if case .organization(let handle, let name)? = paper.record.byline {
                SearchTokenizer.forEachTerm(in: name, into: &builder)
                SearchTokenizer.forEachTerm(in: handle, into: &builder)
            }
            for author in paper.record.details?.authors ?? [] {
                SearchTokenizer.forEachTerm(in: author, into: &builder)
            }
            builder.field = UInt8(Field.abstract)
            SearchTokenizer.forEachTerm(in: paper.plainAbstract, into: &builder)
            if let notes = notesText[documents[document]] { SearchTokenizer.forEachTerm(in: notes, into: &builder) }
            builder.endDocument(document)
        }
        return Part(table: builder.table, postings: builder.postings)
    }

    /// Collects one part's postings, document by document.
    private struct PartBuilder: TermSink {
        var table: TermTable
        var postings: [PostingList]
        /// The field the terms now read come from.
        var field: UInt8 = 0
        private let stopwordCount: Int
        /// The fields each term has in the current document, and the terms it has so far.
        private var fields: [UInt8]
        private var touched: [Int32] = []

        init(expectedTerms: Int) {
            var table = TermTable(expectedTerms: expectedTerms)
            // Stopwords take the first numbers, so one comparison tells them apart.
            for word in SearchTokenizer.stopwords {
                var word = word
                _ = word.withUTF8 { table.id(of: $0) }
            }
            self.table = table
            stopwordCount = table.count
            postings = Array(repeating: PostingList(), count: stopwordCount)
            fields = Array(repeating: 0, count: stopwordCount)
        }

        mutating func accept(_ term: UnsafeBufferPointer<UInt8>, hash: UInt32) {
            let id = table.id(of: term, hash: hash)
            if id == fields.count {
                fields.append(0)
                postings.append(PostingList())
            } else if id < stopwordCount && field == UInt8(Field.abstract) {
                return
            }
            if fields[id] == 0 { touched.append(Int32(id)) }
            fields[id] |= field
        }

        mutating func endDocument(_ document: Int) {
            for id in touched {
                postings[Int(id)].append(document: UInt32(document), fields: UInt32(fields[Int(id)]))
                fields[Int(id)] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }
    }

    /// How many documents contain `term`.
    func postingCount(of term: Int) -> Int {
        parts.reduce(0) { count, part in
            let local = part.localTerm[term]
            return local < 0 ? count : count + part.postings[Int(local)].count
        }
    }

    /// Calls `body` with each posting of `term` (`document << Field.bits | fields`), by increasing document.
    func forEachPosting(of term: Int, _ body: (UInt32) -> Void) {
        for part in parts {
            let local = part.localTerm[term]
            if local >= 0 { part.postings[Int(local)].forEachPosting(body) }
        }
    }

    /// Term `term`'s bytes.
    func withBytes<Result>(of term: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        vocabulary.arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[vocabulary.range(of: term)])) }
    }
}
