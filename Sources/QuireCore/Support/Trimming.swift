// The text helpers every stage shares: one way to trim, in two strengths.

extension Character {
    package var isASCIIDigit: Bool { isASCII && isNumber }
    package var isASCIILetter: Bool { isASCII && isLetter }
}

extension StringProtocol {
    /// The text without ASCII spaces, tabs and line breaks at either end.
    package var trimmingSpaces: SubSequence {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
        let last = lastIndex(where: { !isSpace($0) })!
        return self[first...last]
    }
}

extension Substring {
    /// The text without leading and trailing whitespace (Unicode whitespace, including NBSP).
    package func trimmingWhitespace() -> Substring {
        if let first = utf8.first, let last = utf8.last,
            first > 0x20, first < 0x80, last > 0x20, last < 0x80
        {
            return self  // the common case: nothing to trim
        }
        guard let start = firstIndex(where: { !$0.isWhitespace }) else { return Substring() }
        let end = lastIndex(where: { !$0.isWhitespace })!
        return self[start...end]
    }
}
