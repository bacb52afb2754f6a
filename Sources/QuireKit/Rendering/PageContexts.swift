/// Builds the values templates see. Templates get plain dictionaries of strings, numbers and
/// lists (view values), never model types, so a theme depends only on these names.
struct PageContexts {
    let model: SiteModel
    let siteURL: SiteURL
    let markdown = MarkdownRenderer()
    let site: [String: Any]
    private let topicLinks: [[String: Any]]
    private let digestTitles: [String]

    init(model: SiteModel, siteURL: SiteURL) {
        self.model = model
        self.siteURL = siteURL
        let config = model.config
        site = [
            "title": config.title,
            "description": config.description,
            "language": config.language,
            "author": config.author,
            "root": siteURL.basePath,
            "url": siteURL.description,
            "paperCount": model.papers.count,
            "topicCount": model.topics.count,
            "digestCount": model.digests.count,
        ]
        topicLinks = model.topics.map { topic in
            ["title": topic.rule.title, "slug": topic.rule.slug, "url": siteURL.rooted(SitePaths.topic(topic.rule.slug))]
        }
        digestTitles = model.digests.map(Self.digestTitle)
    }

    // MARK: - Shared pieces

    /// The values every page has: the site, the page's canonical URL and title.
    func page(path: String, title: String?, description: String? = nil, extra: [String: Any] = [:]) -> [String: Any] {
        var page: [String: Any] = [
            "canonical": siteURL.absolute(path == SitePaths.notFound ? "" : path),
            "path": path,
            "fullTitle": title.map { "\($0) · \(model.config.title)" } ?? model.config.title,
            "description": description ?? model.config.description,
        ]
        if let title { page["title"] = title }
        var context = extra
        context["site"] = site
        context["page"] = page
        return context
    }

    func paperURL(_ index: Int) -> String { siteURL.rooted(SitePaths.paper(model.papers[index].slug)) }

    /// A paper as a card in a list.
    func card(_ index: Int, topic: Int? = nil) -> [String: Any] {
        let paper = model.papers[index]
        var card: [String: Any] = [
            "title": paper.title,
            "url": paperURL(index),
            "excerpt": TextExcerpt.firstSentences(of: paper.record.abstract),
            "topics": paper.topics.map { topicLinks[$0.topic] },
        ]
        if let date = paper.date { card["date"] = Self.date(date) }
        if let byline = paper.record.byline { card["byline"] = byline.displayText }
        if let upvotes = paper.record.upvotes { card["upvotes"] = upvotes }
        if let topic, let matched = paper.topics.first(where: { $0.topic == topic }), !matched.keywords.isEmpty {
            card["matched"] = matched.keywords.joined(separator: ", ")
        }
        return card
    }

    /// A paper as one line in a compact list (month pages).
    func line(_ index: Int) -> [String: Any] {
        ["title": model.papers[index].title, "url": paperURL(index)]
    }

    static func date(_ day: Day) -> [String: Any] {
        ["iso": day.description, "display": "\(MonthNames.short[day.month - 1]) \(day.day), \(day.year)"]
    }

    static func digestTitle(_ digest: Digest) -> String {
        if let date = digest.date {
            return "Daily Papers, \(MonthNames.short[date.month - 1]) \(date.day), \(date.year)"
        }
        if let header = digest.headerDate { return "Daily Papers, \(header) (year unknown)" }
        return "Digest \(digest.fileName)"
    }

    /// Links to pages of a paginated list around `current`.
    func pagination(base: String, current: Int, total: Int) -> [String: Any]? {
        guard total > 1 else { return nil }
        let window = Set([1, total] + Array(max(1, current - 2)...min(total, current + 2)))
        var pages: [[String: Any]] = []
        var previous = 0
        for number in window.sorted() {
            if number > previous + 1 { pages.append(["gap": true]) }
            var page: [String: Any] = ["number": number, "url": siteURL.rooted(SitePaths.page(number, of: base))]
            if number == current { page["current"] = true }
            pages.append(page)
            previous = number
        }
        var result: [String: Any] = ["current": current, "total": total, "pages": pages]
        if current > 1 { result["previous"] = siteURL.rooted(SitePaths.page(current - 1, of: base)) }
        if current < total { result["next"] = siteURL.rooted(SitePaths.page(current + 1, of: base)) }
        return result
    }

    // MARK: - Pages

    func home() -> [String: Any] {
        let limit = model.config.pageSize == 0 ? 30 : model.config.pageSize
        return page(path: SitePaths.home, title: nil, extra: [
            "newest": model.newest.prefix(limit).map { card($0) },
            "topics": topicList(),
            "digests": digestList(),
        ])
    }

    func paper(_ index: Int) -> [String: Any] {
        let paper = model.papers[index]
        var values: [String: Any] = [
            "title": paper.title,
            "abstractHTML": markdown.html(plainText: paper.record.abstract),
            "topics": paper.topics.map { topicLinks[$0.topic] },
            "digests": Self.unique(paper.record.appearances.map(\.digest)).map { digest in
                ["title": digestTitles[digest], "url": siteURL.rooted(SitePaths.digest(model.digests[digest].slug))]
            },
        ]
        if let date = paper.date {
            var dateValues = Self.date(date)
            dateValues["url"] = siteURL.rooted(SitePaths.day(date))
            values["date"] = dateValues
        }
        if let byline = paper.record.byline { values["byline"] = byline.displayText }
        if let upvotes = paper.record.upvotes { values["upvotes"] = upvotes }
        return page(path: SitePaths.paper(paper.slug), title: paper.title,
                    description: TextExcerpt.firstSentences(of: paper.record.abstract, limit: 160), extra: ["paper": values])
    }

