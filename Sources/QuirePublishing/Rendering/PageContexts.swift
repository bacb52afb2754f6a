import QuireCore

/// Builds the values templates see. Templates get plain values (text, numbers, lists and
/// objects), never model types, so a theme depends only on these names.
struct PageContexts {
    typealias Fields = TemplateFields

    let model: SiteModel
    let siteURL: SiteURL
    let markdown = MarkdownRenderer()
    let notes: RenderedNotes
    let related: RelatedPapers
    let site: TemplateValue
    private let topicLinks: [TemplateValue]
    private let digestTitles: [String]
    /// Each digest as a link, and as a source of a paper (with its kind), and each listing day
    /// with its page's URL, made once.
    private let digestLinks: [TemplateValue]
    let digestSources: [TemplateValue]
    private let dayValues: [Day: TemplateValue]
    /// What a paper's card shows that costs most to make (its title as HTML, its abstract's
    /// first sentences), made once. The cards themselves are made as each page needs them:
    /// held for the whole build, the cards of 100,000 papers took 90 MB.
    private let titlesHTML: [String]
    private let excerpts: [String]
    /// One value per day a card shows, shared by every card that shows it.
    private let cardDates: [Day: TemplateValue]
    /// Each author page's URL, made once.
    private let authorURLs: [TemplateValue]
    /// Names shown on a card; the paper's page shows them all.
    static let cardAuthorLimit = 10
    /// Each digest's place in `digestsNewestFirst`, for ordering a paper's sources.
    private let digestRanks: [Int]

    init(model: SiteModel, siteURL: SiteURL, notes: RenderedNotes, related: RelatedPapers? = nil) {
        self.model = model
        self.siteURL = siteURL
        self.notes = notes
        self.related = related ?? RelatedPapers(model: model, limit: model.config.relatedCount)
        let config = model.config
        var site: Fields = [
            "title": .string(config.title),
            "description": .string(config.description),
            "language": .string(config.language),
            "root": .string(siteURL.basePath),
            "url": .string(siteURL.description),
            "paperCount": .int(model.papers.count),
            "paperCountText": Self.counted(model.papers.count, "paper"),
            "topicCount": .int(model.topics.count),
            "digestCount": .int(model.digests.count),
            "hasAuthors": .bool(!model.authors.pages.isEmpty),
        ]
        // The ordinary pages, in navigation order.
        site["nav"] = .list(
            model.pages.map {
                ["title": .string($0.title), "url": .string(siteURL.rooted(SitePaths.sitePage($0.slug)))]
            })
        // Left out when empty, so `{{#site.author}}` sections stay closed.
        if !config.author.isEmpty { site["author"] = .string(config.author) }
        self.site = .object(site)
        topicLinks = model.topics.map { topic in
            [
                "title": .string(topic.rule.title), "slug": .string(topic.rule.slug),
                "url": .string(siteURL.rooted(SitePaths.topic(topic.rule.slug))),
            ]
        }
        let digestTitles = DigestTitles.make(model.digests)
        self.digestTitles = digestTitles
        digestLinks = model.digests.indices.map { index in
            [
                "title": .string(digestTitles[index]),
                "url": .string(siteURL.rooted(SitePaths.digest(model.digests[index].slug))),
            ]
        }
        digestSources = model.digests.indices.map { index in
            [
                "title": .string(digestTitles[index]), "kind": .string(model.digests[index].format.displayName),
                "url": .string(siteURL.rooted(SitePaths.digest(model.digests[index].slug))),
            ]
        }
        var dayValues: [Day: TemplateValue] = [:]
        for year in model.years {
            for month in year.months {
                for group in month.days {
                    dayValues[group.day] = [
                        "iso": .string(group.day.description), "display": .string(Self.display(group.day)),
                        "url": .string(siteURL.rooted(SitePaths.day(group.day))),
                    ]
                }
            }
        }
        self.dayValues = dayValues
        let authorURLs = model.authors.pages.map { TemplateValue.string(siteURL.rooted(SitePaths.author($0.slug))) }
        self.authorURLs = authorURLs
        var digestRanks = Array(repeating: 0, count: model.digests.count)
        for (rank, digest) in model.digestsNewestFirst.enumerated() { digestRanks[digest] = rank }
        self.digestRanks = digestRanks
        // One value per day, shared by every card that shows it (two a card, a million cards).
        var dates: [Day: TemplateValue] = [:]
        for paper in model.papers {
            for day in [paper.date, paper.listingDate] {
                if let day, dates[day] == nil { dates[day] = Self.date(day) }
            }
        }
        cardDates = dates
        let cardTexts = model.papers.parallelMap { paper in
            let titleHTML = MathText.html(paper.record.title)
            // The plain title's storage when they are equal, as most are: one copy, not two.
            return (
                titleHTML: titleHTML == paper.title ? paper.title : titleHTML,
                excerpt: TextExcerpt.firstSentences(of: paper.plainAbstract)
            )
        }
        titlesHTML = cardTexts.map(\.titleHTML)
        excerpts = cardTexts.map(\.excerpt)
    }

