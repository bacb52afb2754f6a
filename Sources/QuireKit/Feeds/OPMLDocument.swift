/// An OPML 2.0 list of every feed, so a reader can subscribe to all topics at once. Feed
/// outlines use `type="rss"`, which readers take for any feed; only RSS 2.0 ones carry a
/// `version`, since OPML defines no version value for Atom or JSON Feed.
struct OPMLDocument {
    let feeds: [Feed]
    let writer: FeedWriter

    func bytes() -> [UInt8] {
        let xml = XMLDocumentWriter()
        let title = writer.model.config.title
        xml.start("opml", ["version": "2.0"])
        xml.start("head")
        xml.element("title", "\(title): feeds")
        xml.element("ownerName", writer.author)
        xml.end()
        xml.start("body")
        xml.start("outline", ["text": "\(title) (RSS 2.0)"])
        for feed in feeds {
            xml.empty("outline", ["type": "rss", "version": "RSS2", "text": feed.title, "title": feed.title,
                                  "xmlUrl": writer.url(feed.rssPath), "htmlUrl": writer.url(feed.pagePath)])
        }
        xml.end()
        xml.start("outline", ["text": "\(title) (Atom)"])
        for feed in feeds {
            xml.empty("outline", ["type": "rss", "text": feed.title, "title": feed.title,
                                  "xmlUrl": writer.url(feed.atomPath), "htmlUrl": writer.url(feed.pagePath)])
        }
        xml.end()
        xml.start("outline", ["text": "\(title) (JSON Feed)"])
        xml.empty("outline", ["type": "rss", "text": feeds[0].title, "title": feeds[0].title,
                              "xmlUrl": writer.url("feed.json"), "htmlUrl": writer.url(feeds[0].pagePath)])
        xml.end()
        xml.end()
        xml.end()
        return xml.finish()
    }
}
