import QuireTestSupport

@testable import QuireCore
@testable import QuireLoading

/// The seeds loaded once by the digest loader with the default configuration, shared by the tests that
/// only read it (loading takes a noticeable part of a second in a debug build).
enum SeedCorpus {
    static let corpus: Corpus = DigestLoader(config: SiteConfig()).load(directory: TestPaths.seeds)
}
