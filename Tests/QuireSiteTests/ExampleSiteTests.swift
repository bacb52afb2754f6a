import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireKit

/// The example site (`Site/`) built once into a temporary folder, shared by the tests that read it.
private enum ExampleSite {
    static let built: Result<BuiltSite, Error> = Result {
        let built = try BuiltSite(site: TestPaths.exampleSite)
        SharedFolders.removeAtExit(built.folder.path)
        return built
    }
    static func output() throws -> String { try built.get().output }
    static let siteURL = SiteURL("http://localhost:8000/")!

    static func paperPages() throws -> [String] {
        try SiteInspection.files(in: output()).filter { (file: String) -> Bool in
            file.hasPrefix("papers/") && file.hasSuffix("/index.html") && file.split(separator: "/").count == 3
        }
    }
}

extension RenderingTests {
    @Suite("The example site, end to end")
    struct ExampleSiteTests {
        @Test("building Site/ writes exactly 276 paper pages")
        func paperPageCount() throws {
            let report = try ExampleSite.built.get().report
            #expect(try ExampleSite.paperPages().count == 276)
            #expect(report.digests == 5)
            #expect(report.entries == 343)
            #expect(report.papers == 276)
            #expect(report.mergedDuplicates == 67)
        }

        @Test("building Site/ reports nothing: every digest's year follows from the whole site")
        func diagnostics() throws {
            let report = try ExampleSite.built.get().report
            #expect(report.diagnostics.map(\.description) == [])
        }

        @Test("every seed title is the <h1> of exactly one paper page")
        func everySeedTitleHasOnePage() throws {
            let output = try ExampleSite.output()
            var headings: [String: [String]] = [:]
            for page in try ExampleSite.paperPages() {
                let heading = try #require(
                    SiteInspection.heading(of: SiteInspection.text(output + "/" + page)), "\(page) has no <h1>")
                headings[heading, default: []].append(page)
            }
            #expect(headings.count == 276)
            let titles = Set(try SeedReader.allTitles())
            #expect(titles.count == 276)
            for title in titles.sorted() {
                #expect(headings[MathText.html(title)]?.count == 1, "\(title)")  // escaped, its math as MathML
            }
            #expect(headings["COCO is &quot;ALL&#39;&#39; You Need for Visual Instruction Fine-tuning"]?.count == 1)
            #expect(
                headings["Fast &amp; Slow Learning: Incorporating Synthetic Gradients in Neural Memory Controllers"]?
                    .count == 1)
        }

        @Test("every link under the base path resolves to a file of the output")
        func links() throws {
            let output = try ExampleSite.output()
            #expect(SiteInspection.brokenLinks(output: output, siteURL: ExampleSite.siteURL) == [])
            // The check does look at links: the home page alone has dozens under "/".
            let home = SiteInspection.links(in: SiteInspection.text(output + "/index.html"))
            let rootedLinks: Int = home.filter { (link: String) -> Bool in link.hasPrefix("/") }.count
            #expect(rootedLinks > 40)
        }

        @Test("each topic's pages list exactly the papers whose topics include it, newest first")
        func topicPages() throws {
            let output = try ExampleSite.output()
            let options = BuildOptions(siteDirectory: TestPaths.exampleSite, themeDirectory: TestPaths.theme)
            let model = try #require(SiteBuilder(options: options).load().0)
            #expect(model.topics.count == 16)
            for (index, topic) in model.topics.enumerated() {
                let expected: [Int] = model.papers.indices.filter { (paper: Int) -> Bool in
                    model.papers[paper].topics.contains { $0.topic == index }
                }
                var listed: [String] = []
                var page = 1
                while true {
                    let suffix = page == 1 ? "" : "page/\(page)/"
                    let path = output + "/topics/" + topic.rule.slug + "/" + suffix + "index.html"
                    guard FileManager.default.fileExists(atPath: path) else { break }
                    listed += SiteInspection.cardLinks(in: SiteInspection.text(path))
                    page += 1
                }
                let pageCount: Int = page - 1
                let expectedPageCount: Int = max(1, (expected.count + 19) / 20)
                #expect(pageCount == expectedPageCount, "\(topic.rule.slug)")
                let expectedLinks: [String] = expected.map { (paper: Int) -> String in
                    "/papers/" + model.papers[paper].slug + "/"
                }
                #expect(Set(listed) == Set(expectedLinks), "\(topic.rule.slug)")
                let newestFirst: [String] = topic.papers.map { (paper: Int) -> String in
                    "/papers/" + model.papers[paper].slug + "/"
                }
                #expect(listed == newestFirst, "\(topic.rule.slug)")
            }
        }

        @Test("two builds into two folders are byte-identical")
        func reproducible() throws {
            let first = try ExampleSite.output()
            let second = try BuiltSite(site: TestPaths.exampleSite, outputName: "again")
            let files = SiteInspection.files(in: first)
            #expect(files == SiteInspection.files(in: second.output))
            #expect(files.count == 424)  // 423 files (.nojekyll and the Atom archives among them) and the manifest
            let different: [String] = files.filter { (file: String) -> Bool in
                FileManager.default.contents(atPath: first + "/" + file)
                    != FileManager.default.contents(atPath: second.output + "/" + file)
            }
            #expect(different == [])
        }

        @Test("the output holds .nojekyll and no file or folder whose name starts with _, which Jekyll would drop")
        func worksOnGitHubPages() throws {
            let files = SiteInspection.files(in: try ExampleSite.output())
            #expect(files.contains(".nojekyll"))
            #expect(files.filter { $0.split(separator: "/").contains { $0.hasPrefix("_") } } == [])
            #expect(files.contains("search/terms/-.json"), "the shard of terms that start with a digit, such as 3d")
        }

        @Test("a rebuild into the same folder keeps every file unchanged")
        func rebuildKeepsFiles() throws {
            // Rebuilds the shared output in place: its content stays what the other tests read.
            let built = try ExampleSite.built.get()
            let options = BuildOptions(
                siteDirectory: TestPaths.exampleSite, outputDirectory: built.output, themeDirectory: TestPaths.theme,
                ledgerFile: built.ledger)
            let again = try SiteBuilder(options: options).build()
            #expect(again.files == built.report.files)
            #expect(again.files == 423)
            #expect(again.carriedOver == [])
            #expect(again.unchangedFiles == built.report.files)
        }
    }
}