    /// Paper `index`'s author names (all or its first few), each with its page's URL (or false)
    /// and the separator after it.
    func authorValues(_ names: [String], paper index: Int) -> [TemplateValue] {
        names.enumerated().map { position, name in
            [
                "name": .string(name),
                "url": model.authors.page(ofAuthorAt: position, inPaper: index).map { authorURLs[$0] } ?? false,
                "separator": .string(position == names.count - 1 ? "" : ", "),
            ]
        }
    }

    // MARK: - Shared pieces

    /// The values every page has: the site, the page's canonical URL and title, plus `extra`.
    func page(path: String, title: String?, description: String? = nil, image: String? = nil, extra: Fields = [:])
        -> TemplateValue
    {
        var page: Fields = [
            "canonical": .string(siteURL.absolute(path == SitePaths.notFound ? "" : path)),
            "path": .string(path),
            "fullTitle": .string(title.map { "\($0) · \(model.config.title)" } ?? model.config.title),
            "description": .string(description ?? model.config.description),
        ]
        if let title { page["title"] = .string(title) }
        if let image { page["image"] = .string(image) }
        var context = extra
        context["site"] = site
        context["page"] = .object(page)
        return .object(context)
    }

    func rooted(_ path: String) -> TemplateValue { .string(siteURL.rooted(path)) }

    /// Paper `index`'s URL, made at each call (held for every paper, they took about 100 MB at a
    /// million papers).
    func paperURL(_ index: Int) -> TemplateValue { .string(siteURL.rooted(SitePaths.paper(model.papers[index].slug))) }

    func topicChips(_ index: Int) -> TemplateValue {
        .list(model.papers[index].topics.map { topicLinks[$0.topic] })
    }

    /// Paper `index` as a card in a list.
    private func baseCard(_ index: Int) -> TemplateValue {
        let paper = model.papers[index]
        var card: Fields = [
            "title": .string(paper.title),
            "titleHTML": .string(titlesHTML[index]),
            "url": paperURL(index),
            "excerpt": .string(excerpts[index]),
            "topics": .list(paper.topics.map { topicLinks[$0.topic] }),
            "hasAuthors": false,
        ]
        // Explicit falses: a page's own `date` (a day page's) must not show through a card.
        card["date"] = paper.date.map { cardDates[$0] ?? Self.date($0) } ?? false
        card["listed"] = paper.listingDate.map { cardDates[$0] ?? Self.date($0) } ?? false
        if let byline = paper.record.byline { card["byline"] = .string(byline.displayText) }
        if let upvotes = paper.record.upvotes { card["upvotes"] = .int(upvotes) }
        if let details = paper.record.details {
            if let repo = details.githubRepo {
                var code: Fields = ["url": .string(repo)]
                if let stars = details.githubStars { code["stars"] = .int(stars) }
                card["code"] = .object(code)
            }
            if let project = details.projectPage { card["projectPage"] = .string(project) }
            if let thumbnail = details.thumbnail { card["thumbnail"] = .string(thumbnail) }
            let names = details.authors
            if !names.isEmpty {
                let shown = names.prefix(Self.cardAuthorLimit)
                card["authors"] = .list(authorValues(Array(shown), paper: index))
                if names.count > shown.count { card["moreAuthors"] = .string(" and \(names.count - shown.count) more") }
                card["hasAuthors"] = true
                // An author count says nothing the names do not.
                if paper.record.byline?.isAuthorCount == true { card["byline"] = nil }
            }
        }
        return .object(card)
    }

