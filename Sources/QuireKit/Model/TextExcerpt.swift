import Foundation

/// Short plain-text teasers of abstracts for cards, descriptions and feed summaries.
public enum TextExcerpt {
    /// The whole sentences of `text` that fit in `limit` characters, followed by ` …`;
    /// a word-boundary cut when even the first sentence is longer; `text` itself when it fits.
    public static func firstSentences(of text: String, limit: Int = 240) -> String {
        guard text.count > limit else { return text }
        var end = text.startIndex
        var searchFrom = text.startIndex
        while let stop = text[searchFrom...].range(of: ". ") {
            if text.distance(from: text.startIndex, to: stop.lowerBound) >= limit { break }
            end = text.index(after: stop.lowerBound)
            searchFrom = stop.upperBound
        }
        if end == text.startIndex {
            let cut = text.prefix(limit)
            return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + " …"
        }
        return String(text[..<end]) + " …"
    }
}
