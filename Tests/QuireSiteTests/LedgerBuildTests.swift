import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireKit
@testable import QuireLoading

extension RenderingTests {
    /// Builds of a small site in a temporary folder, as a curator would make them one after another.
    @Suite("The ledger across builds")
    struct LedgerBuildTests {
        static let digest = """
            Jun 6

            Sparse Experts Are Fast Learners

            We train a sparse mixture of experts.

              • 4 authors
            ·
            Jun 3, 2024

            """
        static let json = """
            [{"paper": {"id": "2406.01234", "title": "Sparse Experts Are Fast Learners", "summary": "We train a sparse mixture of experts.",
                        "publishedAt": "2024-06-03T17:59:59.000Z", "upvotes": 9, "authors": [{"name": "Mara Lindqvist"}]},
              "publishedAt": "2024-06-05T00:41:12.562Z", "title": "Sparse Experts Are Fast Learners", "numComments": 0}]
            """

        func build(_ site: TemporaryFolder) throws -> BuildReport {
            let options = BuildOptions(siteDirectory: site.path, themeDirectory: TestPaths.theme)
            return try SiteBuilder(options: options).build()
        }

        func site() throws -> TemporaryFolder {
            let site = try TemporaryFolder("quire-ledger-site")
            try site.write("quire.yml", "title: Ledger\nbase_url: https://example.org/l/\n")
            try site.write("digests/2024-06-06.txt", Self.digest)
            return site
        }

        @Test("a paper that gains an arXiv id in a later build keeps its page and its feed id")
        func gainsID() throws {
            let site = try site()
            _ = try build(site)
            let ledger = site.sub(LedgerFile.fileName)
            #expect(
                LedgerFile.load(path: ledger).0.entries == [
                    PaperLedger.Entry(
                        slug: "sparse-experts-are-fast-learners", titleKey: "sparse experts are fast learners",
                        feedID: "papers/sparse-experts-are-fast-learners/")
                ])
            let page = "https://example.org/l/papers/sparse-experts-are-fast-learners/"
            #expect(SiteInspection.text(site.sub("public/atom.xml")).contains("<id>\(page)</id>"))

            try site.write("digests/2024-06-05.json", Self.json)
            let report = try build(site)
            #expect(report.papers == 1)
            #expect(
                FileManager.default.fileExists(
                    atPath: site.sub("public/papers/sparse-experts-are-fast-learners/index.html")))
            let atom = SiteInspection.text(site.sub("public/atom.xml"))
            #expect(atom.contains("<id>\(page)</id>"))
            #expect(atom.contains(#"<link rel="related" type="text/html" href="https://arxiv.org/abs/2406.01234"/>"#))
            #expect(
                SiteInspection.text(site.sub("public/feed.xml")).contains(#"<guid isPermaLink="true">\#(page)</guid>"#))
            #expect(LedgerFile.load(path: ledger).0.entries.map(\.arxiv) == ["2406.01234"])
            #expect(
                LedgerFile.load(path: ledger).0.entries.map(\.feedID) == ["papers/sparse-experts-are-fast-learners/"])
        }

        @Test(
            "a paper first published with an arXiv id has arXiv's abstract URL as its feed id, and RSS says it is no permalink"
        )
        func arxivFeedID() throws {
            let site = try TemporaryFolder("quire-ledger-site")
            try site.write("quire.yml", "title: Ledger\nbase_url: https://example.org/l/\n")
            try site.write("digests/2024-06-05.json", Self.json)
            _ = try build(site)
            #expect(
                SiteInspection.text(site.sub("public/atom.xml")).contains("<id>https://arxiv.org/abs/2406.01234</id>"))
            #expect(
                SiteInspection.text(site.sub("public/feed.xml")).contains(
                    #"<guid isPermaLink="false">https://arxiv.org/abs/2406.01234</guid>"#))
            #expect(
                SiteInspection.text(site.sub("public/feed.json")).contains(
                    #""id" : "https://arxiv.org/abs/2406.01234""#))
        }

        @Test("an older paper with the same title added later does not move the published page")
        func collision() throws {
            let site = try site()
            _ = try build(site)
            try site.write(
                "digests/2020-01-02.txt",
                "Jan 2\n\nSpärse Experts Are Fast Learners\n\nAn older paper.\n\n  • 2 authors\n·\nJan 1, 2020\n")
            _ = try build(site)
            let page = SiteInspection.text(site.sub("public/papers/sparse-experts-are-fast-learners/index.html"))
            #expect(SiteInspection.heading(of: page) == "Sparse Experts Are Fast Learners")
            let older = SiteInspection.text(site.sub("public/papers/sparse-experts-are-fast-learners-2/index.html"))
            #expect(SiteInspection.heading(of: older) == "Spärse Experts Are Fast Learners")
        }

        @Test("the build after the one that wrote the ledger finds everything up to date and rewrites nothing")
        func upToDateAfterWrite() throws {
            let site = try site()
            let first = try build(site)
            #expect(!first.upToDate)
            var written = stat()
            stat(site.sub(LedgerFile.fileName), &written)
            let second = try build(site)
            #expect(second.upToDate)
            var after = stat()
            stat(site.sub(LedgerFile.fileName), &after)
            #expect(written.st_ino == after.st_ino && written.st_mtim.tv_nsec == after.st_mtim.tv_nsec)
            // Editing the ledger is a change: the next build reads it again.
            try site.write(
                LedgerFile.fileName,
                SiteInspection.text(site.sub(LedgerFile.fileName)).replacingOccurrences(
                    of: "feed_id: \"papers/sparse-experts-are-fast-learners/\"",
                    with: "feed_id: \"tag:example.org,2024:sparse\""))
            let third = try build(site)
            #expect(!third.upToDate)
            #expect(SiteInspection.text(site.sub("public/atom.xml")).contains("<id>tag:example.org,2024:sparse</id>"))
        }

        @Test(
            "an unchanged build leaves the ledger file alone; a ledger that is not YAML stops the build and keeps the output"
        )
        func untouchedAndBroken() throws {
            let site = try site()
            _ = try build(site)
            let ledger = site.sub(LedgerFile.fileName)
            var before = stat()
            stat(ledger, &before)
            try site.write("digests/2024-06-06.txt", Self.digest + "\n")  // changes the input, not the papers
            _ = try build(site)
            var after = stat()
            stat(ledger, &after)
            #expect(before.st_ino == after.st_ino && before.st_mtim.tv_nsec == after.st_mtim.tv_nsec)

            let index = try TestPaths.bytes(site.sub("public/index.html"))
            try site.write(LedgerFile.fileName, "papers: [\n")
            #expect(throws: BuildFailure.self) { try build(site) }
            #expect(try TestPaths.bytes(site.sub("public/index.html")) == index)
            #expect(SiteInspection.text(ledger) == "papers: [\n")
        }
    }
}