    /// A paper as a card in a list; on a topic's page, with the keywords that put it there, and
    /// its other topics only (the page names its own).
    func card(_ index: Int, topic: Int? = nil) -> TemplateValue {
        let card = baseCard(index)
        guard let topic, case .object(var fields) = card else { return card }
        let topics = model.papers[index].topics
        if let matched = topics.first(where: { $0.topic == topic }), !matched.keywords.isEmpty {
            fields["matched"] = .string(matched.keywords.joined(separator: ", "))
        }
        fields["topics"] = .list(topics.lazy.filter { $0.topic != topic }.map { self.topicLinks[$0.topic] })
        return .object(fields)
    }

    /// A paper as a card on the page of a day it was listed: without the listing day the page
    /// names, or marked when it was first listed earlier.
    func card(_ index: Int, listedOn day: Day) -> TemplateValue {
        let card = baseCard(index)
        guard let first = model.papers[index].listingDate, first <= day, case .object(var fields) = card else {
            return card
        }
        if first == day {
            fields["onListingDay"] = true
        } else {
            fields["listedEarlier"] = [
                "display": .string(first.display), "iso": .string(first.description),
                "url": dayValues[first].flatMap { $0["url"] } ?? .string(""),
            ]
        }
        return .object(fields)
    }

    /// Whether `day` has a page of its own (a paper's listing day may not, when the paper is
    /// listed on it by no digest of the site).
    func hasDayPage(_ day: Day) -> Bool { dayValues[day] != nil }

    /// Whether a curator's note marks the paper as a pick.
    func isFeatured(_ index: Int) -> Bool { model.papers[index].record.details?.featured == true }

    /// A paper as one line in a compact list (month and digest pages).
    func line(_ index: Int) -> TemplateValue {
        ["title": .string(model.papers[index].title), "titleHTML": titleHTML(index), "url": paperURL(index)]
    }

    /// Paper `index`'s title as HTML, as its card has it (made once).
    func titleHTML(_ index: Int) -> TemplateValue { .string(titlesHTML[index]) }

    static func date(_ day: Day) -> TemplateValue {
        ["iso": .string(day.description), "display": .string(display(day))]
    }

    static func display(_ day: Day) -> String { day.display }

    /// Links to the pages of a paginated list around `current`.
    func pagination(
        base: String, current: Int, total: Int,
        labels: (previous: String, next: String) = ("← Newer", "Older →")
    ) -> TemplateValue? {
        guard total > 1 else { return nil }
        let window = Set([1, total] + Array(max(1, current - 2)...min(total, current + 2)))
        var pages: [TemplateValue] = []
        var previous = 0
        for number in window.sorted() {
            if number > previous + 1 { pages.append(["gap": true, "isCurrent": false]) }
            // Every entry says whether it is current: a missing flag would be looked up outside.
            pages.append([
                "number": .int(number), "url": rooted(SitePaths.page(number, of: base)),
                "isCurrent": .bool(number == current), "gap": false,
            ])
            previous = number
        }
        var result: Fields = [
            "currentPage": .int(current), "totalPages": .int(total), "pages": .list(pages),
            "previousLabel": .string(labels.previous), "nextLabel": .string(labels.next),
        ]
        if current > 1 { result["previous"] = rooted(SitePaths.page(current - 1, of: base)) }
        if current < total { result["next"] = rooted(SitePaths.page(current + 1, of: base)) }
        return .object(result)
    }

