import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireKit
@testable import QuireLoading
@testable import QuireOutput

/// A published URL is forever: every page an earlier build published answers after a later
/// build, with the page or with a redirect to the nearest page there is.
@Suite("Published pages keep answering")
struct PublishedPagesTests {
    /// A text digest of `titles`, each with an abstract and a date.
    static func digest(_ titles: [String]) -> String {
        "Daily Papers\n\nApr 13\n\n"
            + titles.map { "\($0)\n\nIts abstract.\n\n  • 4 authors\n·\nJun 6, 2023\n\n" }.joined()
    }

    /// A site in a temporary folder with its ledger beside it, built into `out` (or another folder).
    struct Site {
        let folder: TemporaryFolder

        init() throws {
            folder = try TemporaryFolder("quire-published")
            try folder.write("site/quire.yml", "title: Published\nbase_url: https://example.org/sub/\n")
        }

        @discardableResult
        func build(into output: String = "out") throws -> BuildReport {
            try SiteBuilder(
                options: BuildOptions(
                    siteDirectory: folder.sub("site"), outputDirectory: folder.sub(output),
                    themeDirectory: TestPaths.theme, ledgerFile: folder.sub("ledger.yml"))
            ).build()
        }

        func rename(_ from: String, _ to: String) throws {
            try FileManager.default.moveItem(
                atPath: folder.sub("site/digests/" + from), toPath: folder.sub("site/digests/" + to))
        }
    }

    @Test("retired feed archives are the RSS and JSON Feed archives of the site, topics and authors, and nothing else")
    func retiredArchivePaths() {
        for path in [
            "feed-archive-1.xml", "feed-archive-12.json", "topics/fine-tuning/feed-archive-3.xml",
            "authors/tri-dao/feed-archive-1.json",
        ] {
            #expect(SitePaths.isRetiredArchive(path), "\(path)")
        }
        for path in [
            "atom-archive-1.xml", "feed-archive-.xml", "feed-archive-1.html", "feed.xml", "dates/feed-archive-1.xml",
            "topics/feed-archive-1.xml", "topics/a/b/feed-archive-1.xml", "topics/A/feed-archive-1.xml",
            "feed-archive-1x.xml",
        ] {
            #expect(!SitePaths.isRetiredArchive(path), "\(path)")
        }
        #expect(SitePaths.atomArchive(replacing: "topics/x/feed-archive-3.json") == "topics/x/atom-archive-3.xml")
        #expect(SitePaths.atomArchive(replacing: "feed-archive-12.xml") == "atom-archive-12.xml")
    }

    /// The page files (`…/index.html`, `404.html`) under `output`, relative to it.
    static func pages(in output: String) -> [String] {
        let files = FileManager.default.enumerator(atPath: output)?.compactMap { $0 as? String } ?? []
        return files.filter { $0 == "404.html" || $0 == "index.html" || $0.hasSuffix("/index.html") }.sorted()
    }

    /// The output path a redirect page leads to (from its `rel=canonical`), or nil for a page.
    static func redirectTarget(_ html: String, base: String) -> String? {
        guard html.contains(#"<meta http-equiv="refresh""#),
            let start = html.range(of: #"<link rel="canonical" href=""#)?.upperBound,
            let end = html[start...].firstIndex(of: "\"")
        else { return nil }
        let url = String(html[start..<end])
        guard url.hasPrefix(base) else { return url }
        return SitePaths.file(for: String(url.dropFirst(base.count)))
    }

    /// Each of `published` is in `output` as a page, or as a redirect to a real page there;
    /// returns the redirects found, old page to new.
    static func expectAnswers(_ published: [String], in output: String, base: String) throws -> [String: String] {
        var redirects: [String: String] = [:]
        for page in published {
            guard let html = try? String(contentsOfFile: output + "/" + page, encoding: .utf8) else {
                Issue.record("\(page) no longer answers")
                continue
            }
            guard let target = redirectTarget(html, base: base) else { continue }
            redirects[page] = target
            let landing = try? String(contentsOfFile: output + "/" + target, encoding: .utf8)
            #expect(landing != nil, "\(page) leads to \(target), which is not there")
            #expect(landing.map { redirectTarget($0, base: base) == nil } ?? false, "\(page) leads to another redirect")
        }
        return redirects
    }

    @Test("after a digest file is renamed, its old page leads to its new one and every other page stays")
    func renamedDigest() throws {
        let site = try Site()
        try site.folder.write("site/digests/2024-06-05-week.txt", Self.digest(["Sparse Routing", "Dense Routing"]))
        try site.folder.write("site/digests/2024-06-12-week.txt", Self.digest(["Quiet Paper"]))
        try site.build()
        let before = Self.pages(in: site.folder.sub("out"))
        #expect(before.contains("digests/2024-06-05-week/index.html"))

        try site.rename("2024-06-05-week.txt", "2024-06-05_routing.txt")
        try site.build()
        let redirects = try Self.expectAnswers(before, in: site.folder.sub("out"), base: "https://example.org/sub/")
        #expect(redirects == ["digests/2024-06-05-week/index.html": "digests/2024-06-05-routing/index.html"])
        #expect(
            try String(contentsOfFile: site.folder.sub("out/_redirects"), encoding: .utf8)
                == "/sub/digests/2024-06-05-week/ /sub/digests/2024-06-05-routing/ 301\n")

        // On another machine, with only the ledger to say what was published, the same holds.
        try site.build(into: "elsewhere")
        #expect(
            try Self.expectAnswers(before, in: site.folder.sub("elsewhere"), base: "https://example.org/sub/")
                == redirects)
    }

