import Foundation
import QuireCore
import Yams

/// Reads `quire.yml` into a `SiteConfig`, reporting unknown keys and wrong types with their line.
///
/// A value of the wrong type is reported and the default is kept, so the build can go on;
/// YAML that does not parse is an error.
public struct ConfigLoader {
    public static let fileName = SiteInputs.configFileName

    static let topLevelKeys = [
        "title", "description", "base_url", "language", "author",
        "page_size", "feed_limit", "opml_feed_format", "digest_dates", "topics", "trusted_folders", "arxiv_announce",
        "fetch", "related", "author_pages", "author_aliases", "author_split", "select", "hide",
    ]
    static let topicKeys = ["slug", "title", "description", "keywords", "exclude", "categories"]
    static let selectKeys = ["keywords", "categories", "exclude", "min_upvotes"]
    static let fetchKeys = ["hf", "arxiv", "arxiv_listing"]

    public init() {}

    /// Loads the configuration at `path`; a missing file gives the defaults and a warning.
    public func load(path: String) -> (SiteConfig, [Diagnostic]) {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            return (SiteConfig(), [.warning(SourceLocation(path: path), "no configuration file; using defaults")])
        }
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(path)
        } catch {
            return (
                SiteConfig(),
                [.error(SourceLocation(path: path), "cannot read the configuration file: \(error.reason)")]
            )
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return (
                SiteConfig(),
                [.error(SourceLocation(path: path), "the configuration file is not valid UTF-8; save it as UTF-8")]
            )
        }
        return parse(text, path: path)
    }

    /// Parses configuration text; `path` is only used in diagnostics.
    public func parse(_ text: String, path: String) -> (SiteConfig, [Diagnostic]) {
        var reader = Reader(path: path)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (line, problem) = Self.describe(error, in: text)
            reader.report(.error, line: line, "invalid YAML: \(problem)")
            return (reader.config, reader.diagnostics)
        } catch {
            reader.report(.error, line: nil, "invalid YAML: \(error)")
            return (reader.config, reader.diagnostics)
        }
        guard let root else { return (reader.config, reader.diagnostics) }  // an empty file: all defaults
        reader.readRoot(root)
        return (reader.config, reader.diagnostics)
    }

    /// Where a YAML error is and what it says. When libyaml names a construct that started
    /// earlier (an unterminated quote, an unclosed bracket), that is where the error is placed:
    /// the problem itself is often found only at the end of the file.
    /// libyaml places what it finds at the end of the stream on the line after the last one:
    /// that is said as "at the end of the file" (or of `whole`), never as a line it does not have.
    static func describe(_ error: YamlError, in text: String, whole: String = "the file") -> (
        line: Int?, problem: String
    ) {
        let lines = text.utf8.count(where: { $0 == 0x0A }) + (text.utf8.last == 0x0A || text.isEmpty ? 0 : 1)
        func place(_ line: Int) -> String { line > lines ? "at the end of \(whole)" : "at line \(line)" }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            guard let context, context.mark.line != mark.line else { return (min(mark.line, max(lines, 1)), problem) }
            return (context.mark.line, "\(context.text) starting here, \(problem) \(place(mark.line))")
        case let .duplicatedKeysInMapping(duplicates, context):
            return (context.mark.line, "duplicate key \(duplicates.joined(separator: ", "))")
        case let .reader(problem, _, _, _):
            return (nil, problem)
        default:
            return (nil, "\(error)")
        }
    }
}

extension ConfigLoader {
    /// Walks the YAML tree, filling a config and collecting diagnostics.
    struct Reader {
        let path: String
        var config = SiteConfig()
        var diagnostics: [Diagnostic] = []

        init(path: String) { self.path = path }

        mutating func report(_ severity: Diagnostic.Severity, line: Int?, _ message: String) {
            diagnostics.append(Diagnostic(severity, SourceLocation(path: path, line: line), message))
        }