    // MARK: - Pages

    func home() -> TemplateValue {
        let limit = model.config.pageSize == 0 ? 30 : model.config.pageSize
        let picks = Array(model.newest.lazy.filter(isFeatured).prefix(limit))
        return page(
            path: SitePaths.home, title: nil,
            extra: [
                "newest": .list(model.newest.prefix(limit).map { card($0) }),
                "picks": .list(picks.map { card($0) }), "hasPicks": .bool(!picks.isEmpty),
                "topics": topicList(),
                "digests": digestList(),
            ])
    }

    func paper(_ index: Int) -> TemplateValue {
        let paper = model.papers[index]
        let listed = sourcesByDate(paper)
        var values: Fields = [
            "title": .string(paper.title), "titleHTML": titleHTML(index), "topics": topicChips(index),
            "digests": .list(listed.map { digestLinks[$0] }),
        ]
        addSourceValues(paper, index, listed: listed, to: &values)
        let (abstract, plainAbstract) = paper.abstracts
        if !abstract.isEmpty {
            values["abstractHTML"] = .string(MathText.html(abstract, rendering: markdown.html(plainText:)))
        }
        if let date = paper.date { values["date"] = Self.date(date) }
        if let listed = paper.listingDate { values["listed"] = dayValues[listed] ?? Self.date(listed) }
        // An author count says nothing the list of names below the title does not.
        if let byline = paper.record.byline, !(byline.isAuthorCount && paper.record.details?.authors.isEmpty == false) {
            values["byline"] = .string(byline.displayText)
        }
        if let upvotes = paper.record.upvotes { values["upvotes"] = .int(upvotes) }
        let description = plainAbstract.isEmpty ? nil : TextExcerpt.firstSentences(of: plainAbstract, limit: 160)
        let related = self.related.of(index).map { Int($0) }
        values["hasRelated"] = .bool(!related.isEmpty)
        // The cards lists show, of which the template takes the title, link, listing day and topics.
        if !related.isEmpty { values["related"] = .list(related.map { baseCard($0) }) }
        let metadata = ScholarlyMetadata(
            paper: paper, url: siteURL.absolute(SitePaths.paper(paper.slug)), siteTitle: model.config.title,
            topics: paper.topics.map { model.topics[$0.topic].rule.title },
            related: related.map { siteURL.absolute(SitePaths.paper(model.papers[$0].slug)) })
        if !plainAbstract.isEmpty { values["abstract"] = .string(plainAbstract) }
        values["jsonLD"] = .string(metadata.jsonLD())
        values["bibtex"] = .string(metadata.bibTeX())
        if let date = paper.date { values["citationDate"] = .string(ScholarlyMetadata.citationDate(date)) }
        return page(
            path: SitePaths.paper(paper.slug), title: paper.title, description: description,
            image: paper.record.details?.thumbnail, extra: ["paper": .object(values)])
    }

    func topicList() -> TemplateValue {
        .list(
            model.topics.enumerated().map { index, topic in
                var link: Fields = [
                    "title": .string(topic.rule.title), "slug": .string(topic.rule.slug),
                    "url": rooted(SitePaths.topic(topic.rule.slug)), "count": .int(topic.papers.count),
                    "countText": Self.counted(topic.papers.count, "paper"),
                ]
                if let description = topic.rule.description { link["description"] = .string(description) }
                return .object(link)
            })
    }

