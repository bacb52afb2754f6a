import CLibXML2
import QuireCore

/// Reads arXiv's announcement feeds (`https://rss.arxiv.org/rss/cs.CL`, and the same as Atom at
/// `/atom/cs.CL`), as arXiv's RSS and Atom feed specifications describe them: one feed a day
/// with the day's new, cross-listed and replaced papers of the categories asked for.
///
///     <rss version="2.0" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
///       <channel>
///         <title>cs.CL updates on arXiv.org</title>
///         <pubDate>Mon, 22 Sep 2025 00:00:00 -0400</pubDate>
///         <item>
///           <title>…</title> <link>https://arxiv.org/abs/2509.15237</link>
///           <description>arXiv:2509.15237v1 Announce Type: new
///     Abstract: …</description>
///           <guid isPermaLink="false">oai:arXiv.org:2509.15237v1</guid>
///           <category>cs.CL</category>… <pubDate>…</pubDate>
///           <arxiv:announce_type>new</arxiv:announce_type>
///           <dc:creator>Ada Lovelace, Alan Turing (University of Manchester)</dc:creator>
///           <arxiv:DOI>…</arxiv:DOI> <arxiv:journal_reference>…</arxiv:journal_reference>
///         </item>…
///
/// The Atom form has `<entry>` elements with `<id>oai:arXiv.org:…</id>`, `<summary>` (the
/// description's text), `<category term="…"/>` and `<published>` (the announcement). The feed's
/// announcement day dates the file; `announce_type` says whether an item lists its paper
/// (`arxiv_announce`) or only updates it. Authors are split into people; a parenthesis after a
/// name is that author's affiliations.
struct ArxivListingParser {
    static let dublinCoreNamespace = "http://purl.org/dc/elements/1.1/"
    let walker: ArxivAtomParser.Walker

    /// Whether an Atom feed is an announcement feed rather than an API answer: its id is under
    /// `rss.arxiv.org`, or an entry has an `arxiv:announce_type`.
    static func isListing(feed root: xmlNodePtr, _ walker: ArxivAtomParser.Walker) -> Bool {
        for child in walker.children(of: root) {
            if walker.isElement(child, "id", ArxivAtomParser.atomNamespace) {
                let id = walker.text(of: child).trimmingSpaces.lowercased()
                if id.hasPrefix("http://rss.arxiv.org/") || id.hasPrefix("https://rss.arxiv.org/") { return true }
            } else if walker.isElement(child, "entry", ArxivAtomParser.atomNamespace),
                walker.children(of: child).contains(where: {
                    walker.isElement($0, "announce_type", ArxivAtomParser.arxivNamespace)
                })
            {
                return true
            }
        }
        return false
    }

    /// An `<rss>` document: its channel's items.
    func parseRSS(_ root: xmlNodePtr) -> ParsedSource {
        var result = ParsedSource()
        result.format = .arxivListing
        guard let channel = walker.children(of: root).first(where: { walker.localName(of: $0) == "channel" }) else {
            result.diagnostics.append(
                .warning(
                    walker.location(root),
                    "an RSS document without a <channel>; expected an arXiv announcement feed; skipped"))
            return result
        }
        var items: [Item] = []
        var description = ""
        for child in walker.children(of: channel) where walker.namespace(of: child) == nil {
            switch walker.localName(of: child) {
            case "title":
                let title = TextNormalizer.normalize(walker.text(of: child))
                result.title = title.isEmpty ? nil : title
            case "description": description = TextNormalizer.normalize(walker.text(of: child))
            case "pubDate":
                if let day = Timestamp.rfc822Day(walker.text(of: child)) {
                    result.ownDate = day
                    result.ownDateDescription = "the feed's announcement day (its pubDate)"
                }
            case "item": items.append(rssItem(child))
            default: break
            }
        }
        return finish(items, into: result, errorMessage: description)
    }

