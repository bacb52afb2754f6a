import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireOutput
@testable import QuireServe

extension RenderingTests {
    /// `quire serve` over loopback, on a copy of the small fixture site (base_url
    /// `https://example.org/reading/`, so everything is served under `/reading/`).
    @Suite("quire serve on the small fixture site")
    struct PreviewServerTests {
        static let site = TestPaths.fixture("sites/small")

        @Test("pages, feeds and the stylesheet are served under the subpath with their content types")
        func servesTheSite() async throws {
            try await RunningPreview.with(copying: Self.site) { preview in
                #expect(preview.url == "http://127.0.0.1:\(preview.port)/reading/")

                let home = try await preview.get("/reading/")
                #expect(home.status == 200)
                #expect(home.headers["content-type"] == "text/html; charset=utf-8")
                #expect(home.headers["cache-control"] == "no-store")
                #expect(SiteInspection.heading(of: home.body) == "Small &amp; Co")
                // base_url is the serving address, with the configured subpath kept.
                #expect(
                    home.body.contains(#"<link rel="canonical" href="http://127.0.0.1:\#(preview.port)/reading/">"#))
                #expect(home.body.contains(#"<link rel="stylesheet" href="/reading/style.css">"#))
                // The live-reload script goes in just before </body>, once.
                #expect(home.body.components(separatedBy: "<script src=\"/__quire/live-reload.js\"").count == 2)
                #expect(home.body.contains("></script>\n</body>"))

                let expectedTypes = [
                    "/reading/style.css": "text/css; charset=utf-8",
                    "/reading/feed.xml": "application/rss+xml; charset=utf-8",
                    "/reading/atom.xml": "application/atom+xml; charset=utf-8",
                    "/reading/feed.json": "application/feed+json; charset=utf-8",
                    "/reading/feeds.opml": "text/x-opml; charset=utf-8",
                    "/reading/topics/pruning/feed.xml": "application/rss+xml; charset=utf-8",
                    "/reading/topics/pruning/atom.xml": "application/atom+xml; charset=utf-8",
                    "/reading/papers/quiet-paper/": "text/html; charset=utf-8",
                    "/__quire/live-reload.js": "text/javascript; charset=utf-8",
                ]
                for (path, type) in expectedTypes.sorted(by: { $0.key < $1.key }) {
                    let response = try await preview.get(path)
                    #expect(response.status == 200, "\(path)")
                    #expect(response.headers["content-type"] == type, "\(path)")
                }
                let feed = try await preview.get("/reading/feed.xml")
                #expect(feed.body.hasPrefix("<?xml"))
                #expect(!feed.body.contains("live-reload"), "only HTML gets the script")
                #expect(feed.body.contains("<link>http://127.0.0.1:\(preview.port)/reading/</link>"))

                let head = try await preview.get("/reading/", method: "HEAD")
                #expect(head.status == 200)
                #expect(head.body.isEmpty)
                #expect(head.headers["content-length"] == home.headers["content-length"])
                #expect(try await preview.get("/reading/", method: "POST").status == 405)
            }
        }

        @Test("missing paths get 404.html with status 404; / and folders without a slash are redirected")
        func notFoundAndRedirects() async throws {
            try await RunningPreview.with(copying: Self.site) { preview in
                let notFoundPage = try String(contentsOfFile: TestPaths.golden + "/small/404.html", encoding: .utf8)
                for path in [
                    "/reading/no-such-page/", "/reading/papers/nobody/", "/feed.xml", "/reading/../quire.yml",
                    "/reading/%2e%2e/quire.yml", "/reading/.quire-manifest", "/reading//style.css",
                ] {
                    let response = try await preview.get(path)
                    #expect(response.status == 404, "\(path)")
                    #expect(response.headers["content-type"] == "text/html; charset=utf-8", "\(path)")
                    #expect(
                        SiteInspection.heading(of: response.body) == SiteInspection.heading(of: notFoundPage), "\(path)"
                    )
                    #expect(response.body.contains("/__quire/live-reload.js"), "\(path)")
                }
                let root = try await preview.get("/")
                #expect(root.status == 302)
                #expect(root.headers["location"] == "/reading/")
                #expect(try await preview.get("/reading").headers["location"] == "/reading/")
                let folder = try await preview.get("/reading/papers/quiet-paper?x=1")
                #expect(folder.status == 301)
                #expect(folder.headers["location"] == "/reading/papers/quiet-paper/?x=1")
            }
        }