    /// The digests that listed a paper, once each, oldest first (undated ones last).
    func sourcesByDate(_ paper: SiteModel.Paper) -> [Int] {
        let digests = Self.unique(paper.record.appearances.map(\.digest))
        if digests.count < 2 { return digests }
        return digests.sorted { a, b in
            let (dateA, dateB) = (model.digests[a].date, model.digests[b].date)
            if dateA != dateB { return dateB == nil || (dateA != nil && dateA! < dateB!) }
            return digestRanks[a] > digestRanks[b]
        }
    }

    /// A count with its noun, singular for 1: "1 paper", "0 papers", "12 listings".
    static func countText(_ count: Int, _ noun: String) -> String {
        count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
    }

    static func counted(_ count: Int, _ noun: String) -> TemplateValue { .string(countText(count, noun)) }

    /// Every digest, newest first, with its date, kind and count.
    func digestList() -> TemplateValue {
        .list(
            model.digestsNewestFirst.map { index in
                let digest = model.digests[index]
                var link: Fields = [
                    "title": .string(digestTitles[index]), "url": rooted(SitePaths.digest(digest.slug)),
                    "count": .int(digest.papers.count), "kind": .string(digest.format.displayName),
                    "countText": Self.counted(digest.papers.count, "paper"),
                ]
                link["date"] = digest.date.map(Self.date) ?? false
                return .object(link)
            })
    }

    func topics() -> TemplateValue {
        page(path: SitePaths.topics, title: "Topics", extra: ["topics": topicList()])
    }

    func topic(_ index: Int, page number: Int, of total: Int, byUpvotes: Bool = false, papers: ArraySlice<Int>)
        -> TemplateValue
    {
        let topic = model.topics[index]
        let newestBase = SitePaths.topic(topic.rule.slug)
        let base = byUpvotes ? SitePaths.topicByUpvotes(topic.rule.slug) : newestBase
        var values: Fields = [
            "byUpvotes": .bool(byUpvotes),
            "newestURL": rooted(newestBase),
            "title": .string(topic.rule.title),
            "count": .int(topic.papers.count),
            "countText": byUpvotes
                ? .string("\(topic.mostUpvoted.count) of \(Self.countText(topic.papers.count, "paper")) with upvotes")
                : Self.counted(topic.papers.count, "paper"),
            "papers": .list(papers.map { card($0, topic: index) }),
            "feedRSS": rooted(newestBase + "feed.xml"),
            "feedAtom": rooted(newestBase + "atom.xml"),
        ]
        // Only a topic with upvoted papers has a most-upvoted order.
        if !topic.mostUpvoted.isEmpty { values["topURL"] = rooted(SitePaths.topicByUpvotes(topic.rule.slug)) }
        if let description = topic.rule.description { values["description"] = .string(description) }
        if !topic.rule.keywords.isEmpty { values["keywords"] = .string(topic.rule.keywords.joined(separator: ", ")) }
        let labels = byUpvotes ? ("← More upvoted", "Fewer upvotes →") : ("← Newer", "Older →")
        if let pagination = pagination(base: base, current: number, total: total, labels: labels) {
            values["pagination"] = pagination
        }
        var title = byUpvotes ? "\(topic.rule.title), most upvoted" : topic.rule.title
        if number > 1 { title += ", page \(number)" }
        return page(
            path: SitePaths.page(number, of: base), title: title, description: topic.rule.description,
            extra: ["topic": .object(values)])
    }

    func dates() -> TemplateValue {
        let years: [TemplateValue] = model.years.map { year in
            [
                "year": .int(year.year), "url": rooted(SitePaths.year(year.year)), "count": .int(year.paperCount),
                "months": .list(
                    year.months.map { month in
                        [
                            "name": .string(MonthNames.short[month.month - 1]),
                            "url": rooted(SitePaths.month(year: month.year, month: month.month)),
                            "count": .int(month.paperCount),
                        ]
                    }),
            ]
        }
        var extra: Fields = ["years": .list(years)]
        // Left out when there are none: a section on 0 still renders, and /dates/undated/ is not written then.
        if !model.undated.isEmpty {
            extra["undatedCount"] = .int(model.undated.count)
            extra["undatedCountText"] = Self.counted(model.undated.count, "paper")
            extra["undatedURL"] = rooted(SitePaths.undated)
        }
        return page(path: SitePaths.dates, title: "Papers by date", extra: extra)
    }

