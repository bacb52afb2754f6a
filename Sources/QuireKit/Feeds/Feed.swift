/// One feed of the site (the whole site, or one topic): what it is called, where it and its
/// HTML page live, and its items, newest first.
struct Feed {
    var title: String
    var description: String
    /// Site path of the HTML page the feed mirrors.
    var pagePath: String
    var rssPath: String
    var atomPath: String
    /// Paper indices, newest first, at most `feed_limit`, every one with a feed date.
    var items: [Int]
    /// Newest item's date; for an empty feed, the newest date of the whole site.
    var updated: Day?
}

extension Feed {
    /// The site-wide feed and one per topic.
    static func all(for model: SiteModel) -> [Feed] {
        let limit = model.config.feedLimit
        let siteNewest = model.newest.first.flatMap { model.papers[$0].listingDate }
        func items(_ papers: [Int]) -> [Int] {
            // `newest` order puts papers without any date last, so the first `limit` dated ones lead.
            Array(papers.lazy.filter { model.papers[$0].listingDate != nil }.prefix(limit))
        }
        let siteItems = items(model.newest)
        var feeds = [Feed(title: model.config.title, description: model.config.description.isEmpty ? model.config.title : model.config.description,
                          pagePath: SitePaths.home, rssPath: "feed.xml", atomPath: "atom.xml", items: siteItems,
                          updated: siteItems.first.flatMap { model.papers[$0].listingDate } ?? siteNewest)]
        for topic in model.topics {
            let topicItems = items(topic.papers)
            let base = SitePaths.topic(topic.rule.slug)
            feeds.append(Feed(title: "\(model.config.title): \(topic.rule.title)",
                              description: topic.rule.description ?? "Papers on \(topic.rule.title) from \(model.config.title).",
                              pagePath: base, rssPath: base + "feed.xml", atomPath: base + "atom.xml", items: topicItems,
                              updated: topicItems.first.flatMap { model.papers[$0].listingDate } ?? siteNewest))
        }
        return feeds
    }
}

/// Dates as feeds print them. Papers carry a day, not a time: midnight UTC.
enum FeedDates {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// RFC 822 (RSS): `Thu, 05 Jun 2025 00:00:00 +0000`.
    static func rfc822(_ day: Day) -> String {
        "\(weekdays[day.weekday]), \(day.dayString) \(MonthNames.short[day.month - 1]) \(day.yearString) 00:00:00 +0000"
    }

    /// RFC 3339 (Atom, JSON Feed): `2025-06-05T00:00:00Z`.
    static func rfc3339(_ day: Day) -> String {
        "\(day)T00:00:00Z"
    }

    /// For a feed with no dated item at all.
    static let epoch = Day(year: 1970, month: 1, day: 1)!
}
