import QuireCore

extension PageRenderer {
    /// A page for the sitemap: its site path and the newest date of what it shows, if any.
    public struct SitemapPage: Sendable, Equatable {
        public var path: String
        public var lastModified: Day?
    }

    /// Every page worth indexing (all but the 404 page and the search page), in `jobs()` order,
    /// each dated by the newest paper or digest it shows — never by the build.
    public func sitemapPages() -> [SitemapPage] {
        let model = contexts.model
        let pageSize = model.config.pageSize
        func newest(_ papers: some Sequence<Int>) -> Day? {
            papers.lazy.compactMap { model.papers[$0].listingDate }.max()
        }
        let siteNewest = newest(model.newest.prefix(1))
        return jobs().compactMap { job -> SitemapPage? in
            switch job {
            case .notFound, .search: return nil
            case .home: return SitemapPage(path: SitePaths.home, lastModified: siteNewest)
            case .topics: return SitemapPage(path: SitePaths.topics, lastModified: siteNewest)
            case .dates:
                return SitemapPage(
                    path: SitePaths.dates, lastModified: model.years.first?.months.first?.days.first?.day)
            case .digests:
                return SitemapPage(path: SitePaths.digests, lastModified: model.digests.compactMap(\.date).max())
            case .paper(let index):
                return SitemapPage(
                    path: SitePaths.paper(model.papers[index].slug), lastModified: model.papers[index].listingDate)
            case let .topic(index, page, _):
                let topic = model.topics[index]
                return SitemapPage(
                    path: SitePaths.page(page, of: SitePaths.topic(topic.rule.slug)),
                    lastModified: newest(Self.slice(topic.papers, page: page, pageSize: pageSize)))
            case let .topicByUpvotes(index, page, _):
                let topic = model.topics[index]
                return SitemapPage(
                    path: SitePaths.page(page, of: SitePaths.topicByUpvotes(topic.rule.slug)),
                    lastModified: newest(Self.slice(topic.mostUpvoted, page: page, pageSize: pageSize)))
            case .year(let y):
                return SitemapPage(
                    path: SitePaths.year(model.years[y].year),
                    lastModified: model.years[y].months.first?.days.first?.day)
            case let .month(y, m):
                let month = model.years[y].months[m]
                return SitemapPage(
                    path: SitePaths.month(year: month.year, month: month.month), lastModified: month.days.first?.day)
            case let .day(y, m, d):
                let day = model.years[y].months[m].days[d].day
                return SitemapPage(path: SitePaths.day(day), lastModified: day)
            case let .undated(page, _):
                return SitemapPage(
                    path: SitePaths.page(page, of: SitePaths.undated),
                    lastModified: newest(Self.slice(model.undated, page: page, pageSize: pageSize)))
            case .sitePage(let index):
                return SitemapPage(path: SitePaths.sitePage(model.pages[index].slug), lastModified: nil)
            case let .authors(page, _):
                let authors = model.authors.pages
                let start = pageSize == 0 ? 0 : (page - 1) * pageSize
                let shown = authors[start..<(pageSize == 0 ? authors.count : min(start + pageSize, authors.count))]
                return SitemapPage(
                    path: SitePaths.page(page, of: SitePaths.authors),
                    lastModified: newest(shown.compactMap(\.papers.first)))
            case let .author(index, page, _):
                let author = model.authors.pages[index]
                return SitemapPage(
                    path: SitePaths.page(page, of: SitePaths.author(author.slug)),
                    lastModified: newest(Self.slice(author.papers, page: page, pageSize: pageSize)))
            case .digest(let index):
                return SitemapPage(
                    path: SitePaths.digest(model.digests[index].slug), lastModified: model.digests[index].date)
            }
        }
    }
}