    /// An Atom `<feed>` that `isListing` recognised: its entries.
    func parseAtom(_ root: xmlNodePtr) -> ParsedSource {
        var result = ParsedSource()
        result.format = .arxivListing
        var items: [Item] = []
        var subtitle = "", updated: Day?
        for child in walker.children(of: root) where walker.namespace(of: child) == ArxivAtomParser.atomNamespace {
            switch walker.localName(of: child) {
            case "title":
                let title = TextNormalizer.normalize(walker.text(of: child))
                result.title = title.isEmpty ? nil : title
            case "subtitle": subtitle = TextNormalizer.normalize(walker.text(of: child))
            case "updated": updated = Timestamp.utcDay(walker.text(of: child))
            case "entry": items.append(atomEntry(child))
            default: break
            }
        }
        if let day = items.lazy.compactMap(\.day).first {
            result.ownDate = day
            result.ownDateDescription = "the feed's announcement day (its entries' published date)"
        } else if let updated {
            result.ownDate = updated
            result.ownDateDescription = "the feed's 'updated' time"
        }
        return finish(items, into: result, errorMessage: subtitle)
    }

    // MARK: - Items

    /// One item or entry as the feed gives it, before it is read as a paper.
    struct Item {
        var element: xmlNodePtr
        var titleNode: xmlNodePtr?
        /// `<description>` or `<summary>`: `arXiv:ID Announce Type: T Abstract: …`.
        var text = ""
        /// `<link>` (RSS) or the alternate `<link href>` (Atom).
        var link: String?
        /// `<guid>` or `<id>`: `oai:arXiv.org:2509.15237v1`.
        var identifier: String?
        var categories: [String] = []
        /// The announcement day (`pubDate`, `published`), in arXiv's own calendar.
        var day: Day?
        var dayNode: xmlNodePtr?
        var announceType: String?
        var announceNode: xmlNodePtr?
        var creators = ""
        var doi: String?
        var journalRef: String?
    }

    private func rssItem(_ element: xmlNodePtr) -> Item {
        var item = Item(element: element)
        for child in walker.children(of: element) {
            let name = walker.localName(of: child)
            switch walker.namespace(of: child) {
            case nil:
                switch name {
                case "title": item.titleNode = child
                case "link": item.link = walker.text(of: child).trimmingSpaces.description
                case "description": item.text = walker.text(of: child)
                case "guid": item.identifier = walker.text(of: child).trimmingSpaces.description
                case "category": addCategory(walker.text(of: child), to: &item)
                case "pubDate":
                    item.dayNode = child
                    item.day = Timestamp.rfc822Day(walker.text(of: child))
                default: break
                }
            default: readExtension(child, into: &item)
            }
        }
        return item
    }

    private func atomEntry(_ element: xmlNodePtr) -> Item {
        var item = Item(element: element)
        for child in walker.children(of: element) {
            let name = walker.localName(of: child)
            switch walker.namespace(of: child) {
            case ArxivAtomParser.atomNamespace?:
                switch name {
                case "title": item.titleNode = child
                case "id": item.identifier = walker.text(of: child).trimmingSpaces.description
                case "summary": item.text = walker.text(of: child)
                case "category": addCategory(walker.attribute(child, "term") ?? "", to: &item)
                case "link":
                    if walker.attribute(child, "rel") == "alternate" || walker.attribute(child, "rel") == nil {
                        item.link = walker.attribute(child, "href")
                    }
                case "published":
                    item.dayNode = child
                    // The announcement's own calendar day, as written before its zone.
                    item.day = Day(iso: walker.text(of: child).trimmingSpaces.prefix(10))
                default: break
                }
            default: readExtension(child, into: &item)
            }
        }
        return item
    }

