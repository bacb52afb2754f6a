import QuireCore

/// Splits text into search terms on its UTF-8 bytes: ASCII letters and digits lowercased,
/// Latin letters with diacritics folded to ASCII (`Ü` → `u`, `ß` → `ss`), other capitals
/// lowercased, apostrophes dropped (`don't` → `dont`), and punctuation, symbols and spaces
/// separating terms. Terms of one byte or longer than `maxTermBytes` are left out.
///
/// Han, Hiragana, Katakana and Hangul are written without spaces between words, so a run of
/// them is indexed as its overlapping pairs of characters (`批评者` → `批评`, `评者`), a run of
/// one character as that character; a query split the same way finds any run that holds it,
/// whatever the run's length. Such a run also ends a Latin term beside it (`GPT模型` → `gpt`,
/// `模型`).
///
/// The search page's script splits queries by the same rules; the fold table it needs is
/// written into the index (`foldTable`), so the two cannot drift apart.
enum SearchTokenizer {
    /// Longer terms (hashes, run-together URLs) are not indexed.
    static let maxTermBytes = 40
    static let minTermBytes = 2

    /// Words too common in abstracts to help find a paper; still indexed in titles, topics and
    /// organisations, where a title like "Attention Is All You Need" needs them.
    static let stopwords: [String] = [
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does",
        "doing", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her",
        "here", "him", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "may",
        "more", "most", "much", "must", "my", "no", "nor", "not", "of", "off", "on", "once", "one", "only", "or",
        "other", "our", "ours", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than",
        "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "thus",
        "to", "too", "under", "until", "up", "upon", "very", "via", "was", "we", "were", "what", "when", "where",
        "which", "while", "who", "whom", "why", "will", "with", "within", "without", "would", "yet", "you", "your",
    ]

    /// How each code point below U+0400 (other than ASCII) is folded: its replacement's UTF-8
    /// bytes, `nil` to keep it, or an empty array for a separator.
    static let foldTable: [[UInt8]?] = (0x80..<0x400).map { value in
        let scalar = Unicode.Scalar(UInt32(value))!
        // Latin-1 punctuation and symbols (NBSP, «, ², ·, …), × and ÷ separate words.
        if value < 0xC0 || value == 0xD7 || value == 0xF7 { return [] }
        let lowered = scalar.properties.lowercaseMapping
        let loweredScalar = lowered.unicodeScalars.count == 1 ? lowered.unicodeScalars.first! : scalar
        if value < 0x250, let ascii = Slug.transliterations[loweredScalar] { return Array(ascii.utf8) }
        if lowered != String(scalar) { return Array(lowered.utf8) }
        return nil
    }

    /// The fold table as the search script reads it: each character that changes, with its
    /// replacement (a space for a separator).
    static var foldPairs: [(String, String)] {
        foldTable.enumerated().compactMap { offset, replacement in
            guard let replacement else { return nil }
            let character = String(Unicode.Scalar(UInt32(0x80 + offset))!)
            return (character, replacement.isEmpty ? " " : String(decoding: replacement, as: UTF8.self))
        }
    }

    /// What a code point at or above U+0400 is: a separator (general punctuation, symbols,
    /// arrows, mathematical operators, CJK punctuation, the katakana middle dot, specials, emoji),
    /// else part of a term. (`isCJK` is asked first: Han beyond U+FFFF is not a separator.)
    static func separates(_ value: UInt32) -> Bool {
        (0x2000...0x2BFF).contains(value) || (0x3000...0x303F).contains(value) || (0xFE00...0xFFFF).contains(value)
            || value == 0x30FB || value >= 0x10000
    }

    /// Whether a code point is Han, Hiragana, Katakana or Hangul (`々` and `〇` count as Han;
    /// the katakana middle dot `・` does not count, it separates).
    static func isCJK(_ value: UInt32) -> Bool {
        if value < 0x1100 { return false }
        if value < 0x3000 { return value <= 0x11FF }  // Hangul Jamo
        return (0x4E00...0x9FFF).contains(value) || (0xAC00...0xD7A3).contains(value)
            || (0x3041...0x30FF).contains(value) && value != 0x30FB || (0x3400...0x4DBF).contains(value)
            || value == 0x3005 || value == 0x3007 || (0x3130...0x318F).contains(value)
            || (0x31F0...0x31FF).contains(value) || (0xA960...0xA97F).contains(value)
            || (0xD7B0...0xD7FF).contains(value) || (0xF900...0xFAFF).contains(value)
            || (0x20000...0x3134F).contains(value)
    }