        mutating func readRoot(_ root: Node) {
            guard let mapping = root.mapping else {
                report(
                    .error, line: root.mark?.line,
                    "the configuration must be a mapping of keys (`title: …`), found \(Self.kind(of: root))")
                return
            }
            for (keyNode, value) in mapping {
                guard let key = keyNode.string else { continue }
                let line = keyNode.mark?.line
                switch key {
                case "title": text(value, key).map { config.title = $0 }
                case "description": text(value, key).map { config.description = $0 }
                case "language":
                    string(value, key).flatMap { languageTag($0, line: value.mark?.line) }.map { config.language = $0 }
                case "author": text(value, key).map { config.author = $0 }
                case "base_url":
                    string(value, key).flatMap { baseURL($0, line: value.mark?.line) }.map { config.baseURL = $0 }
                case "page_size": integer(value, key, minimum: 0).map { config.pageSize = $0 }
                case "feed_limit": integer(value, key, minimum: 1).map { config.feedLimit = $0 }
                case "related": integer(value, key, minimum: 0).map { config.relatedCount = $0 }
                case "author_pages": integer(value, key, minimum: 0).map { config.authorPages = $0 }
                case "author_aliases": readAuthorAliases(value)
                case "author_split": readAuthorSplit(value)
                case "select": readSelection(value)
                case "hide": readHidden(value)
                case "opml_feed_format":
                    guard let text = string(value, key) else { break }
                    if let format = OPMLFeedFormat(rawValue: text.lowercased()) {
                        config.opmlFeedFormat = format
                    } else {
                        report(
                            .warning, line: value.mark?.line,
                            "opml_feed_format should be 'atom' or 'rss', found '\(text)'; using atom")
                    }
                case "digest_dates": readDigestDates(value)
                case "topics": readTopics(value)
                case "trusted_folders": strings(value, key).map { config.trustedFolders = $0 }
                case "arxiv_announce": readAnnounceTypes(value)
                case "fetch": readFetch(value)
                default:
                    report(
                        .warning, line: line,
                        "unknown key '\(key)'\(Self.suggestion(for: key, among: ConfigLoader.topLevelKeys))")
                }
            }
        }

        mutating func readDigestDates(_ node: Node) {
            guard let mapping = node.mapping else {
                wrongType(node, "digest_dates", expected: "a mapping of file name to YYYY-MM-DD")
                return
            }
            for (keyNode, value) in mapping {
                guard let fileName = keyNode.string, !fileName.isEmpty else { continue }
                guard let text = value.scalar?.string, let day = Day(iso: text) else {
                    report(.warning, line: value.mark?.line, "digest_dates: '\(fileName)' needs a date as YYYY-MM-DD")
                    continue
                }
                config.digestDates[fileName] = day
            }
        }

        /// `arxiv_announce: [new, cross, replace]`: the announce types that list a paper. A value
        /// arXiv does not use is reported with its line and left out.
        mutating func readAnnounceTypes(_ node: Node) {
            guard let sequence = node.sequence else {
                wrongType(
                    node, "arxiv_announce", expected: "a list of announce types such as [new, cross]",
                    outcome: "new and cross list papers")
                return
            }
            var types = Set<ArxivAnnounceType>()
            for item in sequence {
                guard let text = item.scalar?.string, let type = ArxivAnnounceType(rawValue: text.lowercased()) else {
                    let known = ArxivAnnounceType.allCases.map(\.rawValue).joined(separator: ", ")
                    report(
                        .warning, line: item.mark?.line,
                        "arxiv_announce: \(Self.kind(of: item)) is not an announce type of arXiv's feeds (\(known)); it is ignored"
                    )
                    continue
                }
                types.insert(type)
            }
            config.arxivAnnounce = types
        }

        /// `fetch: {hf: true, arxiv: [query, …], arxiv_listing: [category, …]}`; a single query or
        /// category may be given as a string.
        mutating func readFetch(_ node: Node) {
            guard let mapping = node.mapping else {
                wrongType(
                    node, "fetch", expected: "a mapping such as {hf: true, arxiv: [\"cat:cs.LG\"]}",
                    outcome: "nothing is fetched by `quire fetch`")
                return
            }
            for (keyNode, value) in mapping {
                guard let key = keyNode.string else { continue }
                switch key {
                case "hf":
                    guard let flag = value.bool else {
                        wrongType(value, "fetch: hf", expected: "true or false", outcome: "Hugging Face is not fetched")
                        continue
                    }
                    config.fetch.huggingFace = flag
                case "arxiv":
                    if let single = value.scalar?.string {
                        config.fetch.arxivQueries = single.trimmingCharacters(in: .whitespaces).isEmpty ? [] : [single]
                    } else {
                        config.fetch.arxivQueries = strings(value, "fetch: arxiv") ?? []
                    }
                case "arxiv_listing":
                    if let single = value.scalar {
                        config.fetch.arxivListingCategories = arxivCategories(.sequence(.init([.scalar(single)])))
                    } else {
                        config.fetch.arxivListingCategories = arxivCategories(value, key: "fetch: arxiv_listing")
                    }
                default:
                    report(
                        .warning, line: keyNode.mark?.line,
                        "unknown fetch key '\(key)'\(Self.suggestion(for: key, among: ConfigLoader.fetchKeys))")
                }
            }
        }