    func topicList() -> [[String: Any]] {
        model.topics.enumerated().map { index, topic in
            var link = topicLinks[index]
            link["count"] = topic.papers.count
            if let description = topic.rule.description { link["description"] = description }
            return link
        }
    }

    func digestList() -> [[String: Any]] {
        model.digests.enumerated().map { index, digest in
            ["title": digestTitles[index], "url": siteURL.rooted(SitePaths.digest(digest.slug)), "count": digest.papers.count]
        }
    }

    func topics() -> [String: Any] {
        page(path: SitePaths.topics, title: "Topics", extra: ["topics": topicList()])
    }

    func topic(_ index: Int, page number: Int, of total: Int, papers: ArraySlice<Int>) -> [String: Any] {
        let topic = model.topics[index]
        let base = SitePaths.topic(topic.rule.slug)
        var values: [String: Any] = [
            "title": topic.rule.title,
            "count": topic.papers.count,
            "papers": papers.map { card($0, topic: index) },
            "feedRSS": siteURL.rooted(base + "feed.xml"),
            "feedAtom": siteURL.rooted(base + "atom.xml"),
        ]
        if let description = topic.rule.description { values["description"] = description }
        if !topic.rule.keywords.isEmpty { values["keywords"] = topic.rule.keywords.joined(separator: ", ") }
        if let pagination = pagination(base: base, current: number, total: total) { values["pagination"] = pagination }
        let title = number > 1 ? "\(topic.rule.title), page \(number)" : topic.rule.title
        return page(path: SitePaths.page(number, of: base), title: title, description: topic.rule.description, extra: ["topic": values])
    }

    func dates() -> [String: Any] {
        let years: [[String: Any]] = model.years.map { year in
            [
                "year": year.year, "url": siteURL.rooted(SitePaths.year(year.year)), "count": year.paperCount,
                "months": year.months.map { month in
                    ["name": MonthNames.short[month.month - 1], "url": siteURL.rooted(SitePaths.month(year: month.year, month: month.month)),
                     "count": month.paperCount] as [String: Any]
                },
            ]
        }
        return page(path: SitePaths.dates, title: "Papers by date", extra: [
            "years": years, "undatedCount": model.undated.count, "undatedURL": siteURL.rooted(SitePaths.undated),
        ])
    }

    func year(_ year: SiteModel.YearGroup) -> [String: Any] {
        let months: [[String: Any]] = year.months.map { month in
            [
                "name": MonthNames.long[month.month - 1], "count": month.paperCount,
                "url": siteURL.rooted(SitePaths.month(year: month.year, month: month.month)),
                "days": month.days.map { day in
                    ["day": day.day.day, "url": siteURL.rooted(SitePaths.day(day.day)), "count": day.papers.count] as [String: Any]
                },
            ]
        }
        return page(path: SitePaths.year(year.year), title: "Papers of \(year.year)", extra: [
            "year": year.year, "count": year.paperCount, "months": months, "datesURL": siteURL.rooted(SitePaths.dates),
        ])
    }

    func month(_ month: SiteModel.MonthGroup) -> [String: Any] {
        let days: [[String: Any]] = month.days.map { day in
            [
                "date": Self.date(day.day), "url": siteURL.rooted(SitePaths.day(day.day)), "count": day.papers.count,
                "papers": day.papers.map(line),
            ]
        }
        let name = "\(MonthNames.long[month.month - 1]) \(month.year)"
        return page(path: SitePaths.month(year: month.year, month: month.month), title: "Papers of \(name)", extra: [
            "name": name, "count": month.paperCount, "days": days,
            "yearURL": siteURL.rooted(SitePaths.year(month.year)), "year": month.year,
        ])
    }

    func day(_ day: SiteModel.DayGroup) -> [String: Any] {
        let display = Self.date(day.day)["display"] as! String
        return page(path: SitePaths.day(day.day), title: "Papers of \(display)", extra: [
            "date": Self.date(day.day), "count": day.papers.count, "papers": day.papers.map { card($0) },
            "monthURL": siteURL.rooted(SitePaths.month(year: day.day.year, month: day.day.month)),
            "monthName": "\(MonthNames.long[day.day.month - 1]) \(day.day.year)",
        ])
    }

    func undated(page number: Int, of total: Int, papers: ArraySlice<Int>) -> [String: Any] {
        var extra: [String: Any] = ["count": model.undated.count, "papers": papers.map { card($0) }]
        if let pagination = pagination(base: SitePaths.undated, current: number, total: total) { extra["pagination"] = pagination }
        return page(path: SitePaths.page(number, of: SitePaths.undated), title: number > 1 ? "Undated papers, page \(number)" : "Undated papers", extra: extra)
    }

    func digests() -> [String: Any] {
        page(path: SitePaths.digests, title: "Digests", extra: ["digests": digestList()])
    }

    func digest(_ index: Int) -> [String: Any] {
        let digest = model.digests[index]
        var values: [String: Any] = [
            "title": digestTitles[index], "fileName": digest.fileName, "count": digest.papers.count,
            "papers": digest.papers.map { card($0) },
        ]
        switch digest.dateSource {
        case .config: values["dateNote"] = "Date set in the site configuration."
        case .fileName: values["dateNote"] = "Date taken from the file name."
        case .inferred(let reason): values["dateNote"] = "Year inferred: \(reason)."
        case .unknown: values["dateNote"] = "The year of this digest is unknown."
        }
        return page(path: SitePaths.digest(digest.slug), title: digestTitles[index], extra: ["digest": values])
    }

    func notFound() -> [String: Any] {
        page(path: SitePaths.notFound, title: "Page not found")
    }

    static func unique(_ values: [Int]) -> [Int] {
        var seen = Set<Int>()
        return values.filter { seen.insert($0).inserted }
    }
}
