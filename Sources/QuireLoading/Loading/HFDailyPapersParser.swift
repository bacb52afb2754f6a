import QuireCore

/// Reads a Hugging Face daily-papers API response (`https://huggingface.co/api/daily_papers`,
/// optionally `?date=YYYY-MM-DD`): a JSON list of entries
///
///     {"paper": {"id": "2306.03805", "title": …, "summary": …, "authors": [{"name": …}, …],
///                "publishedAt": "2023-06-06T17:59:03.000Z", "upvotes": 12, "ai_keywords": [...]?,
///                "organization": {"name": …, "fullname": …}?, "submittedOnDailyBy": {…}?, …},
///      "publishedAt": "2023-06-07T01:12:40.861Z", "title": …, "numComments": 3,
///      "submittedBy": {"fullname": …, "name": …}?, "organization": {…}?, …}
///
/// or one day's dump of them: an object holding such a list under `dailyPapers` (as the Daily
/// Papers page embeds it) or `papers`, with the day under `date`. A bare paper object
/// (`/api/papers/{id}`, with its `id` and `title`) is read as one entry. Absent optional fields
/// and unknown extra ones are fine; a field of the wrong type is reported with its JSON pointer
/// and skipped. A list none of whose objects is an entry (no `paper` object, no paper's `id`) is
/// some other format: the whole file is refused with one warning naming the missing `paper`.
struct HFDailyPapersParser {
    /// Hugging Face keeps TeX in an entry's own `title` (`L$^2$M: …`) but strips it from
    /// `paper.title` (`L^2M: …`): the entry's title when it is `paper.title` with formulas, so the
    /// page shows the math; nil otherwise. The paper keeps `paper.title`'s key, which earlier
    /// versions recorded, so no published page moves.
    static func titleWithMath(_ entryTitle: String?, paper paperTitle: String) -> String? {
        guard let entryTitle, !MathSpans.all(in: entryTitle).isEmpty, MathSpans.all(in: paperTitle).isEmpty else {
            return nil
        }
        let paperKey = TitleKeys.key(forTitle: paperTitle)
        // The same title: once its dollar signs go, or once its formulas are read as text.
        guard
            TitleKeys.key(forTitle: entryTitle.replacing("$", with: "")) == paperKey
                || TitleKeys.key(forTitle: entryTitle) == paperKey
        else { return nil }
        return entryTitle
    }

    func parse(_ bytes: [UInt8], path: String) -> ParsedSource {
        var result = ParsedSource()
        let expected = "expected a Hugging Face daily-papers API response (a JSON list of papers)"
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else {
            result.diagnostics.append(.warning(SourceLocation(path: path), "empty file; \(expected)"))
            return result
        }
        let root: JSONValue
        do {
            root = try JSONValue.parse(bytes)
        } catch {
            result.diagnostics.append(
                .warning(
                    SourceLocation(path: path, line: error.line),
                    "not valid JSON (\(error.message)); \(expected); skipped"))
            return result
        }
        var reader = Reader(path: path)
        let document = JSONNode(value: root, pointer: "")
        var listDate: Day?
        let entries: [JSONNode]
        if let items = document.items {
            entries = items
        } else if document.isObject, let list = document["dailyPapers"] ?? document["papers"] {
            guard let items = list.items else {
                reader.warn(
                    list, "'\(list.pointer.dropFirst())' should be a list of papers, found \(list.value.kind); skipped")
                return reader.finish(into: result)
            }
            entries = items
            if let date = document["date"] {
                listDate = reader.day(date, field: "date")
            }
        } else if document.isObject, document["paper"] != nil || (document["id"] != nil && document["title"] != nil) {
            entries = [document]
        } else {
            let found: String
            if case .object(let members) = root {
                found =
                    members.isEmpty
                    ? "an empty object"
                    : "an object with \(members.keys.sorted().prefix(6).map { "'\($0)'" }.joined(separator: ", "))"
            } else {
                found = root.kind
            }
            result.diagnostics.append(.warning(SourceLocation(path: path), "\(expected), found \(found); skipped"))
            return result
        }
        if let refusal = Self.wrongShape(entries) {
            result.diagnostics.append(.warning(SourceLocation(path: path), "\(expected), found \(refusal); skipped"))
            return result
        }
        var listedDays: [Day] = []
        for node in entries {
            guard let entry = reader.entry(node) else {
                result.skippedEntries += 1
                continue
            }
            result.entries.append(entry.entry)
            if let day = entry.listed { listedDays.append(day) }
        }
        if let listDate {
            result.ownDate = listDate
            result.ownDateDescription = "the day the file gives under 'date'"
        } else if let latest = listedDays.max() {
            result.ownDate = latest
            result.ownDateDescription = "the day Hugging Face listed its papers (their 'publishedAt')"
        }
        return reader.finish(into: result)
    }