    /// `arxiv:announce_type`, `arxiv:DOI`, `arxiv:journal_reference` and `dc:creator`.
    private func readExtension(_ child: xmlNodePtr, into item: inout Item) {
        let name = walker.localName(of: child)
        switch walker.namespace(of: child) {
        case ArxivAtomParser.arxivNamespace?:
            let text = TextNormalizer.normalize(walker.text(of: child))
            switch name.lowercased() {
            case "announce_type":
                item.announceType = text
                item.announceNode = child
            case "doi": if !text.isEmpty { item.doi = text }
            case "journal_reference", "journal_ref": if !text.isEmpty { item.journalRef = text }
            default: break
            }
        case Self.dublinCoreNamespace?:
            if name == "creator" {
                item.creators += (item.creators.isEmpty ? "" : ", ") + walker.text(of: child)
            }
        default: break
        }
    }

    private func addCategory(_ text: String, to item: inout Item) {
        let term = String(text.trimmingSpaces)
        if !term.isEmpty, !item.categories.contains(term) { item.categories.append(term) }
    }

    /// Every item read as a paper, or arXiv's error feed reported with its message.
    private func finish(_ items: [Item], into result: ParsedSource, errorMessage: String) -> ParsedSource {
        var result = result
        if items.isEmpty, let title = result.title, title.hasPrefix("Feed error for query") {
            let message = errorMessage.isEmpty ? title : errorMessage
            result.diagnostics.append(
                .warning(
                    SourceLocation(path: walker.path), "arXiv answered with an error feed: \(message); no paper here"))
            result.title = nil
            return result
        }
        for item in items {
            if let entry = entry(item, feedDay: result.ownDate, diagnostics: &result.diagnostics) {
                result.entries.append(entry)
            } else {
                result.skippedEntries += 1
            }
        }
        return result
    }

    /// One item as a paper: its arXiv id and version, title, abstract, authors, categories, and
    /// whether it lists the paper or updates it.
    private func entry(_ item: Item, feedDay: Day?, diagnostics: inout [Diagnostic]) -> SourceEntry? {
        guard let titleNode = item.titleNode, case let title = walker.text(of: titleNode),
            !title.trimmingSpaces.isEmpty
        else {
            diagnostics.append(.warning(walker.location(item.element), "item has no <title>; skipped"))
            return nil
        }
        var entry = SourceEntry(title: title, location: walker.location(titleNode))
        let described = Self.describe(item.text)
        entry.abstract = described.abstract
        var details = PaperDetails()
        // The description and the guid name the version; the link names the paper.
        for candidate in [described.identifier, item.identifier.map(Self.withoutOAIPrefix), item.link] {
            guard let candidate, let reference = ArxivIdentifier.parse(candidate) else { continue }
            if details.arxiv == nil {
                details.arxiv = reference
            } else if details.arxiv?.id == reference.id, details.arxiv?.version == nil {
                details.arxiv?.version = reference.version
            }
        }
        if details.arxiv == nil {
            diagnostics.append(
                .warning(
                    walker.location(item.element),
                    "no arXiv id in this item's description, guid or link; the paper is identified by its title"))
        }
        let announced = item.announceType ?? described.announceType
        if let announced, !announced.isEmpty {
            if let type = ArxivAnnounceType(rawValue: announced.lowercased()) {
                entry.announceType = type
            } else {
                let known = ArxivAnnounceType.allCases.map(\.rawValue).joined(separator: ", ")
                diagnostics.append(
                    .warning(
                        walker.location(item.announceNode ?? item.element),
                        "'\(announced)' is not an announce type arXiv uses (\(known)); the paper is listed as new"))
            }
        }
        if item.day == nil, let node = item.dayNode {
            diagnostics.append(
                .warning(
                    walker.location(node),
                    "'\(walker.text(of: node).trimmingSpaces)' is not a date such as Mon, 22 Sep 2025 00:00:00 -0400; ignored"
                ))
        }
        if entry.announceType == .replace || entry.announceType == .replaceCross || entry.announceType == .absonly {
            details.updated = item.day ?? feedDay
        }
        for person in Self.people(item.creators) {
            details.authors.append(person.name)
            if !person.affiliations.isEmpty { details.affiliations[person.name, default: []] += person.affiliations }
        }
        details.categories = item.categories
        details.doi = item.doi
        details.journalRef = item.journalRef
        if !details.authors.isEmpty { entry.byline = .authors(count: details.authors.count) }
        entry.details = details
        return entry
    }

