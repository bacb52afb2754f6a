import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireKit
@testable import QuireOutput

/// Builds `Fixtures/sites/small` into a fresh temporary folder.
private func buildSmallSite() throws -> BuiltSite {
    try BuiltSite(site: RenderingTests.SiteBuilderTests.site)
}

extension RenderingTests {
    @Suite("SiteBuilder on the small fixture site")
    struct SiteBuilderTests {
        static let site = TestPaths.fixture("sites/small")
        static let goldenFolder = TestPaths.golden + "/small"
        static let siteURL = SiteURL("https://example.org/reading/")!

        static let paperSlugs = [
            "a-tagged-quoted-titles-test", "distilling-reward-models-without-reward-hacking", "dont-stop-pruning",
            "pruning-at-a-glance", "quiet-paper", "sparse-upcycling-training-mixture-of-experts-from-dense-checkpoints",
            "tulu-3-open-post-training",
        ]

        /// Every file the build must write (besides `.quire-manifest`), worked out by hand from the fixture.
        static let expectedFiles: [String] = {
            var files = [
                ".nojekyll", "404.html", "atom.xml", "favicon.svg", "feed.json", "feed.xml", "feeds.opml", "index.html",
                "robots.txt",
                "search.js", "sitemap.xml", "style.css",
                // Seven listings with feed_limit 3: three in the current documents, four in two
                // archives, in Atom only.
                "atom-archive-1.xml", "atom-archive-2.xml",
                "search/index.html", "search/meta.json", "search/docs/0.json", "search/terms/-.json",
                "dates/index.html", "dates/undated/index.html", "dates/undated/page/2/index.html",
                // Listing days: the two dated digests' (c.txt's year cannot be known).
                "dates/2024/index.html", "dates/2024/06/index.html", "dates/2024/06/09/index.html",
                "dates/2024/06/12/index.html",
                "digests/index.html", "digests/a/index.html", "digests/b/index.html", "digests/c/index.html",
                "topics/index.html",
                "topics/pruning/page/2/index.html", "topics/other/page/2/index.html",
            ]
            for topic in ["pruning", "mixture-of-experts", "rl", "other"] {
                files += ["topics/\(topic)/index.html", "topics/\(topic)/feed.xml", "topics/\(topic)/atom.xml"]
            }
            // A most-upvoted page for each topic with upvoted papers (one page of them each); none
            // of "other"'s papers has upvotes.
            files += ["pruning", "mixture-of-experts", "rl"].map { "topics/\($0)/top/index.html" }
            files += paperSlugs.map { "papers/\($0)/index.html" }
            return files.sorted()
        }()