    func year(_ year: SiteModel.YearGroup) -> TemplateValue {
        let months: [TemplateValue] = year.months.map { month in
            [
                "name": .string(MonthNames.long[month.month - 1]), "count": .int(month.paperCount),
                "url": rooted(SitePaths.month(year: month.year, month: month.month)),
                "days": .list(
                    month.days.map { day in
                        [
                            "day": .int(day.day.day), "url": rooted(SitePaths.day(day.day)),
                            "count": .int(day.papers.count),
                        ]
                    }),
            ]
        }
        return page(
            path: SitePaths.year(year.year), title: "Papers of \(year.year)",
            extra: [
                "year": .int(year.year), "count": .int(year.paperCount), "months": .list(months),
                "countText": Self.counted(year.paperCount, "listing"),
                "datesURL": rooted(SitePaths.dates),
            ])
    }

    func month(_ month: SiteModel.MonthGroup) -> TemplateValue {
        let days: [TemplateValue] = month.days.map { day in
            [
                "date": Self.date(day.day), "url": rooted(SitePaths.day(day.day)), "count": .int(day.papers.count),
                "papers": .list(day.papers.map(line)),
            ]
        }
        let name = "\(MonthNames.long[month.month - 1]) \(month.year)"
        return page(
            path: SitePaths.month(year: month.year, month: month.month), title: "Papers of \(name)",
            extra: [
                "name": .string(name), "count": .int(month.paperCount), "days": .list(days),
                "countText": Self.counted(month.paperCount, "listing"),
                "yearURL": rooted(SitePaths.year(month.year)), "year": .int(month.year),
            ])
    }

    func day(_ day: SiteModel.DayGroup) -> TemplateValue {
        let picks = day.papers.filter(isFeatured)
        let earlier = day.papers.count { model.papers[$0].listingDate.map { $0 < day.day } ?? false }
        return page(
            path: SitePaths.day(day.day), title: "Papers of \(Self.display(day.day))",
            extra: [
                "date": Self.date(day.day), "count": .int(day.papers.count),
                "countText": Self.counted(day.papers.count, "paper"),
                "papers": .list(day.papers.map { card($0, listedOn: day.day) }),
                "picks": .list(picks.map { card($0, listedOn: day.day) }), "hasPicks": .bool(!picks.isEmpty),
                "newCount": .int(day.papers.count - earlier), "earlierCount": .int(earlier),
                "digests": .list(
                    day.digests.enumerated().map { position, digest in
                        guard case .object(var link) = digestLinks[digest] else { return digestLinks[digest] }
                        link["separator"] = .string(position == 0 ? "" : ", ")
                        return .object(link)
                    }),
                "hasDigests": .bool(!day.digests.isEmpty),
                "monthURL": rooted(SitePaths.month(year: day.day.year, month: day.day.month)),
                "monthName": .string("\(MonthNames.long[day.day.month - 1]) \(day.day.year)"),
            ])
    }

    func undated(page number: Int, of total: Int, papers: ArraySlice<Int>) -> TemplateValue {
        var extra: Fields = [
            "count": .int(model.undated.count), "countText": Self.counted(model.undated.count, "paper"),
            "papers": .list(papers.map { card($0) }),
        ]
        if let pagination = pagination(base: SitePaths.undated, current: number, total: total) {
            extra["pagination"] = pagination
        }
        return page(
            path: SitePaths.page(number, of: SitePaths.undated),
            title: number > 1 ? "Undated papers, page \(number)" : "Undated papers", extra: extra)
    }

