import QuireCore
import Yams

/// Reads one hand-written entry: YAML front matter between `---` lines, then the curator's note
/// in Markdown, as Hugo and Zola content files look:
///
///     ---
///     title: "The Emergence of Essential Sparsity in Large Pre-trained Models"
///     arxiv: 2306.03805          # or an arxiv.org/abs URL; makes it the same paper as other sources
///     url: https://…             # a link for papers that are not on arXiv
///     date: 2023-06-06           # the paper's date
///     topics: [pruning]          # topic slugs from quire.yml, added to the rule-based ones
///     authors: [Ajay Jaiswal, Shiwei Liu]
///     tags: [one-shot, must-read]
///     ---
///     Why this paper matters…
///
/// A note needs a title or an arXiv id. A field of the wrong type, an unknown key or an unknown
/// topic is reported with its line and left out; the rest of the note is kept.
struct MarkdownNoteParser {
    static let keys = ["title", "arxiv", "url", "date", "topics", "authors", "tags", "featured"]

    /// The topic slugs of the site, to check `topics` against.
    var knownTopics: [String]

    func parse(_ bytes: [UInt8], path: String) -> ParsedSource {
        var result = ParsedSource()
        let text = TextDecoding.decode(bytes, path: path, diagnostics: &result.diagnostics)
        let start = SourceLocation(path: path, line: 1)
        let frontMatter: FrontMatter
        switch FrontMatter.parse(text, path: path, kind: "a note", example: "title, arxiv, date, …") {
        case .success(let parsed): frontMatter = parsed
        case .failure(let problem):
            result.diagnostics.append(.warning(problem.location, problem.message + "; skipped"))
            return result
        }
        var reader = Reader(path: path, knownTopics: knownTopics)
        let mapping = frontMatter.fields
        let body = frontMatter.body.trimmingSpaces
        let entry = reader.entry(mapping, start: start)
        result.diagnostics += reader.diagnostics
        guard var entry else { return result }
        entry.details.notes = [CuratorNote(markdown: String(body), location: start)]
        result.entries = [entry]
        return result
    }

    /// Reads the front matter's fields, collecting diagnostics.
    struct Reader {
        let path: String
        let knownTopics: [String]
        var diagnostics: [Diagnostic] = []

        func location(_ node: Node) -> SourceLocation {
            SourceLocation(path: path, line: node.mark?.line)
        }

        mutating func warn(_ node: Node, _ message: String) {
            diagnostics.append(.warning(location(node), message))
        }

        mutating func entry(_ mapping: Node.Mapping, start: SourceLocation) -> SourceEntry? {
            var title: String?, titleNode: Node?
            var entry = SourceEntry(title: "", location: start)
            for (keyNode, value) in mapping {
                guard let key = keyNode.string else { continue }
                switch key {
                case "title":
                    title = string(value, key)
                    titleNode = value
                case "arxiv":
                    guard let text = string(value, key) else { continue }
                    if let reference = ArxivIdentifier.parse(text) {
                        entry.details.arxiv = reference
                    } else {
                        warn(
                            value, "'\(text)' is not an arXiv id such as 2306.03805 (or an arxiv.org/abs URL); ignored")
                    }
                case "url":
                    guard let text = string(value, key) else { continue }
                    if let link = SourceURL.checked(text) {
                        entry.details.link = link
                    } else {
                        warn(value, "url '\(text)' is not an absolute http(s) URL; ignored")
                    }
                case "date":
                    guard let text = string(value, key) else { continue }
                    if let day = Timestamp.utcDay(text) {
                        entry.date = day
                    } else {
                        warn(value, "'\(text)' is not a date such as 2023-06-06; ignored")
                    }
                case "topics":
                    for (slug, node) in strings(value, key) {
                        if knownTopics.contains(slug) {
                            if !entry.details.topics.contains(slug) { entry.details.topics.append(slug) }
                        } else {
                            warn(
                                node,
                                "unknown topic '\(slug)' is ignored\(Self.suggestion(for: slug, among: knownTopics))")
                        }
                    }
                case "authors":
                    entry.details.authors = strings(value, key).map { TextNormalizer.normalize($0.0) }.filter {
                        !$0.isEmpty
                    }
                case "featured":
                    guard let flag = value.bool else {
                        warn(value, "'featured' should be true or false; ignored")
                        continue
                    }
                    entry.details.featured = flag
                case "tags":
                    for (tag, _) in strings(value, key) where !entry.details.tags.contains(tag) {
                        entry.details.tags.append(tag)
                    }
                default:
                    warn(
                        keyNode,
                        "unknown front matter key '\(key)' is ignored\(ConfigLoader.Reader.suggestion(for: key, among: MarkdownNoteParser.keys))"
                    )
                }
            }
            if entry.details.arxiv == nil, let link = entry.details.link, let reference = ArxivIdentifier.parse(link) {
                entry.details.arxiv = reference
            }
            if let title, !title.trimmingSpaces.isEmpty {
                entry.title = title
                if let titleNode { entry.location = location(titleNode) }
            } else if entry.details.arxiv == nil {
                diagnostics.append(
                    .warning(
                        titleNode.map(location) ?? start,
                        "a note needs a title or an arxiv id to say which paper it is about; skipped"))
                return nil
            }
            if !entry.details.authors.isEmpty { entry.byline = .authors(count: entry.details.authors.count) }
            return entry
        }

        mutating func string(_ node: Node, _ key: String) -> String? {
            guard let scalar = node.scalar else {
                warn(node, "'\(key)' should be a single value, found \(ConfigLoader.Reader.kind(of: node)); ignored")
                return nil
            }
            return scalar.string
        }

        /// A list of strings, or one string taken as a list of one, each with its node.
        mutating func strings(_ node: Node, _ key: String) -> [(String, Node)] {
            if let scalar = node.scalar {
                let text = String(scalar.string.trimmingSpaces)
                return text.isEmpty ? [] : [(text, node)]
            }
            guard let sequence = node.sequence else {
                warn(node, "'\(key)' should be a list, found \(ConfigLoader.Reader.kind(of: node)); ignored")
                return []
            }
            var values: [(String, Node)] = []
            for item in sequence {
                guard let scalar = item.scalar, !scalar.string.trimmingSpaces.isEmpty else {
                    warn(
                        item,
                        "an item of '\(key)' should be a non-empty string, found \(ConfigLoader.Reader.kind(of: item)); ignored"
                    )
                    continue
                }
                values.append((String(scalar.string.trimmingSpaces), item))
            }
            return values
        }

        /// "; did you mean 'x'?" for a slug close to a known one, else the list of known topics.
        static func suggestion(for slug: String, among known: [String]) -> String {
            guard !known.isEmpty else { return " (quire.yml defines no topics)" }
            let best = known.map { ($0, EditDistance.between($0, slug)) }.min { $0.1 < $1.1 }
            if let best, best.1 <= 2 { return "; did you mean '\(best.0)'?" }
            return "; the topics in quire.yml are \(known.joined(separator: ", "))"
        }
    }
}
