extension SiteModel {
    /// Renders every paper's curator notes once, to HTML for its page and its feed items and to
    /// plain text for the search index.
    static func renderNotes(_ papers: inout [Paper]) {
        let withNotes = papers.indices.filter { papers[$0].record.details?.notes.contains { !$0.markdown.isEmpty } == true }
        guard !withNotes.isEmpty else { return }
        let renderer = MarkdownRenderer()
        let placed = papers
        let rendered = withNotes.parallelMap { index in
            placed[index].record.details!.notes.filter { !$0.markdown.isEmpty }.map { renderer.htmlAndText(markdown: $0.markdown) }
        }
        for (index, notes) in zip(withNotes, rendered) {
            papers[index].notesHTML = notes.map(\.html).joined()
            papers[index].notesText = notes.map(\.text).joined(separator: "\n")
        }
    }
}