    func digests() -> TemplateValue {
        page(
            path: SitePaths.digests, title: "Digests",
            extra: ["digests": digestList(), "count": .int(model.digests.count)])
    }

    func digest(_ index: Int) -> TemplateValue {
        let digest = model.digests[index]
        var values: Fields = [
            "title": .string(digestTitles[index]), "count": .int(digest.papers.count),
            "countText": Self.counted(digest.papers.count, "paper"),
            // Its papers as lines, in the digest's order: their cards are on the listing day's page.
            "papers": .list(digest.papers.map { line($0) }), "format": .string(digest.format.displayName),
        ]
        if let date = digest.date { values["date"] = dayValues[date] ?? Self.date(date) }
        return page(path: SitePaths.digest(digest.slug), title: digestTitles[index], extra: ["digest": .object(values)])
    }

    func search() -> TemplateValue {
        page(
            path: SitePaths.search, title: "Search",
            description:
                "Search the titles, abstracts, authors, topics, organisations and curator’s notes of \(Self.countText(model.papers.count, "paper"))."
        )
    }

    /// An ordinary page: its title and its Markdown as HTML.
    func sitePage(_ index: Int) -> TemplateValue {
        let sitePage = model.pages[index]
        return page(
            path: SitePaths.sitePage(sitePage.slug), title: sitePage.title,
            extra: [
                "sitePage": [
                    "title": .string(sitePage.title),
                    "contentHTML": .string(markdown.html(markdown: sitePage.markdown)),
                ]
            ])
    }

    /// Every author with a page, by family name, with how many papers each has.
    func authors(page number: Int, of total: Int) -> TemplateValue {
        let all = model.authors.pages
        let pageSize = model.config.pageSize
        let start = pageSize == 0 ? 0 : min((number - 1) * pageSize, all.count)
        let end = pageSize == 0 ? all.count : min(start + pageSize, all.count)
        var extra: Fields = [
            "count": .int(all.count), "countText": Self.counted(all.count, "author"),
            "authors": .list(
                (start..<end).map { index in
                    [
                        "name": .string(all[index].name), "url": authorURLs[index],
                        "count": .int(all[index].papers.count),
                        "countText": Self.counted(all[index].papers.count, "paper"),
                    ]
                }),
        ]
        if let pagination = pagination(
            base: SitePaths.authors, current: number, total: total, labels: ("← Previous", "Next →"))
        {
            extra["pagination"] = pagination
        }
        return page(
            path: SitePaths.page(number, of: SitePaths.authors),
            title: number > 1 ? "Authors, page \(number)" : "Authors", extra: extra)
    }

    /// An author's page: their papers, newest listing first, and the author's feeds.
    func author(_ index: Int, page number: Int, of total: Int, papers: ArraySlice<Int>) -> TemplateValue {
        let author = model.authors.pages[index]
        let base = SitePaths.author(author.slug)
        var values: Fields = [
            "name": .string(author.name),
            "count": .int(author.papers.count),
            "countText": Self.counted(author.papers.count, "paper"),
            "papers": .list(papers.map { card($0) }),
            "feedRSS": rooted(base + "feed.xml"),
            "feedAtom": rooted(base + "atom.xml"),
            "feedJSON": rooted(base + "feed.json"),
            "authorsURL": rooted(SitePaths.authors),
        ]
        if let pagination = pagination(base: base, current: number, total: total) {
            values["pagination"] = pagination
        }
        return page(
            path: SitePaths.page(number, of: base),
            title: number > 1 ? "\(author.name), page \(number)" : author.name,
            description: "Papers by \(author.name) on \(model.config.title).", extra: ["author": .object(values)])
    }

    func notFound() -> TemplateValue {
        page(path: SitePaths.notFound, title: "Page not found")
    }

    static func unique(_ values: [Int]) -> [Int] {
        var seen = Set<Int>()
        return values.filter { seen.insert($0).inserted }
    }
}
