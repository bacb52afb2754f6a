import Foundation
import QuireCore

/// What pages call each digest, from what its source is: "Daily Papers, Apr 13, 2026" for a
/// Hugging Face page or API file, "arXiv: cat:cs.LG AND abs:pruning, Apr 13, 2026" for an arXiv
/// export (its query, from the feed's own title), "arXiv listing: cs.CL, Apr 13, 2026" for an
/// announcement feed, "daily-arXiv-ai-enhanced, Apr 13, 2026" for a daily-arXiv day. Never the file name: that is a build detail,
/// for `quire check`.
enum DigestTitles {
    /// Titles for `digests`, in their order; two digests that would share a title get `(2)`, `(3)`…
    /// in path order.
    static func make(_ digests: [Digest]) -> [String] {
        var titles = digests.map(title)
        let order = digests.indices.sorted { digests[$0].path < digests[$1].path }
        var seen: [String: Int] = [:]
        let counts = Dictionary(titles.map { ($0, 1) }, uniquingKeysWith: +)
        for index in order where counts[titles[index]]! > 1 {
            let title = titles[index]
            seen[title, default: 0] += 1
            if seen[title]! > 1 { titles[index] = "\(title) (\(seen[title]!))" }
        }
        return titles
    }

    static func title(_ digest: Digest) -> String {
        let when = digest.date?.display ?? digest.headerDate.map { "\($0) (year unknown)" }
        switch digest.format {
        case .arxivAtom:
            let name = digest.sourceTitle.map { "arXiv: " + query(fromFeedTitle: $0) } ?? "arXiv export"
            return when.map { "\(name), \($0)" } ?? name
        case .arxivListing:
            let name = digest.sourceTitle.map { "arXiv listing: " + categories(fromFeedTitle: $0) } ?? "arXiv listing"
            return when.map { "\(name), \($0)" } ?? name
        case .dailyArxiv:
            return when.map { "daily-arXiv-ai-enhanced, \($0)" } ?? "daily-arXiv-ai-enhanced, undated"
        case .hfText, .hfJSON, .note:
            return when.map { "Daily Papers, \($0)" } ?? "Daily Papers, undated"
        }
    }

    /// The categories of an announcement feed's title (`cs.CL, cs.LG updates on arXiv.org`), or
    /// the title itself when it is not arXiv's.
    static func categories(fromFeedTitle title: String) -> String {
        let suffix = " updates on arXiv.org"
        return title.hasSuffix(suffix) ? String(title.dropLast(suffix.count)) : title
    }

    /// The search query of an arXiv API feed title (`ArXiv Query: search_query=cat:cs.LG&id_list=&start=0&max_results=10`),
    /// or the title itself when it names no query.
    static func query(fromFeedTitle title: String) -> String {
        let query = parameter("search_query", in: title)
        if !query.isEmpty { return query }
        let ids = parameter("id_list", in: title)
        if !ids.isEmpty { return ids.split(separator: ",").joined(separator: ", ") }
        for prefix in ["ArXiv Query: ", "arXiv Query: "] where title.hasPrefix(prefix) {
            return String(title.dropFirst(prefix.count))
        }
        return title
    }

    /// A query parameter's decoded value in an arXiv feed title, or "" when it has none.
    private static func parameter(_ name: String, in title: String) -> String {
        guard let range = title.range(of: name + "=") else { return "" }
        let value = title[range.upperBound...].prefix { $0 != "&" }
        return String(
            (value.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(value)).trimmingSpaces)
    }
}