    /// What a list holds when none of its objects has the shape of a daily-papers entry (a
    /// `paper` object) or of a bare paper (`id` and `title`), so the whole file is another
    /// format: `a list of objects without 'paper' (with 'arxiv_url', 'summary', 'title', …)`.
    /// Nil when the list is empty, holds no object at all, or some object is an entry.
    static func wrongShape(_ entries: [JSONNode]) -> String? {
        var fields = Set<String>()
        for node in entries {
            guard case .object(let members) = node.value else { continue }
            if members["paper"] != nil || (members["id"] != nil && members["title"] != nil) { return nil }
            fields.formUnion(members.keys)
        }
        guard !fields.isEmpty else { return nil }
        let shown = fields.sorted().prefix(6).map { "'\($0)'" }.joined(separator: ", ")
        return "a list of objects without 'paper' (with \(shown)\(fields.count > 6 ? ", …" : ""))"
    }

    /// Reads entries, collecting diagnostics.
    struct Reader {
        let path: String
        var diagnostics: [Diagnostic] = []

        init(path: String) { self.path = path }

        mutating func warn(_ node: JSONNode, _ message: String) {
            diagnostics.append(.warning(SourceLocation(path: path, pointer: node.pointer), message))
        }

        func finish(into result: ParsedSource) -> ParsedSource {
            var result = result
            result.diagnostics += diagnostics
            return result
        }

        /// One entry and the day Hugging Face listed it, or nil (reported) when it has no title.
        mutating func entry(_ node: JSONNode) -> (entry: SourceEntry, listed: Day?)? {
            guard node.isObject else {
                warn(node, "an entry should be an object, found \(node.value.kind); skipped")
                return nil
            }
            guard node["paper"] != nil || node["id"] != nil else {
                warn(node, "entry has no 'paper' object; skipped")
                return nil
            }
            var paper = node
            if let nested = node["paper"] {
                guard nested.isObject else {
                    warn(nested, "'paper' should be an object, found \(nested.value.kind); entry skipped")
                    return nil
                }
                paper = nested
            }
            guard let title = requiredTitle(paper: paper, entry: node) else { return nil }
            var entry = SourceEntry(title: title, location: SourceLocation(path: path, pointer: node.pointer))
            if paper.pointer != node.pointer,
                let shown = HFDailyPapersParser.titleWithMath(node["title"]?.string, paper: title)
            {
                entry.title = shown
                entry.keyTitle = title
            }
            entry.abstract =
                string(paper["summary"], "summary")
                ?? (paper.pointer == node.pointer ? nil : string(node["summary"], "summary")) ?? ""
            if let id = paper["id"] {
                if let text = string(id, "id") {
                    if let reference = ArxivIdentifier.parse(text) {
                        entry.details.arxiv = reference
                    } else {
                        warn(
                            id, "'\(text)' is not an arXiv id such as 2306.03805; the paper is identified by its title")
                    }
                }
            }
            if let authors = paper["authors"] {
                if let items = authors.items {
                    for author in items {
                        if author.isObject {
                            if let name = string(author["name"], "name"), !name.trimmingSpaces.isEmpty {
                                entry.details.authors.append(TextNormalizer.normalize(name))
                            }
                        } else if let name = author.string {
                            entry.details.authors.append(TextNormalizer.normalize(name))
                        } else {
                            warn(
                                author,
                                "an author should be an object with a 'name', found \(author.value.kind); skipped")
                        }
                    }
                } else {
                    warn(authors, "'authors' should be a list, found \(authors.value.kind); ignored")
                }
            }
            if let published = paper["publishedAt"] { entry.date = day(published, field: "publishedAt") }
            if let upvotes = paper["upvotes"] { entry.upvotes = count(upvotes, "upvotes") }
            if let comments = node["numComments"] ?? (paper.pointer == node.pointer ? nil : paper["numComments"]) {
                entry.details.commentCount = count(comments, "numComments")
            }
            if let keywords = paper["ai_keywords"] {
                entry.details.keywords = strings(keywords, "ai_keywords").map(TextNormalizer.normalize)
            }
            readLinks(paper: paper, entry: node, into: &entry.details)
            if let organization = node["organization"] ?? paper["organization"] {
                entry.byline = self.organization(organization)
            }
            if entry.byline == nil, !entry.details.authors.isEmpty {
                entry.byline = .authors(count: entry.details.authors.count)
            }
            if let submitter = node["submittedBy"] ?? paper["submittedOnDailyBy"] {
                entry.details.submittedBy = person(submitter, "submittedBy")
            }
            // When Hugging Face listed it: `submittedOnDailyAt`, else the entry's own `publishedAt`.
            if let submitted = paper["submittedOnDailyAt"] {
                entry.listed = time(submitted, field: "submittedOnDailyAt")
            }
            if entry.listed == nil, paper.pointer != node.pointer, let published = node["publishedAt"] {
                entry.listed = time(published, field: "publishedAt")
            }
            return (entry, entry.listed?.day)
        }