    /// `oai:arXiv.org:2509.15237v1` → `2509.15237v1`.
    static func withoutOAIPrefix(_ identifier: String) -> String {
        let prefix = "oai:arxiv.org:"
        return identifier.lowercased().hasPrefix(prefix) ? String(identifier.dropFirst(prefix.count)) : identifier
    }

    /// The parts of a description: `arXiv:2509.15237v1 Announce Type: new \nAbstract: …`. A text
    /// in another shape is all abstract.
    static func describe(_ text: String) -> (identifier: String?, announceType: String?, abstract: String) {
        var rest = text.trimmingSpaces
        var identifier: String?, announceType: String?
        func word() -> Substring {
            let word = rest.prefix { !$0.isWhitespace }
            rest = rest.dropFirst(word.count).trimmingSpaces
            return word
        }
        if rest.hasPrefix("arXiv:") { identifier = String(word()) }
        if rest.hasPrefix("Announce Type:") {
            rest = rest.dropFirst("Announce Type:".count).trimmingSpaces
            announceType = String(word())
        }
        if rest.hasPrefix("Abstract:") { rest = rest.dropFirst("Abstract:".count).trimmingSpaces }
        return (identifier, announceType, String(rest))
    }

    /// The people of a `dc:creator` line: names separated by commas (or a last `and`), each
    /// perhaps followed by its affiliations in parentheses (`Ada Lovelace (Analytical Society,
    /// London)`); commas inside parentheses or brackets separate nothing, and a generational
    /// suffix (`Jr.`) stays with its name.
    static func people(_ line: String) -> [(name: String, affiliations: [String])] {
        var pieces: [String] = []
        var current = "", depth = 0
        for character in line {
            switch character {
            case "(", "[": depth += 1
            case ")", "]": depth = max(0, depth - 1)
            case "," where depth == 0:
                pieces.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        pieces.append(current)
        var names: [String] = []
        for piece in pieces {
            var name = TextNormalizer.normalize(piece)
            if name.hasPrefix("and ") { name.removeFirst(4) }
            guard !name.isEmpty else { continue }
            if ["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"].contains(name.lowercased()), let last = names.popLast() {
                names.append(last + ", " + name)
                continue
            }
            names += splitAtAnd(name)
        }
        return names.map { name in
            // `Name (Affiliation, Place)`: the parenthesis at the end, when it opens at depth 0.
            guard name.hasSuffix(")"), let open = topLevelOpening(name) else { return (name, []) }
            let person = TextNormalizer.normalize(String(name[..<open]))
            let affiliation = TextNormalizer.normalize(
                String(name[name.index(after: open)..<name.index(before: name.endIndex)]))
            guard !person.isEmpty else { return (name, []) }
            return (person, affiliation.isEmpty ? [] : [affiliation])
        }
    }

    /// `Ada Lovelace and Alan Turing` as two people when both sides have two words or more and
    /// the `and` is outside parentheses; one name otherwise (`Science and Technology Facilities`).
    private static func splitAtAnd(_ name: String) -> [String] {
        var depth = 0
        var index = name.startIndex
        while index < name.endIndex {
            let character = name[index]
            if character == "(" || character == "[" { depth += 1 }
            if character == ")" || character == "]" { depth = max(0, depth - 1) }
            if depth == 0, name[index...].hasPrefix(" and ") {
                let left = String(name[..<index]), right = String(name[name.index(index, offsetBy: 5)...])
                if left.contains(" "), right.contains(" ") { return [left] + splitAtAnd(right) }
            }
            index = name.index(after: index)
        }
        return [name]
    }

    /// Where the parenthesis closing at the end of `name` opens.
    private static func topLevelOpening(_ name: String) -> String.Index? {
        var depth = 0
        var index = name.index(before: name.endIndex)
        while true {
            switch name[index] {
            case ")": depth += 1
            case "(":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
            guard index > name.startIndex else { return nil }
            index = name.index(before: index)
        }
    }
}