        @Test("a changed digest shows on its new page within seconds, and open pages are told to reload")
        func rebuildsOnChange() async throws {
            try await RunningPreview.with(copying: Self.site) { preview in
                let events = try await preview.openEvents()
                #expect(await events.wait(for: "event: hello", seconds: 5))
                let mark = events.mark

                let digest = preview.site + "/digests/c.txt"
                let text = try String(contentsOfFile: digest, encoding: .utf8)
                try text.replacingOccurrences(of: "Quiet Paper", with: "Loud Paper").write(
                    toFile: digest, atomically: true, encoding: .utf8)

                let page = try await preview.poll("/reading/papers/loud-paper/", seconds: 10) { $0.status == 200 }
                #expect(page.status == 200)
                #expect(SiteInspection.heading(of: page.body) == "Loud Paper")
                #expect(try await preview.get("/reading/papers/quiet-paper/").status == 404)
                #expect(await events.wait(for: "event: reload\ndata: ", after: mark, seconds: 5))

                // The rebuild went into the same folder, as `quire build` does, and rewrote only
                // the files the edit changed (the renamed paper's pages, its digest, its day and the
                // lists it is on), keeping the others' files as they were.
                let outputs = preview.builtOutputs
                #expect(outputs.count == 2)
                #expect(Set(outputs).count == 1)
                #expect(FileManager.default.fileExists(atPath: outputs[1] + "/index.html"))
                let rebuild = try #require(preview.builtReports.last)
                #expect(rebuild.unchangedFiles > 0)
                #expect(rebuild.unchangedFiles < rebuild.files)
            }
        }

