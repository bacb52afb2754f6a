/// Comparisons of merge keys (`TextNormalizer.mergeKey`): titles lower-cased, punctuation and
/// spacing reduced to single spaces.
enum TitleKeys {
    /// Whether two different keys look like one title written two ways: one is the other with a
    /// subtitle or the words after a cut left out (a prefix of at least three words), or they
    /// differ by a typo or two (an edit distance of at most one character in twenty, and at most 3).
    static func isNearMiss(_ a: String, _ b: String) -> Bool {
        guard a != b, !a.isEmpty, !b.isEmpty else { return false }
        if isWordPrefix(a, of: b) || isWordPrefix(b, of: a) { return true }
        let (a, b) = (Array(a.utf8), Array(b.utf8))
        let allowed = min(3, min(a.count, b.count) / 20)
        guard allowed > 0, abs(a.count - b.count) <= allowed else { return false }
        return editDistance(a, b, atMost: allowed) <= allowed
    }

    /// Whether `short`'s words, three or more, begin `long`.
    static func isWordPrefix(_ short: String, of long: String) -> Bool {
        short.utf8.count < long.utf8.count && long.hasPrefix(short + " ") && short.split(separator: " ").count >= 3
    }

    /// Levenshtein distance, giving up (returning `atMost + 1`) once every path exceeds `atMost`.
    private static func editDistance(_ a: [UInt8], _ b: [UInt8], atMost limit: Int) -> Int {
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            if current.min()! > limit { return limit + 1 }
            previous = current
        }
        return previous[b.count]
    }
}
