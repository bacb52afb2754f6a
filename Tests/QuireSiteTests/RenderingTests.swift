import QuireTestSupport
import Testing

/// The tests that render Markdown or build whole sites, run one at a time, and one at a time
/// with those of the other test targets (see `OneRenderingAtATime`).
@Suite("Rendering", .serialized, .oneRenderingAtATime)
enum RenderingTests {}
