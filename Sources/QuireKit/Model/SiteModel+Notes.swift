extension SiteModel {
    /// Renders every paper's curator notes to HTML once, for its page and its feed items.
    static func renderNotes(_ papers: inout [Paper]) {
        let withNotes = papers.indices.filter { papers[$0].record.details?.notes.contains { !$0.markdown.isEmpty } == true }
        guard !withNotes.isEmpty else { return }
        let renderer = MarkdownRenderer()
        let html = withNotes.parallelMap { index in
            papers[index].record.details!.notes.filter { !$0.markdown.isEmpty }.map { renderer.html(markdown: $0.markdown) }.joined()
        }
        for (index, notes) in zip(withNotes, html) { papers[index].notesHTML = notes }
    }
}