    @Test("a listing day that is gone leads to its month, else its year, else the dates index")
    func goneDays() throws {
        let site = try Site()
        try site.folder.write("site/digests/2024-06-05.txt", Self.digest(["Sparse Routing"]))
        try site.folder.write("site/digests/2024-06-12.txt", Self.digest(["Quiet Paper"]))
        try site.folder.write("site/digests/2024-07-01.txt", Self.digest(["Loud Paper"]))
        try site.folder.write("site/digests/2023-01-02.txt", Self.digest(["Old Paper"]))
        try site.build()
        for name in ["2024-06-12.txt", "2024-07-01.txt", "2023-01-02.txt"] {
            try FileManager.default.removeItem(atPath: site.folder.sub("site/digests/" + name))
        }
        try site.build()
        let redirects = try #require(try? String(contentsOfFile: site.folder.sub("out/_redirects"), encoding: .utf8))
        for line in [
            "/sub/dates/2024/06/12/ /sub/dates/2024/06/ 301", "/sub/dates/2024/07/01/ /sub/dates/2024/ 301",
            "/sub/dates/2024/07/ /sub/dates/2024/ 301", "/sub/dates/2023/01/02/ /sub/dates/ 301",
            "/sub/dates/2023/ /sub/dates/ 301", "/sub/digests/2024-07-01/ /sub/digests/ 301",
        ] {
            #expect(redirects.contains(line + "\n"), "\(line)")
        }
    }