        /// The code, project page, summary, thumbnail and media Hugging Face knows, from the paper
        /// or else the entry. Only http(s) URLs are kept: anything else is reported and ignored.
        mutating func readLinks(paper: JSONNode, entry: JSONNode, into details: inout PaperDetails) {
            func field(_ name: String) -> JSONNode? {
                paper[name] ?? (paper.pointer == entry.pointer ? nil : entry[name])
            }
            details.githubRepo = field("githubRepo").flatMap { url($0, "githubRepo") }
            if let stars = field("githubStars") { details.githubStars = count(stars, "githubStars") }
            details.projectPage = field("projectPage").flatMap { url($0, "projectPage") }
            details.thumbnail = field("thumbnail").flatMap { url($0, "thumbnail") }
            if let summary = field("ai_summary"), let text = string(summary, "ai_summary") {
                let normalized = TextNormalizer.normalize(text)
                if !normalized.isEmpty {
                    details.machineSummaries = [
                        MachineSummary(text: normalized, language: "en", writer: "Hugging Face")
                    ]
                }
            }
            if let media = field("mediaUrls") {
                for item in media.items ?? [] {
                    if let link = url(item, "mediaUrls"), !details.mediaURLs.contains(link) {
                        details.mediaURLs.append(link)
                    }
                }
                if media.items == nil {
                    warn(media, "'mediaUrls' should be a list of URLs, found \(media.value.kind); ignored")
                }
            }
        }

        /// An http(s) URL (`SourceURL.checked`: whitespace inside removed), or nil: empty values
        /// (Hugging Face writes `""` for none) silently, others reported.
        mutating func url(_ node: JSONNode, _ field: String) -> String? {
            if case .null = node.value { return nil }
            guard let text = string(node, field)?.trimmingSpaces, !text.isEmpty else { return nil }
            guard let link = SourceURL.checked(text) else {
                warn(node, "'\(field)' should be an http(s) URL, found '\(text)'; ignored")
                return nil
            }
            return link
        }

        /// `paper.title`, else the entry's own `title`; reported and nil when neither is usable.
        mutating func requiredTitle(paper: JSONNode, entry: JSONNode) -> String? {
            var problem: (JSONNode, String)?
            for node in [paper["title"], paper.pointer == entry.pointer ? nil : entry["title"]] {
                guard let node else { continue }
                guard let text = node.string else {
                    problem = problem ?? (node, "'title' should be a string, found \(node.value.kind)")
                    continue
                }
                guard !text.trimmingSpaces.isEmpty else {
                    problem = problem ?? (node, "the title is empty")
                    continue
                }
                if let (earlier, message) = problem { warn(earlier, message + "; the entry's other title is used") }
                return text
            }
            if let (node, message) = problem {
                warn(node, message + "; entry skipped")
            } else {
                warn(entry, "entry has no title ('paper.title'); skipped")
            }
            return nil
        }

        mutating func string(_ node: JSONNode?, _ field: String) -> String? {
            guard let node else { return nil }
            guard let text = node.string else {
                warn(node, "'\(field)' should be a string, found \(node.value.kind); ignored")
                return nil
            }
            return text
        }

        mutating func count(_ node: JSONNode, _ field: String) -> Int? {
            guard let value = node.integer, value >= 0 else {
                let found = node.integer.map(String.init) ?? node.value.kind
                warn(node, "'\(field)' should be a whole number of at least 0, found \(found); ignored")
                return nil
            }
            return value
        }

        mutating func strings(_ node: JSONNode, _ field: String) -> [String] {
            guard let items = node.items else {
                warn(node, "'\(field)' should be a list of strings, found \(node.value.kind); ignored")
                return []
            }
            return items.compactMap { item in
                guard let text = item.string else {
                    warn(item, "an item of '\(field)' should be a string, found \(item.value.kind); ignored")
                    return nil
                }
                return text.trimmingSpaces.isEmpty ? nil : text
            }
        }

        mutating func day(_ node: JSONNode, field: String) -> Day? {
            time(node, field: field)?.day
        }

        mutating func time(_ node: JSONNode, field: String) -> ListingTime? {
            guard let text = string(node, field) else { return nil }
            guard let time = Timestamp.utcTime(text) else {
                warn(node, "'\(text)' is not a date and time such as 2023-06-06T17:59:03.000Z; ignored")
                return nil
            }
            return time
        }

        /// `{"name": "handle", "fullname": "Display Name", …}` as a byline.
        mutating func organization(_ node: JSONNode) -> Byline? {
            guard node.isObject else {
                warn(node, "'organization' should be an object, found \(node.value.kind); ignored")
                return nil
            }
            let handle = string(node["name"], "name")
            let name = string(node["fullname"], "fullname")
            guard let display = name ?? handle, !display.trimmingSpaces.isEmpty else { return nil }
            return .organization(
                handle: TextNormalizer.normalize(handle ?? display), name: TextNormalizer.normalize(display))
        }

        /// A Hugging Face user, `{"fullname": …, "name" or "user": …}`, by display name.
        mutating func person(_ node: JSONNode, _ field: String) -> String? {
            guard node.isObject else {
                warn(node, "'\(field)' should be an object, found \(node.value.kind); ignored")
                return nil
            }
            for key in ["fullname", "name", "user"] {
                if let text = string(node[key], key), !text.trimmingSpaces.isEmpty {
                    return TextNormalizer.normalize(text)
                }
            }
            return nil
        }
    }
}
