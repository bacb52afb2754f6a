import Foundation
import QuireCore

/// Reads a day of the daily-arXiv-ai-enhanced generator (`data/2025-10-14.jsonl`, and the same
/// day with machine-written summaries, `2025-10-14_AI_enhanced_Chinese.jsonl` or
/// `…_AI_enhanced_English.jsonl`): JSON Lines, one arXiv paper a line,
///
///     {"id": "2510.09842", "categories": ["cs.NI", "cs.AR"], "pdf": "https://arxiv.org/pdf/2510.09842",
///      "abs": "https://arxiv.org/abs/2510.09842", "authors": ["Mohammud J. Bocus", …], "title": …,
///      "comment": "8 pages" or null, "summary": …, "code_url": "https://github.com/…"?, "code_stars": 12?,
///      "AI": {"tldr": …, "motivation": …, "method": …, "result": …, "conclusion": …}?}
///
/// The file is dated by its name. `AI.tldr` is kept as a machine-written summary in the
/// language the file name gives, unless it is one of the generator's placeholders for a summary
/// that failed ("Summary generation failed", "Error", ""). A file none of whose lines has an
/// `id` and a `title` is some other format: refused whole, with one warning naming the first
/// missing field.
struct DailyArxivParser {
    static let writer = "daily-arXiv-ai-enhanced"
    static let expected =
        "expected daily-arXiv JSON Lines (one paper a line, with 'id', 'title', 'summary' and 'authors')"

