import Foundation
import QuireCore

/// A JSON Feed 1.1 document (https://jsonfeed.org/version/1.1), the site's current feed,
/// encoded with sorted keys so that the same input gives the same bytes. (Its archives are the
/// Atom feed's.)
struct JSONFeedDocument {
    let document: FeedDocument
    let writer: FeedWriter

    struct Document: Encodable {
        var version = "https://jsonfeed.org/version/1.1"
        var title: String
        var homePageURL: String
        var feedURL: String
        var description: String
        var language: String
        var authors: [Author]
        var items: [Item]

        enum CodingKeys: String, CodingKey {
            case version, title, description, language, authors, items
            case homePageURL = "home_page_url", feedURL = "feed_url"
        }
    }

    struct Author: Encodable {
        var name: String
    }

    struct Item: Encodable {
        var id: String
        var url: String
        var externalURL: String?
        var title: String
        /// The full content (site feed), else `contentText` (authors' feeds): JSON Feed asks for one.
        var contentHTML: String?
        var contentText: String?
        var summary: String
        var datePublished: String?
        var tags: [String]
        var authors: [Author]?

        enum CodingKeys: String, CodingKey {
            case id, url, title, summary, tags, authors
            case externalURL = "external_url", contentHTML = "content_html", contentText = "content_text",
                datePublished = "date_published"
        }
    }

    func bytes() throws -> [UInt8] {
        let model = writer.model
        let feed = document.feed
        // JSON could carry control characters as `\u0001` escapes, but readers show these strings
        // as text or HTML, where they are as wrong as in XML: drop the ones the XML feeds drop.
        let text = XMLDocumentWriter.xmlSafe
        let full = writer.carriesContent(document)
        let document = Document(
            title: text(feed.title), homePageURL: writer.url(feed.pagePath),
            feedURL: writer.url(document.path(.json)),
            description: text(feed.description), language: text(model.config.language),
            authors: [Author(name: text(writer.author))],
            items: document.items.map { index in
                Item(
                    id: writer.itemID(index), url: writer.paperURL(index), externalURL: writer.arxivURL(index),
                    title: text(model.papers[index].title),
                    contentHTML: full ? text(writer.contentHTML(index)) : nil,
                    contentText: full ? nil : text(writer.summary(index)),
                    summary: text(TextExcerpt.firstSentences(of: model.papers[index].plainAbstract, limit: 300)),
                    datePublished: writer.listed(index).map(FeedDates.rfc3339),
                    tags: writer.topics(index).map { text($0.title) },
                    authors: Optional(writer.authors(index).map { Author(name: text($0)) }).flatMap {
                        $0.isEmpty ? nil : $0
                    })
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return JSONText.hardened([UInt8](try encoder.encode(document))) + [0x0A]
    }
}
