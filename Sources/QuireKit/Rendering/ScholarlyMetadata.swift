/// What reference managers and search engines read on a paper's page besides the Highwire
/// `citation_*` tags the template writes: schema.org `ScholarlyArticle` JSON-LD and a BibTeX
/// entry for readers to copy.
struct ScholarlyMetadata {
    let paper: SiteModel.Paper
    /// The paper page's absolute URL.
    let url: String
    let siteTitle: String
    let topics: [String]

    /// The JSON-LD object, safe to place as-is inside `<script type="application/ld+json">`:
    /// `<`, `>` and `&` are escaped, so no title can close the element.
    func jsonLD() -> String {
        var json: [UInt8] = []
        json.reserveCapacity(paper.record.abstract.utf8.count + 512)
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
        field("name", paper.title)
        field("abstract", paper.record.abstract)
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
        key("isPartOf")
        json += Array(#"{"@type":"WebSite","name":"#.utf8)
        JSONText.appendString(siteTitle, to: &json)
        json.append(0x7D)
        json.append(0x7D)
        return String(decoding: json, as: UTF8.self)
    }

    /// A `@misc` entry keyed by the paper's slug, which is unique on the site and stays put.
    func bibTeX() -> String {
        var lines = ["@misc{\(paper.slug),", "  title = {{\(Self.bibTeXEscaped(paper.title))}},"]
        if let date = paper.date {
            lines.append("  year = {\(date.yearString)},")
            lines.append("  month = \(MonthNames.short[date.month - 1].lowercased()),")
        }
        if case .organization(_, let name)? = paper.record.byline {
            lines.append("  organization = {\(Self.bibTeXEscaped(name))},")
        }
        lines.append("  howpublished = {\\url{\(Self.bibTeXEscaped(url, inURL: true))}},")
        lines.append("  note = {Listed in \(Self.bibTeXEscaped(siteTitle))}")
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    /// `text` with BibTeX's special characters escaped, so braces stay balanced and nothing is
    /// read as a command. In a `\url{}` only `%`, `#`, `{`, `}` and `\` need it.
    static func bibTeXEscaped(_ text: String, inURL: Bool = false) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for character in text.unicodeScalars {
            switch character {
            case "{", "}", "%", "#": result += "\\" + String(character)
            case "\\": result += inURL ? "\\\\" : "\\textbackslash{}"
            case "&", "$", "_", "^", "~":
                if inURL {
                    result.unicodeScalars.append(character)
                } else {
                    result += character == "^" ? "\\textasciicircum{}" : character == "~" ? "\\textasciitilde{}" : "\\" + String(character)
                }
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// The date as Highwire's `citation_publication_date` has it: `2023/06/06`.
    static func citationDate(_ day: Day) -> String {
        "\(day.yearString)/\(day.monthString)/\(day.dayString)"
    }
}
