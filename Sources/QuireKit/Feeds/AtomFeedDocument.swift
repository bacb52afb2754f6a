/// An Atom 1.0 feed (RFC 4287).
struct AtomFeedDocument {
    let feed: Feed
    let writer: FeedWriter

    func bytes() -> [UInt8] {
        let xml = XMLDocumentWriter()
        xml.start("feed", ["xmlns": "http://www.w3.org/2005/Atom", "xml:lang": writer.model.config.language])
        xml.element("title", feed.title)
        xml.element("subtitle", feed.description)
        xml.empty("link", ["rel": "alternate", "type": "text/html", "href": writer.url(feed.pagePath)])
        xml.empty("link", ["rel": "self", "type": "application/atom+xml", "href": writer.url(feed.atomPath)])
        xml.element("id", writer.url(feed.atomPath))
        xml.element("updated", FeedDates.rfc3339(feed.updated ?? FeedDates.epoch))
        xml.start("author")
        xml.element("name", writer.author)
        xml.end()
        xml.element("generator", FeedWriter.generator, ["uri": FeedWriter.generatorURI])
        for index in feed.items {
            let date = FeedDates.rfc3339(writer.date(index))
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
            xml.element("published", date)
            xml.element("updated", date)
            for author in writer.authors(index) {
                xml.start("author")
                xml.element("name", author)
                xml.end()
            }
            for topic in writer.topics(index) {
                xml.empty("category", ["term": topic.slug, "label": topic.title,
                                       "scheme": writer.url(SitePaths.topics)])
            }
            xml.element("content", writer.contentHTML(index), ["type": "html"])
            xml.end()
        }
        xml.end()
        return xml.finish()
    }
}
