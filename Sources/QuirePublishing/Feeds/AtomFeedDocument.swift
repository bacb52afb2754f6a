import QuireCore

/// An Atom 1.0 feed document (RFC 4287), current or archived (RFC 5005).
struct AtomFeedDocument {
    let document: FeedDocument
    let writer: FeedWriter

    func bytes() -> [UInt8] {
        let feed = document.feed
        let xml = XMLDocumentWriter(indented: !document.isArchive)
        xml.start(
            "feed",
            [
                "xmlns": "http://www.w3.org/2005/Atom", "xmlns:fh": FeedHistory.namespace,
                "xml:lang": writer.model.config.language,
            ])
        xml.element("title", feed.title)
        xml.element("subtitle", feed.description)
        xml.empty("link", ["rel": "alternate", "type": "text/html", "href": writer.url(feed.pagePath)])
        xml.empty("link", ["rel": "self", "type": "application/atom+xml", "href": writer.url(document.path(.atom))])
        if document.isArchive {
            xml.empty("link", ["rel": "current", "type": "application/atom+xml", "href": writer.url(feed.atomPath)])
        }
        if let previous = document.previousArchivePath {
            xml.empty("link", ["rel": "prev-archive", "type": "application/atom+xml", "href": writer.url(previous)])
        }
        if document.isArchive { xml.empty("fh:archive", [:]) }
        // One logical feed, so one id for the current document and its archives (RFC 5005).
        xml.element("id", writer.url(feed.atomPath))
        xml.element("updated", FeedDates.rfc3339(writer.updated(document)))
        xml.start("author")
        xml.element("name", writer.author)
        xml.end()
        xml.element("generator", FeedWriter.generator, ["uri": FeedWriter.generatorURI])
        for index in document.items {
            xml.start("entry")
            xml.element("title", writer.model.papers[index].title)
            xml.empty("link", ["rel": "alternate", "type": "text/html", "href": writer.paperURL(index)])
            if let arxiv = writer.arxivURL(index) {
                xml.empty("link", ["rel": "related", "type": "text/html", "href": arxiv])
            }
            for link in writer.relatedLinks(index) {
                xml.empty("link", ["rel": "related", "type": "text/html", "href": link.url, "title": link.title])
            }
            xml.element("id", writer.itemID(index))
            if let listed = writer.listed(index) {
                // An archive entry says it once: `published` is optional, and the same time.
                if !document.isArchive { xml.element("published", FeedDates.rfc3339(listed)) }
                xml.element("updated", FeedDates.rfc3339(listed))
            } else {
                // An undated listing: Atom requires `updated`; the paper's own date, else the epoch.
                xml.element(
                    "updated",
                    FeedDates.rfc3339(writer.model.papers[index].date.map { ListingTime(day: $0) } ?? FeedDates.epoch))
            }
            for author in writer.authors(index) {
                xml.start("author")
                xml.element("name", author)
                xml.end()
            }
            // A topic's archive entry points to the paper and no more: the site's archive
            // (`base` empty) carries each paper's topics and summary once.
            let lean = document.isArchive && !document.feed.base.isEmpty
            for topic in writer.topics(index) where !lean {
                if document.isArchive {
                    // The scheme is the feed's own site's topics: said in the current document.
                    xml.empty("category", ["term": topic.slug, "label": topic.title])
                } else {
                    xml.empty(
                        "category",
                        [
                            "term": topic.slug, "label": topic.title,
                            "scheme": writer.url(SitePaths.topics),
                        ])
                }
            }
            if !writer.carriesContent(document) {
                let summary = lean ? "" : writer.summary(index)
                if !summary.isEmpty { xml.element("summary", summary) }
            } else {
                xml.element("content", writer.contentHTML(index), ["type": "html"])
            }
            xml.end()
        }
        xml.end()
        return xml.finish()
    }
}

/// RFC 5005's namespace for `fh:archive`.
enum FeedHistory {
    static let namespace = "http://purl.org/syndication/history/1.0"
}
