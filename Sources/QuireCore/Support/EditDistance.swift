/// Levenshtein distance, the one Quire uses: for "did you mean" suggestions (on characters) and
/// near-miss titles (on bytes, with a bound).
package enum EditDistance {
    /// The edits (insertions, deletions, substitutions) that turn `a` into `b`. With `atMost`,
    /// gives up as soon as every path exceeds it, returning `atMost + 1`.
    package static func between<C: Collection>(_ a: C, _ b: C, atMost limit: Int = .max) -> Int
    where C.Element: Equatable {
        let (a, b) = (Array(a), Array(b))
        guard !a.isEmpty else { return min(b.count, limit == .max ? b.count : limit + 1) }
        guard !b.isEmpty else { return min(a.count, limit == .max ? a.count : limit + 1) }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