        /// `select: {keywords: [...], categories: [...], exclude: [...], min_upvotes: N}`.
        mutating func readSelection(_ node: Node) {
            guard let mapping = node.mapping else {
                wrongType(
                    node, "select", expected: "a mapping with keywords, categories, exclude or min_upvotes",
                    outcome: "every paper is published")
                return
            }
            var rule = SelectionRule()
            for (keyNode, value) in mapping {
                guard let key = keyNode.string else { continue }
                switch key {
                case "keywords": rule.keywords = (strings(value, "select: keywords") ?? []).map { $0.lowercased() }
                case "exclude": rule.exclude = (strings(value, "select: exclude") ?? []).map { $0.lowercased() }
                case "categories": rule.categories = arxivCategories(value)
                case "min_upvotes": rule.minUpvotes = integer(value, "select: min_upvotes", minimum: 0)
                default:
                    report(
                        .warning, line: keyNode.mark?.line,
                        "unknown select key '\(key)'\(Self.suggestion(for: key, among: ConfigLoader.selectKeys))")
                }
            }
            if rule == SelectionRule() {
                report(
                    .warning, line: node.mark?.line,
                    "select has no keywords, categories, exclude or min_upvotes; every paper is published")
                return
            }
            config.selection = rule
        }

        /// `hide: [2306.03805, "A Title"]`: arXiv ids (any version) or titles never published.
        mutating func readHidden(_ node: Node) {
            for item in strings(node, "hide") ?? [] {
                config.hidden.append(ArxivIdentifier.parse(item)?.id ?? item)
            }
        }

        /// `author_aliases: {"Tri Dao": ["T. Dao", "Tri  Dao"]}`: the name to show → its other spellings.
        mutating func readAuthorAliases(_ node: Node) {
            guard let mapping = node.mapping else {
                wrongType(
                    node, "author_aliases", expected: "a mapping of a name to its other spellings",
                    outcome: "no names are joined")
                return
            }
            var claimed: [String: String] = [:]
            for (keyNode, value) in mapping {
                guard let name = keyNode.string, !name.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                if claimed[AuthorIndex.key(name)] == nil { claimed[AuthorIndex.key(name)] = name }
                let variants = value.scalar.map { [$0.string] } ?? strings(value, "author_aliases: \(name)") ?? []
                for variant in variants {
                    let key = AuthorIndex.key(variant)
                    if let other = claimed[key], other != name {
                        report(
                            .warning, line: value.mark?.line,
                            "author_aliases: '\(variant)' is already a spelling of '\(other)'; it stays with '\(other)'"
                        )
                        continue
                    }
                    claimed[key] = name
                    config.authorAliases[name, default: []].append(variant)
                }
                if config.authorAliases[name] == nil { config.authorAliases[name] = [] }
            }
        }