        @Test("every output file equals its golden file under Golden/small, and no file is missing or extra")
        func goldenFiles() throws {
            let built = try buildSmallSite()
            let output = built.output
            let recordAll = ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1"
            let produced = SiteInspection.files(in: output).filter { $0 != OutputManifest.fileName }
            var recorded: [String] = []
            for path in produced {
                let actual = try TestPaths.bytes(output + "/" + path)
                let goldenPath = Self.goldenFolder + "/" + path
                // A missing golden file fails the test: recording one is asked for, never done in passing.
                if !recordAll && !FileManager.default.fileExists(atPath: goldenPath) {
                    Issue.record("no golden file Golden/small/\(path) (RECORD_GOLDEN=1 swift test records it)")
                    continue
                }
                if recordAll {
                    try FileManager.default.createDirectory(
                        atPath: (goldenPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try Data(actual).write(to: URL(fileURLWithPath: goldenPath))
                    recorded.append(path)
                    continue
                }
                let expected = try TestPaths.bytes(goldenPath)
                let expectedText = String(decoding: expected, as: UTF8.self),
                    actualText = String(decoding: actual, as: UTF8.self)
                if actual != expected {
                    Issue.record(
                        """
                        \(path) differs from Golden/small/\(path) (RECORD_GOLDEN=1 swift test re-records it):
                        \(SiteInspection.lineDiff(expected: expectedText, actual: actualText))
                        """)
                }
            }
            let golden = SiteInspection.files(in: Self.goldenFolder)
            let stale = golden.filter { !produced.contains($0) }
            if recordAll {
                for path in stale { try FileManager.default.removeItem(atPath: Self.goldenFolder + "/" + path) }
            } else {
                #expect(stale == [], "golden files the build no longer writes")
            }
            if !recorded.isEmpty {
                Issue.record(
                    "recorded \(recorded.count) golden file\(recorded.count == 1 ? "" : "s") under Tests/Golden/small (RECORD_GOLDEN=1)",
                    severity: .warning)
            }
            #expect(produced == Self.expectedFiles)
        }

        @Test("the build reports its figures and the undated digest's warnings exactly")
        func report() throws {
            let built = try buildSmallSite()
            let (report, output) = (built.report, built.output)
            #expect(report.digests == 3)
            #expect(report.entries == 10)
            #expect(report.papers == 7)
            #expect(report.mergedDuplicates == 3)
            #expect(report.carriedOver == [])
            #expect(report.unchangedFiles == 0)
            #expect(report.files == Self.expectedFiles.count)
            #expect(report.outputDirectory == output)
            let c = Self.site + "/digests/c.txt"
            #expect(
                report.diagnostics.map(\.description) == [
                    "\(c):9: warning: the year of this digest (Mar 11) cannot be known: no entry has a date, and none of its papers has a date elsewhere in the site; pin it with digest_dates in quire.yml or a YYYY-MM-DD file-name prefix"
                ])
        }

        @Test("the model merges, dates and repairs the fixture's papers")
        func model() throws {
            let (model, siteURL, diagnostics) = SiteBuilder(
                options: BuildOptions(siteDirectory: Self.site, themeDirectory: TestPaths.theme)
            ).load()
            #expect(siteURL == Self.siteURL)
            #expect(diagnostics.count == 1)
            let papers = try #require(model).papers
            #expect(papers.map(\.slug).sorted() == Self.paperSlugs)
            func paper(_ slug: String) throws -> SiteModel.Paper { try #require(papers.first { $0.slug == slug }) }
            let upcycling = try paper("sparse-upcycling-training-mixture-of-experts-from-dense-checkpoints")
            #expect(upcycling.title == "Sparse Upcycling: Training Mixture-of-Experts from Dense Checkpoints")
            #expect(upcycling.date == day(2023, 6, 6))
            #expect(upcycling.record.upvotes == 9)
            #expect(upcycling.record.appearances.map(\.digest) == [0, 1])
            let tulu = try paper("tulu-3-open-post-training")
            #expect(tulu.title == "TÜLU 3: Open Post-Training")
            #expect(tulu.date == day(2024, 5, 28))
            #expect(tulu.record.byline == .organization(handle: "Westlake-University", name: "Westlake University"))
            #expect(tulu.record.upvotes == 12)
            #expect(tulu.record.appearances.map(\.digest) == [0, 1])
            let glance = try paper("pruning-at-a-glance")
            #expect(glance.date == nil)
            #expect(glance.listingDate == day(2024, 6, 9))
            #expect(
                glance.record.abstract
                    == "We prune 13% of weights with δ-sparsity (cf. magnitude pruning) and a “back-off” schedule. Code: https://github.com/a/glance_prune."
            )
            let distilling = try paper("distilling-reward-models-without-reward-hacking")
            #expect(distilling.topics.map(\.topic) == [3])
            #expect(try #require(model).topics.map(\.rule.slug) == ["pruning", "mixture-of-experts", "rl", "other"])
            #expect(try #require(model).topics.map(\.papers.count) == [3, 1, 1, 3])
        }

        @Test("every link under the subpath /reading/ resolves to a file of the output, and none leaves it")
        func links() throws {
            let built = try buildSmallSite()
            let output = built.output
            #expect(SiteInspection.brokenLinks(output: output, siteURL: Self.siteURL) == [])
            let home = SiteInspection.text(output + "/index.html")
            #expect(home.contains(#"<link rel="canonical" href="https://example.org/reading/">"#))
            #expect(home.contains(#"<link rel="stylesheet" href="/reading/style.css">"#))
        }

        @Test("titles and abstracts are HTML-escaped and abstracts keep Markdown characters literal")
        func escaping() throws {
            let built = try buildSmallSite()
            let output = built.output
            let page = SiteInspection.text(output + "/papers/a-tagged-quoted-titles-test/index.html")
            #expect(SiteInspection.heading(of: page) == "A &lt;Tagged&gt; &amp; &quot;Quoted&quot; Title&#39;s Test")
            #expect(
                page.contains(
                    "<p>Plain text with *stars* and _underscores_ &lt;b&gt;not bold&lt;/b&gt; &amp; more.</p>"))
            let glance = SiteInspection.text(output + "/papers/pruning-at-a-glance/index.html")
            #expect(
                glance.contains(
                    #"Code: <a href="https://github.com/a/glance_prune">https://github.com/a/glance_prune</a>.</p>"#))
        }

        @Test("topic pages hold two papers each, newest first, with links to the other pages")
        func pagination() throws {
            let built = try buildSmallSite()
            let output = built.output
            let first = SiteInspection.text(output + "/topics/pruning/index.html")
            let second = SiteInspection.text(output + "/topics/pruning/page/2/index.html")
            // Newest first listing first: the Jun 12 digest's two pruning papers, then Jun 9's.
            #expect(
                SiteInspection.cardLinks(in: first) == [
                    "/reading/papers/dont-stop-pruning/",
                    "/reading/papers/sparse-upcycling-training-mixture-of-experts-from-dense-checkpoints/",
                ])
            #expect(SiteInspection.cardLinks(in: second) == ["/reading/papers/pruning-at-a-glance/"])
            #expect(first.contains(#"<a rel="next" href="/reading/topics/pruning/page/2/">"#))
            #expect(second.contains(#"<a rel="prev" href="/reading/topics/pruning/">"#))
            #expect(
                first.contains(
                    #"<ul><li><span aria-current="page">1</span></li><li><a href="/reading/topics/pruning/page/2/">2</a></li></ul>"#
                ))
            #expect(
                second.contains(
                    #"<ul><li><a href="/reading/topics/pruning/">1</a></li><li><span aria-current="page">2</span></li></ul>"#
                ))
            let undated = SiteInspection.text(output + "/dates/undated/index.html")
            #expect(
                SiteInspection.cardLinks(in: undated) == [
                    "/reading/papers/distilling-reward-models-without-reward-hacking/",
                    "/reading/papers/pruning-at-a-glance/",
                ])
        }
    }
}
