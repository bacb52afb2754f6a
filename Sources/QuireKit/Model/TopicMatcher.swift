/// Applies the topic rules: a keyword matches when it occurs in `title + "\n" + abstract`,
/// case-insensitively (ASCII folding only) and as a whole word (the characters around it are
/// not ASCII letters or digits). A topic applies when a keyword matches and no `exclude` does.
///
/// All keywords go into one byte trie, walked from each word start, so a paper's text is read
/// once whatever the number of rules.
public struct TopicMatcher: Sendable {
    /// What one paper matched: per topic, the keywords found, in rule order.
    public typealias Matches = [(topic: Int, keywords: [String])]

    private struct Node: Sendable {
        var children: [UInt8: Int32] = [:]
        /// (topic index, keyword index, is exclusion)
        var terminals: [(Int, Int, Bool)] = []
    }

    private var nodes = [Node()]
    private let rules: [TopicRule]

    public init(rules: [TopicRule]) {
        self.rules = rules
        for (topic, rule) in rules.enumerated() {
            for (index, keyword) in rule.keywords.enumerated() { insert(keyword, (topic, index, false)) }
            for (index, keyword) in rule.exclude.enumerated() { insert(keyword, (topic, index, true)) }
        }
    }

    private mutating func insert(_ keyword: String, _ terminal: (Int, Int, Bool)) {
        var node = 0
        for byte in keyword.utf8 {
            let folded = Self.fold(byte)
            if let next = nodes[node].children[folded] {
                node = Int(next)
            } else {
                nodes.append(Node())
                nodes[node].children[folded] = Int32(nodes.count - 1)
                node = nodes.count - 1
            }
        }
        nodes[node].terminals.append(terminal)
    }

    /// The topics a paper belongs to, with the keywords that put it there.
    public func match(title: String, abstract: String) -> Matches {
        var text = [UInt8]()
        text.reserveCapacity(title.utf8.count + abstract.utf8.count + 1)
        text.append(contentsOf: title.utf8)
        text.append(0x0A)
        text.append(contentsOf: abstract.utf8)
        var found = [[Bool]](repeating: [], count: rules.count)
        var excluded = [Bool](repeating: false, count: rules.count)
        text.withUnsafeBufferPointer { bytes in
            let count = bytes.count
            for start in 0..<count where start == 0 || !Self.isWordByte(bytes[start - 1]) {
                var node = 0
                var position = start
                while position < count, let next = nodes[node].children[Self.fold(bytes[position])] {
                    node = Int(next)
                    position += 1
                    if !nodes[node].terminals.isEmpty, position == count || !Self.isWordByte(bytes[position]) {
                        for (topic, keyword, isExclusion) in nodes[node].terminals {
                            if isExclusion {
                                excluded[topic] = true
                            } else {
                                if found[topic].isEmpty { found[topic] = [Bool](repeating: false, count: rules[topic].keywords.count) }
                                found[topic][keyword] = true
                            }
                        }
                    }
                }
            }
        }
        var matches: Matches = []
        for topic in rules.indices where !excluded[topic] && !found[topic].isEmpty {
            let keywords = rules[topic].keywords.indices.filter { found[topic][$0] }.map { rules[topic].keywords[$0] }
            matches.append((topic, keywords))
        }
        return matches
    }

    @inline(__always) static func fold(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    @inline(__always) static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
