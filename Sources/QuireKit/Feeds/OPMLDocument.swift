/// An OPML 2.0 list of every feed, so a reader can subscribe to all topics at once.
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
        for (format, path, type) in [("RSS 2.0", \Feed.rssPath, "rss"), ("Atom", \Feed.atomPath, "rss")] {
            xml.start("outline", ["text": "\(title) (\(format))", "title": "\(title) (\(format))"])
            for feed in feeds {
                xml.empty("outline", ["type": type, "version": format == "Atom" ? "ATOM" : "RSS2", "text": feed.title,
                                      "title": feed.title, "xmlUrl": writer.url(feed[keyPath: path]),
                                      "htmlUrl": writer.url(feed.pagePath)])
            }
            xml.end()
        }
        xml.start("outline", ["text": "\(title) (JSON Feed)", "title": "\(title) (JSON Feed)"])
        xml.empty("outline", ["type": "rss", "version": "JSON", "text": feeds[0].title, "title": feeds[0].title,
                              "xmlUrl": writer.url("feed.json"), "htmlUrl": writer.url(feeds[0].pagePath)])
        xml.end()
        xml.end()
        xml.end()
        return xml.finish()
    }
}
