/// Applies the topic rules: a keyword matches when it occurs in `title + "\n" + abstract`,
/// case-insensitively (ASCII folding only) and as a whole word (the characters around it are
/// not ASCII letters or digits). A topic applies when a keyword matches and no `exclude` does.
///
/// All keywords go into one byte trie with a dense transition table, walked from each word
/// start, so a paper's text is read once whatever the number of rules.
public struct TopicMatcher: Sendable {
    /// What one paper matched: per topic, the keywords found, in rule order.
    public typealias Matches = [(topic: Int, keywords: [String])]

    private struct Terminal: Sendable {
        var topic: Int
        var keyword: Int
        var isExclusion: Bool
    }

    /// `transitions[node * 256 + byte]` is the next node, 0 for none (node 0 is the root,
    /// which no edge leads back to).
    private var transitions = [Int32](repeating: 0, count: 256)
    private var terminals: [[Terminal]] = [[]]
    private var hasTerminal: [Bool] = [false]
    /// Whether a keyword can start with these two bytes (first × 256 + second), case-folded:
    /// most words fail this one lookup, which keeps the scan in cache instead of the trie.
    private var startsWithPair = [Bool](repeating: false, count: 65536)
    /// Whether a one-byte keyword starts with this byte.
    private var startsWithSingle = [Bool](repeating: false, count: 256)
    private let rules: [TopicRule]

    public init(rules: [TopicRule]) {
        self.rules = rules
        for (topic, rule) in rules.enumerated() {
            for (index, keyword) in rule.keywords.enumerated() {
                insert(keyword, Terminal(topic: topic, keyword: index, isExclusion: false))
            }
            for (index, keyword) in rule.exclude.enumerated() {
                insert(keyword, Terminal(topic: topic, keyword: index, isExclusion: true))
            }
        }
    }

    private mutating func insert(_ keyword: String, _ terminal: Terminal) {
        var node = 0
        for byte in keyword.utf8 {
            let folded = Self.fold(byte)
            let slot = node * 256 + Int(folded)
            if transitions[slot] == 0 {
                transitions.append(contentsOf: repeatElement(0, count: 256))
                terminals.append([])
                hasTerminal.append(false)
                transitions[slot] = Int32(terminals.count - 1)
                // Upper-case ASCII letters lead to the same node: case folding in the table.
                if folded >= 0x61 && folded <= 0x7A { transitions[node * 256 + Int(folded - 0x20)] = transitions[slot] }
            }
            node = Int(transitions[slot])
        }
        terminals[node].append(terminal)
        hasTerminal[node] = true
        let bytes = Array(keyword.utf8).map(Self.fold)
        guard let first = bytes.first else { return }
        for firstCase in Self.cases(of: first) {
            if bytes.count == 1 {
                startsWithSingle[Int(firstCase)] = true
            } else {
                for secondCase in Self.cases(of: bytes[1]) {
                    startsWithPair[Int(firstCase) << 8 | Int(secondCase)] = true
                }
            }
        }
    }

    /// A byte and, for an ASCII letter, its upper-case form.
    private static func cases(of byte: UInt8) -> [UInt8] {
        byte >= 0x61 && byte <= 0x7A ? [byte, byte - 0x20] : [byte]
    }

    /// The topics a paper belongs to, with the keywords that put it there.
    public func match(title: String, abstract: String) -> Matches {
        var text = [UInt8]()
        text.reserveCapacity(title.utf8.count + abstract.utf8.count + 1)
        text.append(contentsOf: title.utf8)
        text.append(0x0A)
        text.append(contentsOf: abstract.utf8)
        var hitNodes: [Int] = []
        transitions.withUnsafeBufferPointer { table in
            hasTerminal.withUnsafeBufferPointer { hasTerminal in
                startsWithPair.withUnsafeBufferPointer { startsWithPair in
                    Self.wordBytes.withUnsafeBufferPointer { isWord in
                        text.withUnsafeBufferPointer { bytes in
                            let count = bytes.count
                            var start = 0
                            // Every position after a non-word byte may start a keyword; a word's other
                            // bytes are skipped. Most positions fail the two-byte filter at once.
                            while start < count {
                                let first = Int(bytes[start])
                                let mayMatch =
                                    startsWithSingle[first]
                                    || (start + 1 < count && startsWithPair[first << 8 | Int(bytes[start + 1])])
                                if mayMatch {
                                    var node = 0
                                    var position = start
                                    while position < count {
                                        let next = Int(table[node &* 256 &+ Int(bytes[position])])
                                        if next == 0 { break }
                                        node = next
                                        position += 1
                                        if hasTerminal[node], position == count || !isWord[Int(bytes[position])] {
                                            hitNodes.append(node)
                                        }
                                    }
                                }
                                start += 1
                                if isWord[first] {
                                    while start < count, isWord[Int(bytes[start])] { start += 1 }
                                }
                            }
                        }
                    }
                }
            }
        }
        let hits = hitNodes.flatMap { terminals[$0] }
        guard !hits.isEmpty else { return [] }
        var matches: Matches = []
        for topic in rules.indices {
            let found = hits.filter { $0.topic == topic }
            guard !found.isEmpty, !found.contains(where: \.isExclusion) else { continue }
            let keywordIndices = Set(found.map(\.keyword))
            matches.append(
                (topic, rules[topic].keywords.indices.filter(keywordIndices.contains).map { rules[topic].keywords[$0] })
            )
        }
        return matches
    }

    @inline(__always) static func fold(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// ASCII letters and digits, as a table for the scan.
    static let wordBytes: [Bool] = (0...255).map { isWordByte(UInt8($0)) }

    @inline(__always) static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
