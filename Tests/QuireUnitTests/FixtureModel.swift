import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading

/// A site's model, loaded as a build loads it (configuration, digests, ledger and pages) with
/// the loading layer alone: the unit tests of what is made from a model do not need the
/// pipeline in QuireKit. Fails the test, as `SiteBuilder.load()` gives no model, when the
/// configuration or the ledger has an error.
enum FixtureModel {
    static func load(siteDirectory: String) throws -> (model: SiteModel, siteURL: SiteURL) {
        var inputs = SiteInputs(siteDirectory: siteDirectory, themeDirectory: TestPaths.theme)
        let (config, configDiagnostics) = ConfigLoader().load(path: inputs.configPath)
        inputs.trustedFolders = config.trustedFolders
        let (ledger, ledgerDiagnostics) = LedgerFile.load(path: inputs.ledgerPath)
        try #require((configDiagnostics + ledgerDiagnostics).errorCount == 0, "\(siteDirectory) has no model")
        let corpus = DigestLoader(config: config).load(directory: inputs.digestsDirectory, boundary: inputs.boundary)
        var model = SiteModel(corpus: corpus, config: config, ledger: ledger)
        model.pages = PageLoader.load(directory: inputs.pagesDirectory).0
        return (model, try #require(SiteURL(config.baseURL)))
    }
}
