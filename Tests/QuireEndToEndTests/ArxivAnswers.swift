import Foundation

/// arXiv API answers in the shape export.arxiv.org gives them, for the fetch tests: a feed with
/// opensearch totals and entries with arXiv's extension elements.
enum ArxivAnswers {
    /// `2406.00042` for 42.
    static func id(_ number: Int) -> String { "2406." + String(format: "%05d", number) }

    static func entry(id: String, title: String, author: String = "Ada Lovelace") -> String {
        """
          <entry>
            <id>http://arxiv.org/abs/\(id)v1</id>
            <updated>2024-06-04T17:59:59Z</updated>
            <published>2024-06-04T17:59:59Z</published>
            <title>\(title)</title>
            <summary>  An abstract about \(title.lowercased()), wrapped
        as arXiv wraps it.
        </summary>
            <author>
              <name>\(author)</name>
            </author>
            <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">12 pages, 3 figures</arxiv:comment>
            <link href="http://arxiv.org/abs/\(id)v1" rel="alternate" type="text/html"/>
            <link title="pdf" href="http://arxiv.org/pdf/\(id)v1" rel="related" type="application/pdf"/>
            <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
            <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
            <category term="cs.AI" scheme="http://arxiv.org/schemas/atom"/>
          </entry>

        """
    }

    static func feed(query: String, total: Int, start: Int, entries: [String]) -> String {
        let opensearch = "xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\""
        let query = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <link href="http://arxiv.org/api/query?search_query%3D\(query)%26start%3D\(start)" rel="self" type="application/atom+xml"/>
              <title type="html">ArXiv Query: search_query=\(query)&amp;id_list=&amp;start=\(start)</title>
              <id>http://arxiv.org/api/Fh4ZSqj0xHV3Xe8sHkCUmJqgKmE</id>
              <updated>2024-06-05T00:00:00-04:00</updated>
              <opensearch:totalResults \(opensearch)>\(total)</opensearch:totalResults>
              <opensearch:startIndex \(opensearch)>\(start)</opensearch:startIndex>
              <opensearch:itemsPerPage \(opensearch)>\(entries.count)</opensearch:itemsPerPage>
            \(entries.joined())</feed>

            """
    }

    /// A query with `total` results numbered from 1, served at most `pageSize` a page as arXiv
    /// may (it sometimes gives fewer than asked).
    static func pagedReply(_ request: ScriptedHTTPServer.Request, total: Int, pageSize: Int) -> ScriptedHTTPServer.Reply
    {
        let start = Int(request.query["start"] ?? "0") ?? 0
        let asked = Int(request.query["max_results"] ?? "10") ?? 10
        let end = min(total, start + min(asked, pageSize))
        let entries =
            start < end ? (start..<end).map { entry(id: id($0 + 1), title: "Paper \($0 + 1) on pruning") } : []
        return .atom(feed(query: request.query["search_query"] ?? "", total: total, start: start, entries: entries))
    }
}