    /// For each ASCII byte, what a term holds for it: a digit or lower-case letter itself, an
    /// upper-case letter in lower case, 0 for anything else. One load instead of three range tests
    /// per byte.
    private static let asciiTermBytes: [UInt8] = (0..<128).map { value in
        let byte = UInt8(value)
        if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) { return byte }
        return byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : 0
    }

    /// Hands each term of `text` to `sink`, in order (repeats included).
    static func forEachTerm<Sink: TermSink>(in text: String, into sink: inout Sink) {
        var text = text
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxTermBytes) { scratch in
            text.withUTF8 { bytes in
                asciiTermBytes.withUnsafeBufferPointer { table in
                    scan(bytes, scratch: scratch.baseAddress!, asciiTermBytes: table.baseAddress!, into: &sink)
                }
            }
        }
    }

    /// The loop of `forEachTerm`, in a function of its own so its state stays in registers.
    /// `scratch` holds the term being read (`maxTermBytes` bytes).
    private static func scan<Sink: TermSink>(
        _ bytes: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutablePointer<UInt8>,
        asciiTermBytes: UnsafePointer<UInt8>, into sink: inout Sink
    ) {
        // `length` goes on counting past `maxTermBytes`, so that a term too long is known and left out.
        var length = 0
        var hash = TermTable.initialHash
        @inline(__always) func append(_ byte: UInt8) {
            if length < maxTermBytes {
                scratch[length] = byte
                hash = TermTable.hash(hash, byte)
            }
            length += 1
        }
        // The run of CJK characters being read: how many so far, and where its last one starts.
        var run = 0
        var runLast = 0
        @inline(__always) func acceptBytes(_ range: Range<Int>) {
            var termHash = TermTable.initialHash
            for offset in range { termHash = TermTable.hash(termHash, bytes[offset]) }
            sink.accept(UnsafeBufferPointer(rebasing: bytes[range]), hash: termHash)
        }
        // Ends the run: a run of one character is a term of its own (longer runs gave pairs).
        @inline(__always) func endRun(at end: Int) {
            if run == 1 { acceptBytes(runLast..<end) }
            run = 0
        }
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if run != 0 && (byte < 0x80 || !isCJK(decode(bytes, at: index))) { endRun(at: index) }
            if byte < 0x80 {
                index += 1
                let termByte = asciiTermBytes[Int(byte)]
                if termByte != 0 {
                    append(termByte)
                    continue
                }
                if byte == 0x27 { continue }  // an apostrophe joins: "don't" → "dont"
            } else {
                // A multi-byte scalar: decode it (the text is valid UTF-8).
                let width = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                var value = UInt32(byte) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
                for offset in 1..<width { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
                let start = index
                index += width
                if isCJK(value) {
                    // Ends the Latin term before it; pairs with the CJK character before it.
                    if length >= minTermBytes && length <= maxTermBytes {
                        sink.accept(UnsafeBufferPointer(start: scratch, count: length), hash: hash)
                    }
                    length = 0
                    hash = TermTable.initialHash
                    if run != 0 { acceptBytes(runLast..<index) }
                    run += 1
                    runLast = start
                    continue
                }
                if value < 0x400, let replacement = foldTable[Int(value) - 0x80] {
                    if !replacement.isEmpty {
                        for folded in replacement { append(folded) }
                        continue
                    }
                } else if value == 0x2019 {
                    continue  // ’ joins like the ASCII apostrophe
                } else if value < 0x400 || !separates(value) {
                    for offset in start..<index { append(bytes[offset]) }
                    continue
                }
            }
            // A separator: hand over the term read so far.
            if length >= minTermBytes && length <= maxTermBytes {
                sink.accept(UnsafeBufferPointer(start: scratch, count: length), hash: hash)
            }
            length = 0
            hash = TermTable.initialHash
        }
        if length >= minTermBytes && length <= maxTermBytes {
            sink.accept(UnsafeBufferPointer(start: scratch, count: length), hash: hash)
        }
        endRun(at: count)
    }

    /// The scalar whose UTF-8 encoding starts at `index` (a lead byte of valid UTF-8).
    @inline(__always) private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32 {
        let byte = bytes[index]
        let width = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
        var value = UInt32(byte) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
        for offset in 1..<width { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        return value
    }

    /// The terms of `text` as strings, for tests and for small texts.
    static func terms(_ text: String) -> [String] {
        var collector = TermCollector()
        forEachTerm(in: text, into: &collector)
        return collector.terms
    }

    private struct TermCollector: TermSink {
        var terms: [String] = []
        mutating func accept(_ term: UnsafeBufferPointer<UInt8>, hash: UInt32) {
            terms.append(String(decoding: term, as: UTF8.self))
        }
    }
}

/// Receives the terms `SearchTokenizer` reads. A protocol rather than a closure, so the hot loop
/// of indexing is specialized and captures no state.
protocol TermSink {
    /// One term (its bytes are valid only during the call) and its `TermTable.hash`.
    mutating func accept(_ term: UnsafeBufferPointer<UInt8>, hash: UInt32)
}
