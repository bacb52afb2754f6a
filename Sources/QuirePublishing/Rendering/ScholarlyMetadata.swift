import QuireCore

/// What reference managers and search engines read on a paper's page besides the Highwire
/// `citation_*` tags the template writes: schema.org `ScholarlyArticle` JSON-LD and a BibTeX
/// entry for readers to copy. The JSON-LD carries no description or abstract: the page's
/// `description` meta tag and its body have them, and every copy weighs on every page.
struct ScholarlyMetadata {
    let paper: SiteModel.Paper
    /// The paper page's absolute URL.
    let url: String
    let siteTitle: String
    let topics: [String]
    /// The related papers' absolute URLs, best first.
    var related: [String] = []

    /// The JSON-LD object, safe to place as-is inside `<script type="application/ld+json">`:
    /// `<`, `>` and `&` are escaped, so no title can close the element.
    func jsonLD() -> String {
        var json: [UInt8] = []
        json.reserveCapacity(1024)
        var first = true
        func key(_ name: String) {
            json.append(first ? 0x7B : 0x2C)
            first = false
            JSONText.appendString(name, to: &json)
            json.append(0x3A)
        }
        func field(_ name: String, _ value: String) {
            key(name)
            JSONText.appendString(value, to: &json)
        }
        field("@context", "https://schema.org")
        field("@type", "ScholarlyArticle")
        field("headline", paper.title)
        let details = paper.record.details
        if let authors = details?.authors, !authors.isEmpty {
            key("author")
            json.append(0x5B)
            for (position, name) in authors.enumerated() {
                if position > 0 { json.append(0x2C) }
                json += Array(#"{"@type":"Person","name":"#.utf8)
                JSONText.appendString(name, to: &json)
                json.append(0x7D)
            }
            json.append(0x5D)
        }
        field("url", url)
        if let date = paper.date { field("datePublished", date.description) }
        if !topics.isEmpty {
            key("keywords")
            json.append(0x5B)
            for (position, topic) in topics.enumerated() {
                if position > 0 { json.append(0x2C) }
                JSONText.appendString(topic, to: &json)
            }
            json.append(0x5D)
        }
        if case .organization(_, let name)? = paper.record.byline {
            key("sourceOrganization")
            json += Array(#"{"@type":"Organization","name":"#.utf8)
            JSONText.appendString(name, to: &json)
            json.append(0x7D)
        }
        // The paper's own identifiers, so a reader or crawler can tell this page is about arXiv's paper.
        let identifiers = Self.identifiers(details)
        if !identifiers.isEmpty {
            key("identifier")
            json.append(0x5B)
            for (position, identifier) in identifiers.enumerated() {
                if position > 0 { json.append(0x2C) }
                json += Array(#"{"@type":"PropertyValue","propertyID":"#.utf8)
                JSONText.appendString(identifier.scheme, to: &json)
                json += Array(#","value":"#.utf8)
                JSONText.appendString(identifier.value, to: &json)
                json.append(0x7D)
            }
            json.append(0x5D)
            key("sameAs")
            json.append(0x5B)
            for (position, identifier) in identifiers.enumerated() {
                if position > 0 { json.append(0x2C) }
                JSONText.appendString(identifier.url, to: &json)
            }
            json.append(0x5D)
        }
        // The page names its related papers as schema.org's `relatedLink`, a property of the web page.
        if !related.isEmpty {
            key("mainEntityOfPage")
            json += Array(#"{"@type":"WebPage","@id":"#.utf8)
            JSONText.appendString(url, to: &json)
            json += Array(#","relatedLink":["#.utf8)
            for (position, link) in related.enumerated() {
                if position > 0 { json.append(0x2C) }
                JSONText.appendString(link, to: &json)
            }
            json += Array("]}".utf8)
        }
        key("isPartOf")
        json += Array(#"{"@type":"WebSite","name":"#.utf8)
        JSONText.appendString(siteTitle, to: &json)
        json.append(0x7D)
        json.append(0x7D)
        return String(decoding: json, as: UTF8.self)
    }

    /// The arXiv id and DOI a paper's sources know, with the address each resolves to.
    static func identifiers(_ details: PaperDetails?) -> [(scheme: String, value: String, url: String)] {
        var identifiers: [(scheme: String, value: String, url: String)] = []
        if let arxiv = details?.arxiv { identifiers.append(("arXiv", arxiv.id, arxiv.absURL)) }
        if let doi = details?.doi { identifiers.append(("DOI", doi, "https://doi.org/" + doi)) }
        return identifiers
    }

    /// A `@misc` entry keyed as reference managers do (`chen2025sparse`, unique on the site); with
    /// an arXiv id, the `eprint`, `archivePrefix` and `primaryClass` fields arXiv's own entries use.
    func bibTeX() -> String {
        var entry = "@misc{\(paper.citationKey),\n"
        entry.reserveCapacity(512)
        func line(_ text: String) {
            entry += text
            entry += "\n"
        }
        line("  title = {{\(Self.bibTeXEscaped(paper.title))}},")
        let details = paper.record.details
        if let authors = details?.authors, !authors.isEmpty {
            line("  author = {\(authors.map(Self.bibTeXName).joined(separator: " and "))},")
        }
        if let date = paper.date {
            line("  year = {\(date.yearString)},")
            line("  month = \(MonthNames.short[date.month - 1].lowercased()),")
        }
        if case .organization(_, let name)? = paper.record.byline {
            line("  organization = {\(Self.bibTeXEscaped(name))},")
        }
        if let arxiv = details?.arxiv {
            line("  eprint = {\(Self.bibTeXEscaped(arxiv.id))},")
            line("  archivePrefix = {arXiv},")
            if let primary = details?.primaryCategory {
                line("  primaryClass = {\(Self.bibTeXEscaped(primary))},")
            }
        }
        if let doi = details?.doi { line("  doi = {\(Self.bibTeXEscaped(doi, inURL: true))},") }
        line("  howpublished = {\\url{\(Self.bibTeXEscaped(url, inURL: true))}},")
        line("  note = {Listed in \(Self.bibTeXEscaped(siteTitle))}")
        entry += "}"
        return entry
    }

    /// One author for BibTeX's `and`-separated list: escaped, and braced when the name itself
    /// holds a separate word "and" (an organisation), so BibTeX does not split it.
    static func bibTeXName(_ name: String) -> String {
        let escaped = bibTeXEscaped(name)
        let words = name.split(separator: " ")
        return words.contains { $0.lowercased() == "and" } ? "{\(escaped)}" : escaped
    }

    /// `text` with BibTeX's special characters escaped, so nothing is read as a command and no
    /// brace of the text counts as one. BibTeX matches braces with no regard for backslashes
    /// (`\}` still closes a field), so a brace becomes `\textbraceleft{}`/`\textbraceright{}`,
    /// and in a `\url{}` a brace or backslash is percent-encoded; there `%` and `#` take a
    /// backslash.
    static func bibTeXEscaped(_ text: String, inURL: Bool = false) -> String {
        // Most titles need nothing: return them as they are, without building a copy.
        var text = text
        let clean = text.withUTF8 { bytes in
            for byte in bytes where bibTeXSpecial(byte, inURL: inURL) { return false }
            return true
        }
        guard !clean else { return text }
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            guard bibTeXSpecial(byte, inURL: inURL) else {
                result.append(byte)
                continue
            }
            switch byte {
            case 0x7B: result += inURL ? Array("%7B".utf8) : Array(#"\textbraceleft{}"#.utf8)
            case 0x7D: result += inURL ? Array("%7D".utf8) : Array(#"\textbraceright{}"#.utf8)
            case 0x5C: result += inURL ? Array("%5C".utf8) : Array(#"\textbackslash{}"#.utf8)
            case 0x5E: result += Array(#"\textasciicircum{}"#.utf8)
            case 0x7E: result += Array(#"\textasciitilde{}"#.utf8)
            default: result += [0x5C, byte]  // \% \# \& \$ \_
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// `{ } % # \`, and outside a URL also `& $ _ ^ ~`.
    @inline(__always) private static func bibTeXSpecial(_ byte: UInt8, inURL: Bool) -> Bool {
        switch byte {
        case 0x7B, 0x7D, 0x25, 0x23, 0x5C: return true
        case 0x26, 0x24, 0x5F, 0x5E, 0x7E: return !inURL
        default: return false
        }
    }

    /// The date as Highwire's `citation_publication_date` has it: `2023/06/06`.
    static func citationDate(_ day: Day) -> String {
        "\(day.yearString)/\(day.monthString)/\(day.dayString)"
    }
}
