import QuireCore

/// Every paper's curator notes rendered once, to HTML for its page and feed items and to plain
/// text for the search index. Made once per build and shared by pages, feeds and search: the
/// model keeps the notes' Markdown, and rendering it is the publishing stage's job.
public struct RenderedNotes: Sendable {
    /// By paper index; papers without notes are absent.
    public let html: [Int: String]
    /// The same notes as plain text.
    public let text: [Int: String]

    public init(model: SiteModel) {
        let papers = model.papers
        let withNotes = papers.indices.filter {
            papers[$0].record.details?.notes.contains { !$0.markdown.isEmpty } == true
        }
        let renderer = MarkdownRenderer()
        let rendered = withNotes.parallelMap { index in
            papers[index].record.details!.notes.filter { !$0.markdown.isEmpty }.map {
                renderer.htmlAndText(markdown: $0.markdown)
            }
        }
        var html: [Int: String] = [:]
        var text: [Int: String] = [:]
        for (index, notes) in zip(withNotes, rendered) {
            html[index] = notes.map(\.html).joined()
            text[index] = notes.map(\.text).joined(separator: "\n")
        }
        self.html = html
        self.text = text
    }
}
