import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireKit
@testable import QuireLoading

extension RenderingTests {
    /// What a build reads: one list of inputs for the build, its up-to-date check and the
    /// preview's watcher, and a theme compiled into the binary.
    @Suite("Site inputs and the built-in theme")
    struct SiteInputsTests {
        func site() throws -> TemporaryFolder {
            let folder = try TemporaryFolder("quire-inputs")
            _ = try SiteScaffold.create(at: folder.sub("site"))
            return folder
        }

        @Test("editing pages/about.md makes the next build run and publish the edit")
        func pageEdit() throws {
            let folder = try site()
            let options = BuildOptions(siteDirectory: folder.sub("site"))
            #expect(try !SiteBuilder(options: options).build().upToDate)
            #expect(try SiteBuilder(options: options).build().upToDate)
            let about = folder.sub("site/pages/about.md")
            try folder.write(
                "site/pages/about.md", SiteInspection.text(about) + "\nA sentence added after the first build.\n")
            #expect(try !SiteBuilder(options: options).build().upToDate)
            #expect(
                SiteInspection.text(folder.sub("site/public/about/index.html")).contains(
                    "A sentence added after the first build."))
        }

        @Test("the list of inputs holds the configuration, the ledger, digests, pages, templates and the theme folder")
        func inputList() {
            let inputs = SiteInputs(siteDirectory: "/s", themeDirectory: "/theme")
            #expect(
                inputs.all == [
                    "/s/quire.yml", "/s/quire-ledger.yml", "/s/digests", "/s/pages", "/s/templates", "/theme",
                ])
            #expect(SiteInputs(siteDirectory: "/s").folders == ["/s/digests", "/s/pages", "/s/templates"])
        }

        @Test("the built-in theme holds Templates/, file for file and byte for byte")
        func builtInIsTemplates() throws {
            let names = try FileManager.default.contentsOfDirectory(atPath: TestPaths.theme).filter {
                !$0.hasPrefix(".")
            }.sorted()
            #expect(DefaultTheme.files.map(\.name) == names)
            for file in DefaultTheme.files {
                #expect(
                    file.bytes == (try TestPaths.bytes(TestPaths.theme + "/" + file.name)),
                    "\(file.name) differs from Templates/")
            }
        }

        @Test("the example site built with the built-in theme equals the build with --theme Templates/")
        func builtInBuildsAlike() throws {
            let folder = try TemporaryFolder("quire-theme-builds")
            for (name, theme) in [("built-in", nil), ("folder", TestPaths.theme)] {
                let options = BuildOptions(
                    siteDirectory: TestPaths.exampleSite, outputDirectory: folder.sub(name), themeDirectory: theme,
                    ledgerFile: folder.sub("\(name)-ledger.yml"))
                try FileManager.default.copyItem(
                    atPath: TestPaths.exampleSite + "/" + LedgerFile.fileName, toPath: folder.sub("\(name)-ledger.yml"))
                _ = try SiteBuilder(options: options).build()
            }
            let files = SiteInspection.files(in: folder.sub("built-in"))
            #expect(files == SiteInspection.files(in: folder.sub("folder")))
            #expect(files.count > 276)  // every paper page, and more
            for file in files {
                #expect(
                    try TestPaths.bytes(folder.sub("built-in/" + file))
                        == (try TestPaths.bytes(folder.sub("folder/" + file))), "\(file)")
            }
        }

        @Test("quire theme export writes the built-in theme and leaves files already there alone")
        func export() throws {
            let folder = try TemporaryFolder("quire-theme-export")
            try folder.write("theme/style.css", "/* mine */\n")
            let result = try DefaultTheme.export(to: folder.sub("theme"))
            #expect(result.skipped == [folder.sub("theme/style.css")])
            #expect(result.written.count == DefaultTheme.files.count - 1)
            #expect(SiteInspection.text(folder.sub("theme/style.css")) == "/* mine */\n")
            #expect(
                try TestPaths.bytes(folder.sub("theme/base.mustache"))
                    == (try TestPaths.bytes(TestPaths.theme + "/base.mustache")))
        }
    }
}
