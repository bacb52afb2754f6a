import QuireCore

/// An RSS 2.0 feed's current document, with `atom:link rel="self"` as the RSS Advisory Board
/// recommends. (Its archives are the Atom feed's.)
struct RSSFeedDocument {
    let document: FeedDocument
    let writer: FeedWriter

    func bytes() -> [UInt8] {
        let feed = document.feed
        let xml = XMLDocumentWriter()
        xml.start(
            "rss",
            [
                "version": "2.0", "xmlns:atom": "http://www.w3.org/2005/Atom",
                "xmlns:dc": "http://purl.org/dc/elements/1.1/",
            ])
        xml.start("channel")
        xml.element("title", feed.title)
        xml.element("link", writer.url(feed.pagePath))
        xml.element("description", feed.description)
        xml.element("language", writer.model.config.language)
        xml.element("generator", FeedWriter.generator)
        xml.element("dc:creator", writer.author)
        let updated = FeedDates.rfc822(writer.updated(document))
        xml.element("pubDate", updated)
        xml.element("lastBuildDate", updated)
        xml.empty("atom:link", ["href": writer.url(document.path(.rss)), "rel": "self", "type": "application/rss+xml"])
        for index in document.items {
            xml.start("item")
            xml.element("title", writer.model.papers[index].title)
            xml.element("link", writer.paperURL(index))
            xml.element("guid", writer.itemID(index), ["isPermaLink": writer.itemIDIsPageURL(index) ? "true" : "false"])
            if let listed = writer.listed(index) { xml.element("pubDate", FeedDates.rfc822(listed)) }
            for author in writer.authors(index) { xml.element("dc:creator", author) }
            for topic in writer.topics(index) {
                xml.element("category", topic.title, ["domain": writer.url(SitePaths.topic(topic.slug))])
            }
            xml.element(
                "description",
                writer.carriesContent(document)
                    ? writer.contentHTML(index) : HTMLEscaping.escaped(writer.summary(index)))
            xml.end()
        }
        xml.end()
        xml.end()
        return xml.finish()
    }
}
