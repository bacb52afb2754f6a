import QuireCore

/// Renders every HTML page of the site through the theme and hands each to the output as
/// soon as it is made, on all cores, so the whole site is never held in memory.
public struct PageRenderer {
    let templates: TemplateLibrary
    let contexts: PageContexts

    /// `notes` are the papers' rendered notes and `related` their related papers; each is made
    /// here when not given.
    package init(
        model: SiteModel, siteURL: SiteURL, templates: TemplateLibrary, notes: RenderedNotes? = nil,
        related: RelatedPapers? = nil
    ) {
        self.templates = templates
        self.contexts = PageContexts(
            model: model, siteURL: siteURL, notes: notes ?? RenderedNotes(model: model),
            related: related ?? RelatedPapers(model: model, limit: model.config.relatedCount))
    }

    /// One page to make: which template, and how to build its values.
    enum Job {
        case home, topics, dates, digests, notFound, search
        case paper(Int)
        case topic(Int, page: Int, of: Int)
        case topicByUpvotes(Int, page: Int, of: Int)
        case year(Int)
        case month(year: Int, month: Int)
        case day(year: Int, month: Int, day: Int)
        case undated(page: Int, of: Int)
        case digest(Int)
        case sitePage(Int)
        case authors(page: Int, of: Int)
        case author(Int, page: Int, of: Int)
    }

    /// Every page of the site, in a stable order.
    func jobs() -> [Job] {
        let model = contexts.model
        var jobs: [Job] = [.home, .topics, .dates, .digests, .notFound, .search]
        jobs += model.papers.indices.map { .paper($0) }
        for (index, topic) in model.topics.enumerated() {
            let total = Self.pageCount(topic.papers.count, model.config.pageSize)
            jobs += (1...total).map { .topic(index, page: $0, of: total) }
            if !topic.mostUpvoted.isEmpty {
                let ranked = Self.pageCount(topic.mostUpvoted.count, model.config.pageSize)
                jobs += (1...ranked).map { .topicByUpvotes(index, page: $0, of: ranked) }
            }
        }
        for (y, year) in model.years.enumerated() {
            jobs.append(.year(y))
            for (m, month) in year.months.enumerated() {
                jobs.append(.month(year: y, month: m))
                jobs += month.days.indices.map { .day(year: y, month: m, day: $0) }
            }
        }
        if !model.undated.isEmpty {
            let total = Self.pageCount(model.undated.count, model.config.pageSize)
            jobs += (1...total).map { .undated(page: $0, of: total) }
        }
        jobs += model.digests.indices.map { .digest($0) }
        jobs += model.pages.indices.map { .sitePage($0) }
        if !model.authors.pages.isEmpty {
            let total = Self.pageCount(model.authors.pages.count, model.config.pageSize)
            jobs += (1...total).map { .authors(page: $0, of: total) }
            for (index, author) in model.authors.pages.enumerated() {
                let total = Self.pageCount(author.papers.count, model.config.pageSize)
                jobs += (1...total).map { .author(index, page: $0, of: total) }
            }
        }
        return jobs
    }

    static func pageCount(_ items: Int, _ pageSize: Int) -> Int {
        pageSize == 0 || items == 0 ? 1 : (items + pageSize - 1) / pageSize
    }

    static func slice(_ papers: [Int], page: Int, pageSize: Int) -> ArraySlice<Int> {
        guard pageSize > 0 else { return papers[...] }
        let start = min((page - 1) * pageSize, papers.count)
        return papers[start..<min(start + pageSize, papers.count)]
    }