    func parse(_ bytes: [UInt8], path: String) -> ParsedSource {
        var result = ParsedSource()
        var lines: [(number: Int, node: JSONNode)] = []
        var number = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            do {
                let value = try JSONValue.parse(Array(line))
                lines.append((number, JSONNode(value: value, pointer: "")))
            } catch {
                result.diagnostics.append(
                    .warning(
                        SourceLocation(path: path, line: number), "not valid JSON (\(error.message)); line skipped"))
                result.skippedEntries += 1
            }
        }
        guard !lines.isEmpty || !result.diagnostics.isEmpty else {
            result.diagnostics.append(.warning(SourceLocation(path: path), "empty file; \(Self.expected)"))
            return result
        }
        if let refusal = Self.wrongShape(lines) {
            return ParsedSource(
                diagnostics: [.warning(SourceLocation(path: path), "\(Self.expected), but \(refusal); skipped")])
        }
        let language = Self.language(ofFile: path)
        for (number, node) in lines {
            var reader = LineReader(location: SourceLocation(path: path, line: number))
            if let entry = reader.entry(node, language: language) {
                result.entries.append(entry)
            } else {
                result.skippedEntries += 1
            }
            result.diagnostics += reader.diagnostics
        }
        return result
    }

    /// What the lines are when none of them is a paper of this format: `line 1 has no 'id' (its
    /// fields: 'arxiv_url', 'summary', 'title', …)`. Nil when some object has an `id` and a `title`.
    static func wrongShape(_ lines: [(number: Int, node: JSONNode)]) -> String? {
        var first: (number: Int, members: [String: JSONValue])?
        for (number, node) in lines {
            guard case .object(let members) = node.value else { continue }
            if node["id"] != nil && node["title"] != nil { return nil }
            if first == nil { first = (number, members) }
        }
        guard let first else {
            return lines.first.map { "line \($0.number) is \($0.node.value.kind), not an object" }
        }
        let missing = ["id", "title"].first { first.members[$0] == nil } ?? "id"
        let fields = first.members.keys.sorted()
        let shown = fields.prefix(6).map { "'\($0)'" }.joined(separator: ", ") + (fields.count > 6 ? ", …" : "")
        return "line \(first.number) has no '\(missing)'" + (fields.isEmpty ? "" : " (its fields: \(shown))")
    }

    /// The language of a file's summaries from its name: `…_AI_enhanced_Chinese.jsonl` → `zh`.
    /// Nil for a file without summaries or a language Quire does not know by name.
    static func language(ofFile path: String) -> String? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let range = name.range(of: "_AI_enhanced_", options: .caseInsensitive) else { return nil }
        let language = name[range.upperBound...].prefix { $0 != "." && $0 != "_" }.lowercased()
        if let tag = languageTags[language] { return tag }
        // A tag in place of a name (`…_AI_enhanced_zh.jsonl`).
        let isTag = (2...3).contains(language.count) && language.allSatisfy { $0.isASCIILetter }
        return isTag ? language : nil
    }

    /// The names the generator's `LANGUAGE` setting takes, as BCP 47 tags.
    static let languageTags: [String: String] = [
        "chinese": "zh", "english": "en", "japanese": "ja", "korean": "ko", "french": "fr", "german": "de",
        "spanish": "es", "russian": "ru", "italian": "it", "portuguese": "pt", "vietnamese": "vi", "arabic": "ar",
        "hindi": "hi", "turkish": "tr", "indonesian": "id", "thai": "th", "dutch": "nl", "polish": "pl",
        "persian": "fa", "ukrainian": "uk",
    ]

    /// Whether a machine-written text is the generator's stand-in for one that failed: empty,
    /// `Error`, `N/A`, `Error: …`, or a label of at most five words, with no punctuation inside,
    /// ending in "failed" or "unavailable" ("Summary generation failed", "Motivation analysis
    /// unavailable", "Processing failed"); a sentence that reports a failure is a summary.
    static func isPlaceholder(_ text: String) -> Bool {
        var phrase = text.trimmingSpaces.lowercased()
        while phrase.hasSuffix(".") { phrase.removeLast() }
        if phrase.isEmpty || ["error", "n/a", "na", "none", "null", "-"].contains(phrase) { return true }
        guard phrase.allSatisfy(\.isASCII) else { return false }
        if phrase.hasPrefix("error:") { return true }
        let words = phrase.split(separator: " ")
        guard words.count <= 5, phrase.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" }) else { return false }
        let pronouns: Set<Substring> = ["we", "i", "it", "this", "they", "our", "all", "one"]
        return (words.first == "error" && words.count <= 4)
            || ((words.last == "failed" || words.last == "unavailable") && !pronouns.contains(words[0]))
    }

    /// Reads one line's object, collecting diagnostics at its line.
    struct LineReader {
        let location: SourceLocation
        var diagnostics: [Diagnostic] = []

        mutating func warn(_ message: String) {
            diagnostics.append(.warning(location, message))
        }

        mutating func entry(_ node: JSONNode, language: String?) -> SourceEntry? {
            guard node.isObject else {
                warn("a line should be an object, found \(node.value.kind); skipped")
                return nil
            }
            guard let titleNode = node["title"] else {
                warn("this line has no 'title'; skipped")
                return nil
            }
            guard let title = titleNode.string, !title.trimmingSpaces.isEmpty else {
                warn(
                    titleNode.string == nil
                        ? "'title' should be a string, found \(titleNode.value.kind); skipped"
                        : "the title is empty; skipped")
                return nil
            }
            var entry = SourceEntry(title: title, location: location)
            entry.abstract = string(node, "summary") ?? ""
            var details = PaperDetails()
            for field in ["id", "abs", "pdf"] {
                guard details.arxiv == nil, let text = string(node, field) else { continue }
                details.arxiv = ArxivIdentifier.parse(text)
                if details.arxiv == nil, field == "id" {
                    warn("'\(text)' is not an arXiv id such as 2510.09842; the paper is identified by its title")
                }
            }
            if let authors = node["authors"] {
                if let items = authors.items {
                    for item in items {
                        let name = item.string ?? item["name"]?.string
                        if let name, !name.trimmingSpaces.isEmpty {
                            details.authors.append(TextNormalizer.normalize(name))
                        } else if name == nil {
                            warn("an author should be a name, found \(item.value.kind); skipped")
                        }
                    }
                } else {
                    warn("'authors' should be a list of names, found \(authors.value.kind); ignored")
                }
            }
            if let categories = node["categories"] {
                for item in categories.items ?? [] {
                    // Only arXiv's own categories: generators also copy ACM classes (`I.2.7; I.2.8`) here.
                    if let term = item.string?.trimmingSpaces.description, ArxivIdentifier.isCategory(term),
                        !details.categories.contains(term)
                    {
                        details.categories.append(term)
                    }
                }
                if categories.items == nil {
                    warn("'categories' should be a list of arXiv categories, found \(categories.value.kind); ignored")
                }
            }
            if let comment = string(node, "comment") {
                let text = TextNormalizer.normalize(comment)
                if !text.isEmpty { details.arxivComment = text }
            }
            if let code = string(node, "code_url")?.trimmingSpaces, !code.isEmpty {
                if let url = SourceURL.checked(code) {
                    details.githubRepo = url
                } else {
                    warn("'code_url' should be an http(s) URL, found '\(code)'; ignored")
                }
            }
            if let stars = node["code_stars"]?.integer, stars >= 0, details.githubRepo != nil {
                details.githubStars = stars
            }
            if let ai = node["AI"] {
                if ai.isObject {
                    if let tldr = string(ai, "tldr").map(TextNormalizer.normalize),
                        !DailyArxivParser.isPlaceholder(tldr)
                    {
                        details.machineSummaries = [
                            MachineSummary(text: tldr, language: language, writer: DailyArxivParser.writer)
                        ]
                    }
                } else {
                    warn("'AI' should be an object with a 'tldr', found \(ai.value.kind); ignored")
                }
            }
            if !details.authors.isEmpty { entry.byline = .authors(count: details.authors.count) }
            entry.details = details
            return entry
        }

        /// The member `field` as a string; a value of another type is reported (null is absent).
        mutating func string(_ node: JSONNode, _ field: String) -> String? {
            guard let member = node[field] else { return nil }
            guard let text = member.string else {
                warn("'\(field)' should be a string, found \(member.value.kind); ignored")
                return nil
            }
            return text
        }
    }
}
