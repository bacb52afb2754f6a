import Foundation
import QuireCore

/// The values of a paper page that come from sources richer than a text digest, and the list of
/// every source the paper came from.
///
/// With an arXiv id: `arxiv.id`, `arxiv.abs`, `arxiv.pdf` (and `arxiv.version` when known), the
/// names citation metadata and BibTeX use. When known: `authors` (`[{name}]`) and `authorList`,
/// `categories` (`[{term, isPrimary}]`), `doi` (`{id, url}`), `journalRef`, `notesHTML`, `links`
/// (`[{label, url}]`, with `hasLinks`), `facts` (`[{label, value}]`, with `hasFacts`) for a
/// details list, and always `sources` (`[{title, kind, url}]`, the digests that listed the paper)
/// and `noteFiles` (`[{title}]`, the notes written about it, by file name). From Hugging Face and
/// arXiv, when known: `code` (`{url, label, stars?}`), `projectPage`, `aiSummaries` (`[{text,
/// writer, lang?, languageName?}]`, `lang` when not the site's language) and `aiSummary` (the
/// first one's text), `thumbnail`, `media` (`[{url, label}]`) and authors' `affiliation` (with
/// `hasAffiliations`);
/// without an arXiv id, `searchLinks` (`[{label, url}]`): an arXiv and a Hugging Face title search.
extension PageContexts {
    /// Adds the source-derived values of `paper` (paper `index`) to its page's `values`;
    /// `listed` are the digests that listed it, once each.
    func addSourceValues(_ paper: SiteModel.Paper, _ index: Int, listed: [Int], to values: inout Fields) {
        values["sources"] = .list(listed.map { digestSources[$0] })
        values["noteFiles"] = .list(noteFiles(of: paper))
        values["hasLinks"] = false
        values["hasFacts"] = false
        values["hasAffiliations"] = false
        if let notes = notes.html[index] { values["notesHTML"] = .string(notes) }
        if paper.record.arxiv == nil {
            // No arXiv id: two searches that find the paper by its title, labelled as searches.
            values["searchLinks"] = .list(Self.searchLinks(title: paper.title))
        }
        guard let details = paper.record.details else { return }
        var links: [TemplateValue] = []
        if let repo = details.githubRepo {
            var code: Fields = ["url": .string(repo), "label": .string(Self.repositoryName(repo))]
            if let stars = details.githubStars { code["stars"] = .int(stars) }
            values["code"] = .object(code)
        }
        if let project = details.projectPage { values["projectPage"] = .string(project) }
        if !details.machineSummaries.isEmpty {
            let summaries = Self.siteLanguageFirst(details.machineSummaries, siteLanguage: model.config.language)
            values["aiSummaries"] = .list(
                summaries.map { Self.machineSummary($0, siteLanguage: model.config.language) })
            values["aiSummary"] = .string(summaries[0].text)
        }
        if let thumbnail = details.thumbnail { values["thumbnail"] = .string(thumbnail) }
        if !details.mediaURLs.isEmpty {
            values["media"] = .list(
                details.mediaURLs.enumerated().map { index, url in
                    ["url": .string(url), "label": .string(Self.mediaLabel(url, number: index + 1))]
                })
        }
        if let arxiv = details.arxiv {
            var reference: Fields = [
                "id": .string(arxiv.id), "abs": .string(arxiv.absURL), "pdf": .string(arxiv.pdfURL),
            ]
            if let version = arxiv.version { reference["version"] = .int(version) }
            values["arxiv"] = .object(reference)
            links.append(["label": .string("arXiv:\(arxiv.id)"), "url": .string(arxiv.absURL)])
            links.append(["label": "PDF", "url": .string(arxiv.pdfURL)])
        }
        if let doi = details.doi {
            let url = "https://doi.org/" + doi
            values["doi"] = ["id": .string(doi), "url": .string(url)]
            links.append(["label": .string("DOI \(doi)"), "url": .string(url)])
        }
        if let link = details.link, link != details.arxiv?.absURL {
            links.append(["label": "Link", "url": .string(link)])
        }
        if let arxiv = details.arxiv,
            paper.record.appearances.contains(where: { model.digests[$0.digest].format == .hfJSON })
        {
            let comments = details.commentCount.map { $0 == 1 ? " (1 comment)" : " (\($0) comments)" } ?? ""
            links.append([
                "label": .string("Hugging Face" + comments),
                "url": .string("https://huggingface.co/papers/\(arxiv.id)"),
            ])
        }
        if !links.isEmpty {
            values["links"] = .list(links)
            values["hasLinks"] = true
        }
        if !details.authors.isEmpty {
            values["authors"] = .list(
                authorValues(details.authors, paper: index).enumerated().map { position, value in
                    guard case .object(var author) = value else { return value }
                    if let affiliations = details.affiliations[details.authors[position]] {
                        author["affiliation"] = .string(affiliations.joined(separator: "; "))
                    }
                    return .object(author)
                })
            values["authorList"] = .string(details.authors.joined(separator: ", "))
            values["hasAffiliations"] = .bool(!details.affiliations.isEmpty)
        }
        if !details.categories.isEmpty {
            values["categories"] = .list(
                details.categories.map { ["term": .string($0), "isPrimary": .bool($0 == details.primaryCategory)] })
        }
        if let journalRef = details.journalRef { values["journalRef"] = .string(journalRef) }
        var facts: [TemplateValue] = []
        func fact(_ label: String, _ value: String?) {
            if let value, !value.isEmpty { facts.append(["label": .string(label), "value": .string(value)]) }
        }
        fact(
            "arXiv categories",
            details.categories.isEmpty
                ? nil
                : details.categories.map { $0 == details.primaryCategory ? "\($0) (primary)" : $0 }.joined(
                    separator: ", "))
        fact("Journal reference", details.journalRef)
        fact("Authors’ comment", details.arxivComment)
        fact(
            "Latest version",
            details.updated.map { Self.display($0) + (details.arxiv?.version.map { " (v\($0))" } ?? "") })
        fact("Keywords", details.keywords.isEmpty ? nil : details.keywords.joined(separator: ", "))
        fact("Tags", details.tags.isEmpty ? nil : details.tags.joined(separator: ", "))
        fact("Submitted by", details.submittedBy)
        if !facts.isEmpty {
            values["facts"] = .list(facts)
            values["hasFacts"] = true
        }
    }

