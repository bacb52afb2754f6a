import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireKit
@testable import QuireLoading
@testable import QuireOutput

extension RenderingTests {
    @Suite("quire init: the starter site")
    struct SiteScaffoldTests {
        @Test("a new site builds at once, without a warning, with both example topics and the Other list")
        func newSiteBuilds() throws {
            let folder = try TemporaryFolder("quire-init")
            let site = folder.sub("new/site")
            let written = try SiteScaffold.create(at: site)
            #expect(
                written
                    == ["quire.yml", "digests/2025-06-12.txt", "pages/about.md", "templates/README.md", ".gitignore"]
                    .map { site + "/" + $0 })

            let options = BuildOptions(siteDirectory: site, themeDirectory: TestPaths.theme)
            let report = try SiteBuilder(options: options).build()
            #expect(report.diagnostics == [])
            #expect(report.digests == 1)
            #expect(report.papers == 4)
            #expect(report.outputDirectory == OutputWriter.absolute(site + "/public"))
            let output = report.outputDirectory
            for topic in ["pruning", "quantization", "other"] {
                #expect(FileManager.default.fileExists(atPath: output + "/topics/\(topic)/index.html"), "\(topic)")
            }
            #expect(SiteInspection.brokenLinks(output: output, siteURL: SiteURL("https://example.org/")!) == [])
            #expect(
                !FileManager.default.fileExists(atPath: output + "/README.md"),
                "the note in templates/ is not published")
            let digest = SiteInspection.text(output + "/digests/index.html")
            #expect(digest.contains("Jun 12, 2025"))
            // The About page is published and in every page's navigation.
            #expect(digest.contains(#"<a href="/about/">About</a>"#))
            #expect(SiteInspection.heading(of: SiteInspection.text(output + "/about/index.html")) == "About")
        }

        @Test("quire check on a new site reports its four papers; an extra topic that matches nothing is named")
        func newSiteCheck() throws {
            let folder = try TemporaryFolder("quire-init")
            let site = folder.sub("site")
            try SiteScaffold.create(at: site)
            let config = try String(contentsOfFile: site + "/quire.yml", encoding: .utf8)
            try
                (config + """
                      - slug: robotics
                        title: "Robotics"
                        keywords: ["robot", "manipulation"]

                    """).write(toFile: site + "/quire.yml", atomically: true, encoding: .utf8)
            let check = SiteBuilder(options: BuildOptions(siteDirectory: site, themeDirectory: TestPaths.theme)).check()
            #expect(check.diagnostics == [])
            #expect(!check.fails(strict: true))
            #expect(
                check.reportLines == [
                    "Digests                1",
                    "Entries                4",
                    "Papers                 4 (0 merged duplicates)",
                    "Papers by source       4 HF text",
                    "Undated papers         0",
                    "Papers with no topic   1 (listed under \"Other\")",
                    "Topics with no papers  1: robotics",
                ])
            #expect(!FileManager.default.fileExists(atPath: site + "/public"), "check writes nothing")
        }

        @Test("the new quire.yml carries a commented fetch: example that reads as written once uncommented")
        func fetchExample() throws {
            let folder = try TemporaryFolder("quire-init")
            try SiteScaffold.create(at: folder.sub("site"))
            let config = try String(contentsOfFile: folder.sub("site/quire.yml"), encoding: .utf8)
            let lines = config.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let start = try #require(lines.firstIndex(of: "# fetch:"))
            #expect(
                ConfigLoader().parse(config, path: "quire.yml").0.fetch.isEmpty, "commented out, it fetches nothing")
            let example = lines[start...].prefix { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)) }.joined(
                separator: "\n")
            let (parsed, diagnostics) = ConfigLoader().parse(example, path: "quire.yml")
            #expect(diagnostics == [])
            #expect(
                parsed.fetch
                    == FetchSources(
                        huggingFace: true, arxivQueries: ["cat:cs.LG AND abs:pruning"],
                        arxivListingCategories: ["cs.CL", "cs.LG"]))
        }

        @Test("the new quire.yml carries a commented arxiv_announce: example, the default, that reads as written")
        func announceExample() throws {
            let folder = try TemporaryFolder("quire-init")
            try SiteScaffold.create(at: folder.sub("site"))
            let config = try String(contentsOfFile: folder.sub("site/quire.yml"), encoding: .utf8)
            let line = try #require(config.split(separator: "\n").first { $0.hasPrefix("# arxiv_announce:") })
            let (parsed, diagnostics) = ConfigLoader().parse(String(line.dropFirst(2)), path: "quire.yml")
            #expect(diagnostics == [])
            #expect(parsed.arxivAnnounce == ArxivAnnounceType.listedByDefault)
        }

        @Test("init refuses a folder that holds anything, and writes nothing into it")
        func refusesNonEmptyFolder() throws {
            let folder = try TemporaryFolder("quire-init")
            try folder.write(".keep", "")
            #expect(throws: ScaffoldFailure.self) { try SiteScaffold.create(at: folder.path) }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [".keep"])
            let file = try folder.write("file", "x")
            #expect(throws: ScaffoldFailure.self) { try SiteScaffold.create(at: file) }
        }

        @Test("an empty folder is fine")
        func emptyFolder() throws {
            let folder = try TemporaryFolder("quire-init")
            try SiteScaffold.create(at: folder.path)
            #expect(FileManager.default.fileExists(atPath: folder.sub("quire.yml")))
        }
    }

    @Suite("quire check: the report")
    struct SiteCheckTests {
        @Test("check on the small fixture reports exactly its figures and its undated digest, and writes nothing")
        func smallFixture() throws {
            let site = TestPaths.fixture("sites/small")
            let check = SiteBuilder(options: BuildOptions(siteDirectory: site, themeDirectory: TestPaths.theme)).check()
            let digests = site + "/digests"
            #expect(
                check.reportLines == [
                    "Digests                3 (2 dated by inference, 1 undated)",
                    "Entries                10",
                    "Papers                 7 (3 merged duplicates)",
                    "Papers by source       7 HF text",
                    "Undated papers         4 (no date of their own; 2 of them listed only in undated digests, last in the feeds)",
                    "Papers with no topic   3 (listed under \"Other\")",
                    "Topics with no papers  none",
                    "Digest dates found by inference or not at all:",
                    "  \(digests)/a.txt: 2024-06-09, inferred as the year after 2023, the latest year its entries print, since some entries print none",
                    "  \(digests)/b.txt: 2024-06-12, inferred as the first year that puts Jun 12 on or after its latest entry, 2024-06-01",
                    "  \(digests)/c.txt: undated: its header says Mar 11 and its entries give no year to infer; pin it with digest_dates in quire.yml or a YYYY-MM-DD file-name prefix",
                ])
            // The same diagnostics a build reports (SiteBuilderTests.report), found without writing.
            #expect(
                check.diagnostics.map(\.description) == [
                    "\(digests)/c.txt:9: warning: the year of this digest (Mar 11) cannot be known: no entry has a date, and none of its papers has a date elsewhere in the site; pin it with digest_dates in quire.yml or a YYYY-MM-DD file-name prefix"
                ])
            #expect(!check.fails(strict: false))
            #expect(check.fails(strict: true))
            #expect(!FileManager.default.fileExists(atPath: site + "/public"))
        }

        @Test(
            "check on the example site: 276 papers from 343 entries, 67 merged, every digest dated from the whole site")
        func exampleSite() throws {
            let site = TestPaths.exampleSite
            let check = SiteBuilder(options: BuildOptions(siteDirectory: site, themeDirectory: TestPaths.theme)).check()
            let lines = check.reportLines
            #expect(
                Array(lines.prefix(5)) == [
                    "Digests                5 (5 dated by inference)",
                    "Entries                343",
                    "Papers                 276 (67 merged duplicates)",
                    "Papers by source       276 HF text",
                    "Undated papers         165 (no date of their own)",
                ])
            #expect(lines.filter { $0.hasPrefix("  ") && $0.contains(": undated: ") }.count == 0)
            #expect(check.diagnostics.count == 0)
        }

        @Test(
            "check on the mixed-format site counts papers per kind of source, a paper under each kind that describes it"
        )
        func mixedSite() throws {
            let site = TestPaths.fixture("sites/mixed")
            let check = SiteBuilder(options: BuildOptions(siteDirectory: site, themeDirectory: TestPaths.theme)).check()
            let lines = check.reportLines
            #expect(
                Array(lines.prefix(4)) == [
                    "Digests                7 (5 dated by inference)",
                    "Entries                354",
                    "Papers                 277 (77 merged duplicates)",
                    "Papers by source       276 HF text, 3 HF JSON, 5 arXiv Atom, 3 notes",
                ])
            // The JSON and Atom digests date themselves: neither is listed as inferred or undated.
            #expect(!lines.contains { $0.contains(".json:") || $0.contains(".atom:") })
        }

        @Test("a configuration error fails check, with the error and no figures")
        func configError() throws {
            let folder = try TemporaryFolder("quire-check")
            try folder.write("quire.yml", "title: [unclosed\n")
            let check = SiteBuilder(options: BuildOptions(siteDirectory: folder.path, themeDirectory: TestPaths.theme))
                .check()
            #expect(check.diagnostics.map(\.severity) == [.error])
            #expect(check.diagnostics.first?.location.path == folder.sub("quire.yml"))
            #expect(check.reportLines == ["The site was not loaded: its configuration has errors."])
            #expect(check.fails(strict: false))
        }

        @Test("a template error is found by check, as by a build")
        func templateError() throws {
            let folder = try TemporaryFolder("quire-check")
            try FileManager.default.copyItem(atPath: TestPaths.fixture("sites/small"), toPath: folder.sub("site"))
            try folder.write("site/templates/home.mustache", "{{/nothing}}\n")
            let check = SiteBuilder(
                options: BuildOptions(siteDirectory: folder.sub("site"), themeDirectory: TestPaths.theme)
            ).check()
            #expect(
                check.diagnostics.filter { $0.severity == .error }.map(\.location) == [
                    SourceLocation(path: folder.sub("site/templates/home.mustache"), line: 1)
                ])
            #expect(check.fails(strict: false))
            #expect(check.model != nil, "digests are still loaded and reported")
        }
    }
}