        /// `author_split: {"Wei Wang": [[2301.00001, 2302.00002], [2303.00003]]}`: each list of arXiv
        /// ids is one person of that name; the name's other papers stay with the name.
        mutating func readAuthorSplit(_ node: Node) {
            guard let mapping = node.mapping else {
                wrongType(
                    node, "author_split", expected: "a mapping of a name to lists of arXiv ids",
                    outcome: "no namesakes are kept apart")
                return
            }
            for (keyNode, value) in mapping {
                guard let name = keyNode.string, !name.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                guard let lists = value.sequence else {
                    wrongType(
                        value, "author_split: \(name)", expected: "a list of lists of arXiv ids",
                        outcome: "the name is not split")
                    continue
                }
                var seen = Set<String>()
                var groups: [[String]] = []
                // A flat list of ids is one person; a list of lists, one person each.
                let nested = lists.contains { $0.sequence != nil }
                for list in nested ? Array(lists) : [value] {
                    let items = list.sequence ?? [list]
                    var group: [String] = []
                    for item in items {
                        guard let text = item.scalar?.string, let reference = ArxivIdentifier.parse(text) else {
                            report(
                                .warning, line: item.mark?.line,
                                "author_split: \(Self.kind(of: item)) is not an arXiv id such as 2306.03805; it is ignored"
                            )
                            continue
                        }
                        guard seen.insert(reference.id).inserted else {
                            report(
                                .warning, line: item.mark?.line,
                                "author_split: \(reference.id) is in two groups of '\(name)'; the first keeps it")
                            continue
                        }
                        group.append(reference.id)
                    }
                    if !group.isEmpty { groups.append(group) }
                }
                if !groups.isEmpty { config.authorSplit[name] = groups }
            }
        }

        mutating func readTopics(_ node: Node) {
            guard let sequence = node.sequence else {
                wrongType(node, "topics", expected: "a list of topics")
                return
            }
            var seen = Set<String>()
            for item in sequence {
                guard let topic = readTopic(item) else { continue }
                guard seen.insert(topic.slug).inserted else {
                    report(
                        .warning, line: item.mark?.line, "topic '\(topic.slug)' is defined twice; the second is ignored"
                    )
                    continue
                }
                config.topics.append(topic)
            }
        }

        mutating func readTopic(_ node: Node) -> TopicRule? {
            guard let mapping = node.mapping else {
                wrongType(
                    node, "a topic", expected: "a mapping with slug, title and keywords", outcome: "it is ignored")
                return nil
            }
            var slug: String?, title: String?, description: String?
            var keywords: [String]?, exclude: [String] = [], categories: [String] = []
            for (keyNode, value) in mapping {
                guard let key = keyNode.string else { continue }
                switch key {
                case "slug": slug = string(value, key)
                case "title": title = text(value, key)
                case "description": description = text(value, key)
                case "keywords": keywords = strings(value, key)
                case "exclude": exclude = strings(value, key) ?? []
                case "categories": categories = arxivCategories(value)
                default:
                    report(
                        .warning, line: keyNode.mark?.line,
                        "unknown topic key '\(key)'\(Self.suggestion(for: key, among: ConfigLoader.topicKeys))")
                }
            }
            let line = node.mark?.line
            guard let slug, !slug.isEmpty else {
                report(.warning, line: line, "topic without a slug is ignored")
                return nil
            }
            guard slug.utf8.allSatisfy({ Self.isSlugByte($0) }) else {
                report(
                    .warning, line: line, "topic slug '\(slug)' may only contain a-z, 0-9 and '-'; the topic is ignored"
                )
                return nil
            }
            guard Slug.avoidingReservedNames(slug, noun: "topic") == slug else {
                report(
                    .warning, line: line,
                    "topic slug '\(slug)' is a device name on Windows, where its folder could not exist; the topic is ignored, choose another slug"
                )
                return nil
            }
            guard keywords?.isEmpty == false || !categories.isEmpty else {
                report(.warning, line: line, "topic '\(slug)' has no keywords and would match nothing; it is ignored")
                return nil
            }
            return TopicRule(
                slug: slug, title: title ?? slug, description: description,
                keywords: (keywords ?? []).map { $0.lowercased() }, exclude: exclude.map { $0.lowercased() },
                categories: categories)
        }

        // MARK: - Typed values

        mutating func string(_ node: Node, _ key: String) -> String? {
            guard let scalar = node.scalar else {
                wrongType(node, key, expected: "a string")
                return nil
            }
            return scalar.string
        }

        /// A string shown on pages and in feeds, without the control characters neither HTML nor
        /// XML can carry (reported): C0 controls other than tab, newline and carriage return,
        /// DEL and the C1 controls.
        mutating func text(_ node: Node, _ key: String) -> String? {
            guard let value = string(node, key) else { return nil }
            func isControl(_ scalar: Unicode.Scalar) -> Bool {
                (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r")
                    || (0x7F...0x9F).contains(scalar.value)
            }
            guard value.unicodeScalars.contains(where: isControl) else { return value }
            report(
                .warning, line: node.mark?.line,
                "'\(key)' holds control characters, which no page or feed can show; they are left out")
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: value.unicodeScalars.filter { !isControl($0) })
            return String(scalars)
        }

