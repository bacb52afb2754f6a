import Foundation

/// A JSON Feed 1.1 (https://jsonfeed.org/version/1.1), encoded with sorted keys so that the
/// same input gives the same bytes.
struct JSONFeedDocument {
    let feed: Feed
    let writer: FeedWriter

    struct Document: Encodable {
        var version = "https://jsonfeed.org/version/1.1"
        var title: String
        var home_page_url: String
        var feed_url: String
        var description: String
        var language: String
        var authors: [Author]
        var items: [Item]
    }

    struct Author: Encodable {
        var name: String
    }

    struct Item: Encodable {
        var id: String
        var url: String
        var external_url: String?
        var title: String
        var content_html: String
        var summary: String
        var date_published: String
        var tags: [String]
        var authors: [Author]?
    }

    func bytes() throws -> [UInt8] {
        let model = writer.model
        // JSON could carry control characters as `\u0001` escapes, but readers show these strings
        // as text or HTML, where they are as wrong as in XML: drop the ones the XML feeds drop.
        let text = XMLDocumentWriter.xmlSafe
        let document = Document(
            title: text(feed.title), home_page_url: writer.url(feed.pagePath), feed_url: writer.url("feed.json"),
            description: text(feed.description), language: text(model.config.language), authors: [Author(name: text(writer.author))],
            items: feed.items.map { index in
                Item(id: writer.itemID(index), url: writer.paperURL(index), external_url: writer.arxivURL(index),
                     title: text(model.papers[index].title),
                     content_html: text(writer.contentHTML(index)),
                     summary: text(TextExcerpt.firstSentences(of: model.papers[index].record.abstract, limit: 300)),
                     date_published: FeedDates.rfc3339(writer.date(index)),
                     tags: writer.topics(index).map { text($0.title) },
                     authors: Optional(writer.authors(index).map { Author(name: text($0)) }).flatMap { $0.isEmpty ? nil : $0 })
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(document)
        data.append(0x0A)
        return [UInt8](data)
    }
}