        @Test("a preview with edits, a renamed paper among them, leaves the site folder exactly as the edits left it")
        func previewTouchesNothing() async throws {
            /// Every file of the site folder, hidden ones included, with its bytes.
            func contents(of site: String) -> [String: Data] {
                var files: [String: Data] = [:]
                FileWalker(links: .listed, includesHidden: true).walk(site) { file in
                    files[file.relativePath] = FileManager.default.contents(atPath: file.path)
                }
                return files
            }
            try await RunningPreview.with(copying: Self.site) { preview in
                let digest = preview.site + "/digests/c.txt"
                let edited = try String(contentsOfFile: digest, encoding: .utf8).replacingOccurrences(
                    of: "Quiet Paper", with: "Renamed Paper")
                var expected = contents(of: preview.site)
                expected["digests/c.txt"] = Data(edited.utf8)
                try edited.write(toFile: digest, atomically: true, encoding: .utf8)
                #expect(
                    try await preview.poll("/reading/papers/renamed-paper/", seconds: 10) { $0.status == 200 }.status
                        == 200)
                try "title: Renamed site\n".write(
                    toFile: preview.site + "/quire.yml", atomically: true, encoding: .utf8)
                expected["quire.yml"] = Data("title: Renamed site\n".utf8)
                #expect(
                    try await preview.poll("/", seconds: 10) { SiteInspection.heading(of: $0.body) == "Renamed site" }
                        .status == 200)
                await preview.stop()
                #expect(contents(of: preview.site) == expected)
            }
        }

        @Test("a failed rebuild keeps the last good site, sends its diagnostics as JSON, and the fix reloads")
        func failedRebuild() async throws {
            try await RunningPreview.with(copying: Self.site) { preview in
                let events = try await preview.openEvents()
                #expect(await events.wait(for: "event: hello", seconds: 5))
                let mark = events.mark
                let builds = preview.finishedBuilds

                let template = preview.site + "/templates/paper-card.mustache"
                try FileManager.default.createDirectory(
                    atPath: preview.site + "/templates", withIntermediateDirectories: true)
                try "<p>{{#site}}<b>\"unclosed\"</b>\n".write(toFile: template, atomically: true, encoding: .utf8)
                let c = preview.site + "/digests/c.txt"
                let failure = #"""
                    event: failure
                    data: {"diagnostics":["\#(template):1: error: template syntax: section 'site' is never closed",\#
                    "\#(c):9: warning: the year of this digest (Mar 11) cannot be known: no entry has a date, \#
                    and none of its papers has a date elsewhere in the site; \#
                    pin it with digest_dates in quire.yml or a YYYY-MM-DD file-name prefix"],"reason":"the build failed with 1 error"}
                    """#
                #expect(
                    await events.wait(for: failure, after: mark, seconds: 10),
                    "received: \(events.received.dropFirst(mark))")
                #expect(preview.finishedBuilds == builds + 1)
                let home = try await preview.get("/reading/")
                #expect(home.status == 200)
                #expect(SiteInspection.heading(of: home.body) == "Small &amp; Co")

                // A tab opened now learns of the failure at once.
                let late = try await preview.openEvents()
                #expect(await late.wait(for: #""failure":{"diagnostics":["\#(template):1: error"#, seconds: 5))

                let fixed = events.mark
                try FileManager.default.removeItem(atPath: template)
                #expect(await events.wait(for: "event: reload", after: fixed, seconds: 10))
            }
        }

        @Test("stopping the server removes its temporary output; the site folder gets no public/")
        func stopCleansUp() async throws {
            let preview = try await RunningPreview.start(copying: Self.site)
            let temporary = try #require(preview.temporaryFolder)
            let output = try #require(preview.builtOutputs.first)
            #expect(OutputWriter.isInside(output, OutputWriter.absolute(temporary)))
            #expect(FileManager.default.fileExists(atPath: output + "/index.html"))
            #expect(!OutputWriter.isInside(output, OutputWriter.absolute(preview.site)))
            await preview.stop()
            #expect(!FileManager.default.fileExists(atPath: temporary))
            #expect(!FileManager.default.fileExists(atPath: preview.site + "/public"))
            // The folder was renamed aside, and a detached process deletes it there.
            let aside = temporary + "-removing"
            var waited = 0
            while FileManager.default.fileExists(atPath: aside) && waited < 200 {
                try await Task.sleep(nanoseconds: 50_000_000)
                waited += 1
            }
            #expect(!FileManager.default.fileExists(atPath: aside), "\(aside) is still there after 10 s")
        }

        @Test("a site whose first build fails is answered with its problems, escaped, until it builds")
        func firstBuildFails() async throws {
            let broken = try TemporaryFolder("quire-broken-site")
            try FileManager.default.copyItem(atPath: Self.site, toPath: broken.sub("site"))
            try broken.write("site/templates/404.mustache", "{{#x}} <&>\n")
            try await RunningPreview.with(copying: broken.sub("site")) { preview in
                let page = try await preview.get("/reading/")
                #expect(page.status == 503)
                #expect(
                    page.body.contains("404.mustache:1: error: template syntax: section &#39;x&#39; is never closed"))
                try FileManager.default.removeItem(atPath: preview.site + "/templates/404.mustache")
                let fixed = try await preview.poll("/reading/", seconds: 10) { $0.status == 200 }
                #expect(SiteInspection.heading(of: fixed.body) == "Small &amp; Co")
            }
        }
    }
}

/// The preview server's parts that need no server.
@Suite("quire serve: paths, content types and the reload script")
struct PreviewPartsTests {
    @Test("content types follow Quire's file names first, then extensions")
    func contentTypes() {
        #expect(ContentTypes.of(path: "/x/topics/a/feed.xml") == "application/rss+xml; charset=utf-8")
        #expect(ContentTypes.of(path: "/x/atom.xml") == "application/atom+xml; charset=utf-8")
        #expect(ContentTypes.of(path: "/x/feed.json") == "application/feed+json; charset=utf-8")
        #expect(ContentTypes.of(path: "/x/data.json") == "application/json; charset=utf-8")
        #expect(ContentTypes.of(path: "/x/sitemap.xml") == "application/xml; charset=utf-8")
        #expect(ContentTypes.of(path: "/x/feeds.opml") == "text/x-opml; charset=utf-8")
        #expect(ContentTypes.of(path: "/x/logo.PNG") == "image/png")
        #expect(ContentTypes.of(path: "/x/logo.svg") == "image/svg+xml")
        #expect(ContentTypes.of(path: "/x/README") == "application/octet-stream")
    }

    @Test("the script goes before the last </body>, or at the end of a page without one")
    func injection() {
        let tag = LiveReload.tag(build: "b-1")
        #expect(
            String(
                decoding: LiveReload.inject(into: Array("<body><p>x</p></body></html>".utf8), build: "b-1"),
                as: UTF8.self)
                == "<body><p>x</p>\(tag)</body></html>")
        #expect(
            String(decoding: LiveReload.inject(into: Array("<p>no body</p>".utf8), build: "b-1"), as: UTF8.self)
                == "<p>no body</p>\(tag)")
        let page = String(
            decoding: LiveReload.failurePage(
                PreviewFailure(reason: "it <failed>", diagnostics: [#"a.txt:1: error: <a href="x">&'"#])),
            as: UTF8.self)
        #expect(page.contains("<pre>a.txt:1: error: &lt;a href=&quot;x&quot;&gt;&amp;&#39;</pre>"))
        #expect(page.contains("<p>It &lt;failed&gt;."))
    }

    @Test("events carry one line of JSON, whatever the diagnostics hold")
    func eventEncoding() {
        let failure = PreviewFailure(
            reason: "the build failed with 1 error", diagnostics: ["a.txt:1: error: line\nbreak </script>"])
        #expect(
            ServerSentEvent.failure(failure).text
                == #"event: failure\#ndata: {"diagnostics":["a.txt:1: error: line\nbreak </script>"],"reason":"the build failed with 1 error"}\#n\#n"#
        )
        #expect(ServerSentEvent.reload(build: "k-2").text == "event: reload\ndata: \"k-2\"\n\n")
        #expect(ServerSentEvent.hello(build: nil, failure: nil).text == "event: hello\ndata: {}\n\n")
    }

    @Test("the preview's address shows wildcard hosts as localhost and IPv6 in brackets")
    func origins() {
        #expect(PreviewServer.origin(host: "127.0.0.1", port: 8080) == "http://127.0.0.1:8080")
        #expect(PreviewServer.origin(host: "0.0.0.0", port: 80) == "http://localhost:80")
        #expect(PreviewServer.origin(host: "::1", port: 8080) == "http://[::1]:8080")
    }

    @Test("the watcher reports added, changed and removed files, and skips hidden ones")
    func watcher() throws {
        let folder = try TemporaryFolder()
        try folder.write("digests/a.txt", "one")
        try folder.write("digests/b.txt", "two")
        let watcher = SiteWatcher(
            roots: [folder.sub("quire.yml"), folder.sub("digests")], boundary: InputBoundary(folders: [folder.path]))
        let before = watcher.snapshot()
        #expect(before.keys.sorted() == [folder.sub("digests/a.txt"), folder.sub("digests/b.txt")])
        try folder.write("digests/a.txt", "one, longer")
        try FileManager.default.removeItem(atPath: folder.sub("digests/b.txt"))
        try folder.write("quire.yml", "title: x\n")
        try folder.write("digests/.a.txt.swp", "editor state")
        #expect(
            SiteWatcher.changes(from: before, to: watcher.snapshot())
                == [folder.sub("digests/a.txt"), folder.sub("digests/b.txt"), folder.sub("quire.yml")])
    }
}