    /// The summaries in the site's language (or of no known language) first, each group in the
    /// order the sources were read.
    static func siteLanguageFirst(_ summaries: [MachineSummary], siteLanguage: String) -> [MachineSummary] {
        let foreign = summaries.map { isForeign($0, siteLanguage: siteLanguage) }
        return summaries.indices.filter { !foreign[$0] }.map { summaries[$0] }
            + summaries.indices.filter { foreign[$0] }.map { summaries[$0] }
    }

    /// Whether a summary is in a language other than the site's (`zh` on an `en` site; `en-GB`
    /// is English).
    static func isForeign(_ summary: MachineSummary, siteLanguage: String) -> Bool {
        func primary(_ tag: String) -> String { tag.split(separator: "-").first?.lowercased() ?? "" }
        return summary.language.map { primary($0) != primary(siteLanguage) } ?? false
    }

    /// A machine-written summary for the page: its text and writer, and, when it is not in the
    /// site's language, its language tag (for `lang`) and name (`Chinese`).
    static func machineSummary(_ summary: MachineSummary, siteLanguage: String) -> TemplateValue {
        var fields: Fields = ["text": .string(summary.text), "writer": .string(summary.writer)]
        if let language = summary.language, isForeign(summary, siteLanguage: siteLanguage) {
            fields["lang"] = .string(language)
            let name = Locale(identifier: "en").localizedString(forLanguageCode: language) ?? language
            fields["languageName"] = .string(name)
        }
        return .object(fields)
    }

    /// An arXiv title search and a Hugging Face papers search for `title`.
    static func searchLinks(title: String) -> [TemplateValue] {
        let query = PercentEncoding.queryValue(title)
        return [
            [
                "label": "Search arXiv for this title",
                "url": .string("https://arxiv.org/search/?searchtype=title&query=\(query)"),
            ],
            ["label": "Search Hugging Face papers", "url": .string("https://huggingface.co/papers?q=\(query)")],
        ]
    }

    /// `owner/name` for a GitHub URL, else the URL's host and path.
    static func repositoryName(_ url: String) -> String {
        var rest = Substring(url)
        for prefix in ["https://", "http://"] where rest.lowercased().hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
        }
        for prefix in ["www.github.com/", "github.com/"] where rest.lowercased().hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
        }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        if rest.hasSuffix(".git") { rest = rest.dropLast(4) }
        return String(rest)
    }

    /// `Video 1`, `Image 2` or `Media 3`, by the file's extension.
    static func mediaLabel(_ url: String, number: Int) -> String {
        let path = url.split(separator: "?").first.map { $0.lowercased() } ?? ""
        if [".mp4", ".webm", ".mov", ".m4v"].contains(where: path.hasSuffix) { return "Video \(number)" }
        if [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"].contains(where: path.hasSuffix) {
            return "Image \(number)"
        }
        return "Media \(number)"
    }

    /// The file name of every note on the paper, in reading order. Apart from the digests so that
    /// the theme's list needs no section per item to tell a link from plain text.
    func noteFiles(of paper: SiteModel.Paper) -> [TemplateValue] {
        (paper.record.details?.notes ?? []).map { note in
            ["title": .string(note.location.path.split(separator: "/").last.map(String.init) ?? note.location.path)]
        }
    }
}