    /// The template and values of one page.
    func context(for job: Job) -> (template: String, context: TemplateValue) {
        let model = contexts.model
        let pageSize = model.config.pageSize
        let (template, context): (String, TemplateValue)
        switch job {
        case .home: (template, context) = ("home", contexts.home())
        case .topics: (template, context) = ("topics", contexts.topics())
        case .dates: (template, context) = ("dates", contexts.dates())
        case .digests: (template, context) = ("digests", contexts.digests())
        case .notFound: (template, context) = ("404", contexts.notFound())
        case .search: (template, context) = ("search", contexts.search())
        case .paper(let index): (template, context) = ("paper", contexts.paper(index))
        case let .topic(index, page, total):
            (template, context) = (
                "topic",
                contexts.topic(
                    index, page: page, of: total,
                    papers: Self.slice(model.topics[index].papers, page: page, pageSize: pageSize))
            )
        case let .topicByUpvotes(index, page, total):
            (template, context) = (
                "topic",
                contexts.topic(
                    index, page: page, of: total, byUpvotes: true,
                    papers: Self.slice(model.topics[index].mostUpvoted, page: page, pageSize: pageSize))
            )
        case .year(let y): (template, context) = ("dates-year", contexts.year(model.years[y]))
        case let .month(y, m): (template, context) = ("dates-month", contexts.month(model.years[y].months[m]))
        case let .day(y, m, d): (template, context) = ("dates-day", contexts.day(model.years[y].months[m].days[d]))
        case let .undated(page, total):
            (template, context) = (
                "dates-undated",
                contexts.undated(
                    page: page, of: total,
                    papers: Self.slice(model.undated, page: page, pageSize: pageSize))
            )
        case .digest(let index): (template, context) = ("digest", contexts.digest(index))
        case .sitePage(let index): (template, context) = ("page", contexts.sitePage(index))
        case let .authors(page, total):
            (template, context) = ("authors", contexts.authors(page: page, of: total))
        case let .author(index, page, total):
            (template, context) = (
                "author",
                contexts.author(
                    index, page: page, of: total,
                    papers: Self.slice(model.authors.pages[index].papers, page: page, pageSize: pageSize))
            )
        }
        return (template, context)
    }

    /// One page: where it goes and its HTML.
    func render(_ job: Job) -> (path: String, html: [UInt8]) {
        let (template, context) = context(for: job)
        guard case .string(let path)? = context["page"]?["path"] else {
            preconditionFailure("a page context without a path")
        }
        return (SitePaths.file(for: path), templates.render(template, context))
    }

    /// Renders every page into `output`; returns how many pages there are, how many were kept
    /// (and how many of those are paper pages), and what they were rendered from (to be saved
    /// for the next build). A page whose inputs have the fingerprint `earlier` holds for it is
    /// kept as the output holds it, not made again: a paper page's inputs are
    /// `PaperPageInputs`, taken before its values are built; any other page's are its values,
    /// as far as its template can read them, and its template's text. With `verify`, a kept page
    /// is rendered anyway and must give the bytes kept. `progress` is told after each chunk of
    /// pages how many it held, and the total.
    public func renderAll(
        into output: some OutputSink, earlier: RenderedPages, papers: PaperFingerprints, verify: Bool = false,
        progress: (@Sendable (_ finished: Int, _ total: Int) -> Void)? = nil
    ) throws -> (pages: Int, kept: Int, keptPapers: Int, rendered: RenderedPages) {
        // List pages first, one per chunk: one can hold every paper of a topic or a year (with
        // `page_size: 0`), and started last it would leave the other cores idle at the end.
        // Paper pages, small and many, follow in chunks.
        var jobs = jobs()
        let listCount = jobs.stablePartitionListsFirst()
        let chunkSize = 64
        let chunks =
            (0..<listCount).map { $0..<($0 + 1) }
            + stride(from: listCount, to: jobs.count, by: chunkSize).map { $0..<min($0 + chunkSize, jobs.count) }
        let inputs = PaperPageInputs(contexts: contexts, readable: templates.names(readBy: "paper"), papers: papers)
        let readable = Dictionary(
            uniqueKeysWithValues: templates.templates.keys.map { name in
                (name, (text: templates.fingerprint(readBy: name), names: templates.names(readBy: name)))
            })
        progress?(0, jobs.count)
        let results = chunks.parallelMap { range -> Result<[MadePage], Error> in
            Result {
                var records: [MadePage] = []
                for job in jobs[range] {
                    guard case .paper(let index) = job else {
                        records.append(
                            try renderOrKeep(
                                list: job, readable: readable, earlier: earlier, papers: papers, verify: verify,
                                into: output))
                        continue
                    }
                    records.append(
                        try renderOrKeep(paper: index, inputs: inputs, earlier: earlier, verify: verify, into: output))
                }
                progress?(range.count, jobs.count)
                return records
            }
        }
        var rendered = RenderedPages(key: earlier.key, records: [:])
        rendered.records.reserveCapacity(contexts.model.papers.count)
        var (kept, keptPapers) = (0, 0)
        for result in results {
            for page in try result.get() {
                rendered.records[page.path] = page.record
                if page.kept { kept += 1 }
                if page.kept, page.isPaper { keptPapers += 1 }
            }
        }
        for asset in templates.assets { try output.write(asset.path, asset.bytes) }
        return (jobs.count, kept, keptPapers, rendered)
    }

