import Foundation
import QuireTestSupport

@testable import QuireKit
@testable import QuireLoading

/// A site built by `SiteBuilder` into a temporary folder that lives as long as this value. The
/// ledger goes to that folder too (starting empty), so tests never write into the repository.
final class BuiltSite: Sendable {
    let folder: TemporaryFolder
    let output: String
    let ledger: String
    let report: BuildReport

    init(site: String, outputName: String = "public") throws {
        folder = try TemporaryFolder("quire-build")
        output = folder.sub(outputName)
        ledger = folder.sub(LedgerFile.fileName)
        let options = BuildOptions(
            siteDirectory: site, outputDirectory: output, themeDirectory: TestPaths.theme, ledgerFile: ledger)
        report = try SiteBuilder(options: options).build()
    }
}
