import QuireCore

/// An OPML 2.0 list of the site's feeds, so a reader can subscribe to every topic at once: one
/// outline per feed, in the syntax `opml_feed_format` names (Atom unless it says RSS), so that
/// importing the list subscribes to each feed once. Outlines use `type="rss"`, which readers
/// take for any feed; only RSS 2.0 ones carry a `version`, since OPML defines none for Atom.
/// Authors' feeds come last, as one outline group of their own.
struct OPMLDocument {
    let feeds: [Feed]
    let writer: FeedWriter

    func bytes() -> [UInt8] {
        let xml = XMLDocumentWriter()
        let title = writer.model.config.title
        let format = writer.model.config.opmlFeedFormat
        xml.start("opml", ["version": "2.0"])
        xml.start("head")
        xml.element("title", "\(title): feeds")
        xml.element("ownerName", writer.author)
        xml.end()
        xml.start("body")
        let authors = feeds.filter(\.isAuthor)
        for feed in feeds.filter({ !$0.isAuthor }) { outline(feed, format: format, into: xml) }
        if !authors.isEmpty {
            xml.start("outline", ["text": "Authors", "title": "Authors"])
            for feed in authors { outline(feed, format: format, into: xml) }
            xml.end()
        }
        xml.end()
        xml.end()
        return xml.finish()
    }

    private func outline(_ feed: Feed, format: OPMLFeedFormat, into xml: XMLDocumentWriter) {
        switch format {
        case .atom:
            xml.empty(
                "outline",
                [
                    "type": "rss", "text": feed.title, "title": feed.title,
                    "xmlUrl": writer.url(feed.atomPath), "htmlUrl": writer.url(feed.pagePath),
                ])
        case .rss:
            xml.empty(
                "outline",
                [
                    "type": "rss", "version": "RSS2", "text": feed.title, "title": feed.title,
                    "xmlUrl": writer.url(feed.rssPath), "htmlUrl": writer.url(feed.pagePath),
                ])
        }
    }
}
