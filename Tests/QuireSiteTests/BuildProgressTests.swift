import Foundation
import QuireTestSupport
import Testing

@testable import QuireKit
@testable import QuireLoading

extension RenderingTests {
    @Suite("Build progress")
    struct BuildProgressTests {
        @Test("a build reports its phases in order, and pages per chunk up to the total")
        func phasesAndPages() throws {
            let folder = try TemporaryFolder("quire-progress")
            let seen = ProgressLog()
            let options = BuildOptions(
                siteDirectory: TestPaths.exampleSite, outputDirectory: folder.sub("public"),
                themeDirectory: TestPaths.theme, ledgerFile: folder.sub(LedgerFile.fileName),
                progress: seen.record)
            let report = try SiteBuilder(options: options).build()
            let reports = seen.reports
            var phases: [BuildProgress.Phase] = []
            for progress in reports where phases.last != progress.phase { phases.append(progress.phase) }
            #expect(phases == [.loading, .rendering, .feeds, .committing])
            let pages = reports.filter { $0.phase == .rendering }
            #expect(pages.allSatisfy { $0.total == report.pages })
            #expect(pages.first?.done == 0)
            #expect(pages.map(\.done).sorted() == pages.map(\.done), "totals only grow")
            #expect(pages.last?.done == report.pages)
            // One report per list page and per chunk of 64 paper pages, not one per paper page.
            let listPages = report.pages - report.papers
            #expect(pages.count == 1 + listPages + (report.papers + 63) / 64)
        }
    }
}

/// Collects progress reports from the build's threads.
final class ProgressLog: Sendable {
    private let lock = NSLock()
    nonisolated(unsafe) private var list: [BuildProgress] = []

    var reports: [BuildProgress] { lock.withLock { list } }

    var record: @Sendable (BuildProgress) -> Void {
        { [self] progress in lock.withLock { list.append(progress) } }
    }
}