        mutating func integer(_ node: Node, _ key: String, minimum: Int) -> Int? {
            guard let value = node.scalar.flatMap({ Int($0.string) }) else {
                wrongType(node, key, expected: "a whole number")
                return nil
            }
            guard value >= minimum else {
                report(.warning, line: node.mark?.line, "'\(key)' must be at least \(minimum); the default is used")
                return nil
            }
            return value
        }

        mutating func strings(_ node: Node, _ key: String) -> [String]? {
            guard let sequence = node.sequence else {
                wrongType(node, key, expected: "a list of strings")
                return nil
            }
            var values: [String] = []
            for item in sequence {
                guard let scalar = item.scalar, !scalar.string.isEmpty else {
                    wrongType(item, "an item of '\(key)'", expected: "a non-empty string", outcome: "it is ignored")
                    continue
                }
                values.append(scalar.string)
            }
            return values
        }

        /// A list of arXiv categories (`cs.LG`) or archives (`cs`); anything else is reported and left out.
        mutating func arxivCategories(_ node: Node, key: String = "categories") -> [String] {
            guard let sequence = node.sequence else {
                wrongType(node, key, expected: "a list of arXiv categories such as cs.LG")
                return []
            }
            var categories: [String] = []
            for item in sequence {
                guard let text = item.scalar?.string.trimmingCharacters(in: .whitespaces),
                    ArxivIdentifier.isCategory(text)
                else {
                    report(
                        .warning, line: item.mark?.line,
                        "\(Self.kind(of: item)) is not an arXiv category such as cs.LG or stat.ML; it is ignored")
                    continue
                }
                categories.append(text)
            }
            return categories
        }

        /// A BCP 47 language tag as HTML's `lang` and XML's `xml:lang` take it: subtags of one to
        /// eight letters or digits joined by `-`, the first of two to eight letters (`en`, `pt-BR`).
        mutating func languageTag(_ text: String, line: Int?) -> String? {
            let subtags = text.split(separator: "-", omittingEmptySubsequences: false)
            let isTag = subtags.enumerated().allSatisfy { index, subtag in
                let isAlphanumeric = subtag.utf8.allSatisfy {
                    ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39)
                }
                let isLetters = subtag.utf8.allSatisfy { $0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A }
                return isAlphanumeric && (1...8).contains(subtag.utf8.count)
                    && (index > 0 || (isLetters && subtag.utf8.count >= 2))
            }
            guard isTag else {
                report(
                    .warning, line: line,
                    "language '\(text)' is not a language tag such as 'en' or 'pt-BR'; the default is used")
                return nil
            }
            return text
        }

        mutating func baseURL(_ text: String, line: Int?) -> String? {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let url = SiteURL(trimmed) else {
                report(
                    .warning, line: line, "base_url '\(text)' \(SiteURL.rejection(of: trimmed)); the default is used")
                return nil
            }
            return url.description
        }

        mutating func wrongType(_ node: Node, _ key: String, expected: String, outcome: String = "the default is used")
        {
            report(
                .warning, line: node.mark?.line,
                "'\(key)' should be \(expected), found \(Self.kind(of: node)); \(outcome)")
        }

        static func kind(of node: Node) -> String {
            switch node {
            case .scalar(let scalar): return scalar.string.isEmpty ? "nothing" : "'\(scalar.string)'"
            case .mapping: return "a mapping"
            case .sequence: return "a list"
            case .alias: return "an alias"
            }
        }

        static func isSlugByte(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
        }

        /// "; did you mean 'x'?" for a key one or two edits away from a known one.
        static func suggestion(for key: String, among known: [String]) -> String {
            let best = known.map { ($0, EditDistance.between($0, key)) }.min { $0.1 < $1.1 }
            guard let best, best.1 <= 2 else { return "; known keys: \(known.joined(separator: ", "))" }
            return "; did you mean '\(best.0)'?"
        }
    }
}
