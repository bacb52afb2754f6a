import Testing

/// The tests that render Markdown or build whole sites, run one at a time: each build already
/// uses every core, and cmark-gfm's parser is process-wide state (MarkdownRenderer serializes
/// it), so running them side by side only makes them slower.
@Suite("Rendering", .serialized)
enum RenderingTests {}