    /// A page other than a paper's: kept when `earlier` rendered it from values its template
    /// reads alike, with the same template text, else rendered and written.
    private func renderOrKeep(
        list job: Job, readable: [String: (text: Fingerprint128, names: Set<TemplateName>)], earlier: RenderedPages,
        papers: PaperFingerprints, verify: Bool, into output: some OutputSink
    ) throws -> MadePage {
        if let (bare, cards) = topicPageWithoutCards(job) {
            // A topic's page can hold every paper of the topic: its values are fingerprinted
            // without the cards, each card by its paper's fingerprint (which covers all a card
            // shows but the site's address and topic names, added here), and built only when
            // the page is made.
            guard case .string(let page)? = bare["page"]?["path"], let reads = readable["topic"] else {
                preconditionFailure("a topic page without a path, or no topic template")
            }
            var hasher = StreamHasher()
            hasher.add("topic")
            hasher.add(reads.text.first)
            hasher.add(reads.text.second)
            bare.fingerprint(into: &hasher, readable: reads.names)
            PaperFingerprints.addSurroundings(of: contexts.model, siteURL: contexts.siteURL, to: &hasher)
            hasher.add(cards.count)
            for paper in cards { papers.add(paper, to: &hasher) }
            let made = try earlier.keepOrWrite(
                SitePaths.file(for: page), values: hasher.value, verify: verify, into: output
            ) { templates.render("topic", self.context(for: job).context) }
            return MadePage(path: made.path, record: made.record, kept: made.kept, isPaper: false)
        }
        let (template, context) = context(for: job)
        guard case .string(let page)? = context["page"]?["path"], let reads = readable[template] else {
            preconditionFailure("a page context without a path, or a page without a template")
        }
        var hasher = StreamHasher()
        hasher.add(template)
        hasher.add(reads.text.first)
        hasher.add(reads.text.second)
        context.fingerprint(into: &hasher, readable: reads.names)
        let made = try earlier.keepOrWrite(
            SitePaths.file(for: page), values: hasher.value, verify: verify, into: output
        ) { templates.render(template, context) }
        return MadePage(path: made.path, record: made.record, kept: made.kept, isPaper: false)
    }

    /// A topic page's values without its cards, and the papers its cards show; nil for any
    /// other page.
    func topicPageWithoutCards(_ job: Job) -> (TemplateValue, ArraySlice<Int>)? {
        let pageSize = contexts.model.config.pageSize
        switch job {
        case let .topic(index, page, total):
            return (
                contexts.topic(index, page: page, of: total, papers: []),
                Self.slice(contexts.model.topics[index].papers, page: page, pageSize: pageSize)
            )
        case let .topicByUpvotes(index, page, total):
            return (
                contexts.topic(index, page: page, of: total, byUpvotes: true, papers: []),
                Self.slice(contexts.model.topics[index].mostUpvoted, page: page, pageSize: pageSize)
            )
        default:
            return nil
        }
    }

    /// A page made or kept: its path's fingerprint, what it was rendered from, whether the
    /// earlier file was kept, and whether it is a paper's page.
    private struct MadePage {
        var path: Fingerprint128
        var record: RenderedPages.Record
        var kept: Bool
        var isPaper = true
    }

    /// Paper `index`'s page: kept when `earlier` rendered it from inputs of the same
    /// fingerprint into a file the output can keep, else rendered and written.
    private func renderOrKeep(
        paper index: Int, inputs: PaperPageInputs, earlier: RenderedPages, verify: Bool, into output: some OutputSink
    ) throws -> MadePage {
        let made = try earlier.keepOrWrite(
            SitePaths.file(for: SitePaths.paper(contexts.model.papers[index].slug)),
            values: inputs.page(index, contexts: contexts), verify: verify, into: output
        ) { render(.paper(index)).html }
        return MadePage(path: made.path, record: made.record, kept: made.kept)
    }
}

extension [PageRenderer.Job] {
    /// Moves every job that is not a paper page before the paper pages, each group keeping its
    /// order; returns how many come first.
    mutating func stablePartitionListsFirst() -> Int {
        let lists = filter { if case .paper = $0 { false } else { true } }
        let papers = filter { if case .paper = $0 { true } else { false } }
        self = lists + papers
        return lists.count
    }
}