    @Test("a site built by Quire c8f8d1f, rebuilt into the same folder: every page it published still answers")
    func upgradeFromC8f8d1f() throws {
        let folder = try TemporaryFolder("quire-upgrade")
        // The mixed fixture site, its symbolic links followed, so it builds from anywhere.
        let fixture = TestPaths.fixture("sites/mixed")
        for file in FileManager.default.subpaths(atPath: fixture) ?? [] {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: fixture + "/" + file, isDirectory: &isFolder),
                !isFolder.boolValue
            else { continue }
            var bytes = try TestPaths.bytes(fixture + "/" + file)
            if file == "quire.yml" {
                bytes = Array(String(decoding: bytes, as: UTF8.self).replacing(#/trusted_folders:.*\n/#, with: "").utf8)
            }
            try folder.write("site/" + file, bytes: bytes)
        }
        // The output as c8f8d1f left it: its files, and a manifest naming them.
        let listing = try String(contentsOfFile: TestPaths.fixture("published/c8f8d1f-mixed.txt"), encoding: .utf8)
        let published = listing.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
        var manifest = OutputManifest()
        for path in published {
            let bytes = Array("written by Quire c8f8d1f: \(path)\n".utf8)
            try folder.write("public/" + path, bytes: bytes)
            manifest.entries[path] = bytes.withUnsafeBytes {
                OutputManifest.Entry(hash: ContentHash.of($0), size: $0.count)
            }
        }
        try folder.write("public/" + OutputManifest.fileName, manifest.text)

        // With the site's own ledger, as c8f8d1f left it (that build added nothing to it).
        _ = try SiteBuilder(
            options: BuildOptions(
                siteDirectory: folder.sub("site"), outputDirectory: folder.sub("public"),
                themeDirectory: TestPaths.theme)
        ).build()
        let pages = published.filter { $0 == "404.html" || $0.hasSuffix("index.html") }
        #expect(pages.count == 398)
        let base = try #require(ConfigLoader().load(path: folder.sub("site/quire.yml")).0.baseURL)
        let redirects = try Self.expectAnswers(pages, in: folder.sub("public"), base: base)
        // Digest pages moved to slugs without underscores. A most-upvoted list holds only papers
        // with upvotes now: its pages past the last lead to its first, and a topic whose papers
        // have none leads to its newest papers. Nothing else moved.
        #expect(
            redirects == [
                "digests/000_2c533f7ed90aa707/index.html": "digests/000-2c533f7ed90aa707/index.html",
                "digests/001_96d7a53230faa7b0/index.html": "digests/001-96d7a53230faa7b0/index.html",
                "digests/002_a9e3deeea81a1095/index.html": "digests/002-a9e3deeea81a1095/index.html",
                "digests/003_0c94b37e1d37f06b/index.html": "digests/003-0c94b37e1d37f06b/index.html",
                "digests/004_c724cc07e4921154/index.html": "digests/004-c724cc07e4921154/index.html",
                "topics/3d-vision/top/index.html": "topics/3d-vision/index.html",
                "topics/computer-vision/top/index.html": "topics/computer-vision/index.html",
                "topics/continual-learning/top/page/2/index.html": "topics/continual-learning/top/index.html",
                "topics/curriculum-data/top/page/2/index.html": "topics/curriculum-data/top/index.html",
                "topics/distillation/top/page/2/index.html": "topics/distillation/top/index.html",
                "topics/fine-tuning/top/page/2/index.html": "topics/fine-tuning/top/index.html",
                "topics/fine-tuning/top/page/3/index.html": "topics/fine-tuning/top/index.html",
                "topics/fine-tuning/top/page/4/index.html": "topics/fine-tuning/top/index.html",
                "topics/fine-tuning/top/page/5/index.html": "topics/fine-tuning/top/index.html",
                "topics/machine-unlearning/top/index.html": "topics/machine-unlearning/index.html",
                "topics/multimodal/top/page/2/index.html": "topics/multimodal/top/index.html",
                "topics/other/top/page/2/index.html": "topics/other/top/index.html",
                "topics/other/top/page/3/index.html": "topics/other/top/index.html",
                "topics/other/top/page/4/index.html": "topics/other/top/index.html",
                "topics/pruning/top/page/2/index.html": "topics/pruning/top/index.html",
                "topics/reasoning/top/page/2/index.html": "topics/reasoning/top/index.html",
                "topics/reinforcement-learning/top/page/2/index.html": "topics/reinforcement-learning/top/index.html",
                "topics/reinforcement-learning/top/page/3/index.html": "topics/reinforcement-learning/top/index.html",
            ])
        // The ledger now holds what was published, so a build elsewhere keeps the redirects.
        let ledger = try String(contentsOfFile: folder.sub("site/" + LedgerFile.fileName), encoding: .utf8)
        #expect(ledger.contains("  - path: \"digests/000_2c533f7ed90aa707/\"\n"))

        // Its RSS and JSON Feed archives (archives are Atom only now) answer with a feed that
        // names the Atom archive holding their entries, and the ledger keeps them too.
        let archives = published.filter { SitePaths.isRetiredArchive($0) }
        #expect(archives.count == 12)
        for path in archives {
            let text = try String(contentsOfFile: folder.sub("public/" + path), encoding: .utf8)
            let atom = SitePaths.atomArchive(replacing: path)
            #expect(FileManager.default.fileExists(atPath: folder.sub("public/" + atom)), "\(atom)")
            if path.hasSuffix(".json") {
                let feed = try #require(
                    try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(path)")
                #expect(feed["version"] as? String == "https://jsonfeed.org/version/1.1")
                #expect((feed["items"] as? [Any])?.isEmpty == true)
                #expect((feed["description"] as? String)?.hasSuffix(base + atom) == true, "\(path)")
            } else {
                #expect(text.contains("<rss version=\"2.0\""), "\(path)")
                #expect(text.contains("href=\"\(base + atom)\""), "\(path)")
            }
            #expect(ledger.contains("  - path: \"\(path)\"\n"), "\(path)")
        }
        let redirectsFile = try String(contentsOfFile: folder.sub("public/_redirects"), encoding: .utf8)
        #expect(redirectsFile.contains("/feed-archive-1.xml /atom-archive-1.xml 301\n"))
    }
}
