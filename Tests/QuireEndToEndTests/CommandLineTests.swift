import Foundation
import QuireTestSupport
import Testing

@testable import QuireLoading

/// A site folder in a temporary folder, built by the real `quire` executable.
private struct CommandSite {
    let folder: TemporaryFolder
    var site: String { folder.sub("site") }
    var output: String { folder.sub("site/public") }
    var staging: String { folder.sub("site/.public.quire-staging") }
    var trash: String { folder.sub("site/.public.quire-staging-trash") }

    init(config: String = "title: Hostile\nbase_url: https://example.org/\n") throws {
        folder = try TemporaryFolder("quire-cli")
        try folder.write("site/quire.yml", config)
        try FileManager.default.createDirectory(atPath: folder.sub("site/digests"), withIntermediateDirectories: true)
    }

    func build(_ extra: [String] = []) throws -> QuireCommand.Result {
        try QuireCommand.run(["build", site] + extra)
    }

    /// What the site folder holds besides its inputs: output, lock, the ledger of published papers, leftovers.
    func siteEntries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: site).filter { $0 != "digests" && $0 != "quire.yml" }
            .sorted()
    }

    /// Writes `count` synthetic papers in the Hugging Face text format, in digests of 300.
    func writeSyntheticCorpus(papers count: Int, seed: Int) throws {
        let words = [
            "sparse", "dense", "model", "training", "pruning", "expert", "mixture", "language", "vision",
            "reward", "policy", "data", "curriculum", "scaling", "attention", "memory",
        ]
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        func next(_ bound: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(bound))
        }
        for digest in 0..<(count + 299) / 300 {
            var text = "new\n\nApr \(digest % 28 + 1)\n\n"
            for entry in 0..<min(300, count - digest * 300) {
                let title = (0..<6).map { _ in words[next(words.count)].capitalized }.joined(separator: " ")
                let abstract = (0..<120).map { _ in words[next(words.count)] }.joined(separator: " ")
                text +=
                    "\(title) \(seed)-\(digest)-\(entry)\n\n\(abstract).\n\n  • \(entry % 9 + 1) authors\n·\nMar \(entry % 28 + 1), 2023 \(entry)\n\n"
            }
            try folder.write("site/digests/s\(seed)-\(digest).txt", text)
        }
    }
}

/// Waits until `condition` holds, polling; false when `timeout` seconds pass first.
private func wait(timeout: Double, until condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(2_000)
    }
    return condition()
}

private func exists(_ path: String) -> Bool {
    var status = stat()
    return lstat(path, &status) == 0
}

extension RenderingTests {
    @Suite("The quire command on hostile input, refusals, locks and signals")
    struct CommandLineTests {
        static let hostileDigests = TestPaths.fixture("hostile/digests")

        /// A site holding every hostile digest, a 10 MB abstract and a 2,000-character title
        /// (made here rather than committed), a folder and a pipe named like digests, a broken
        /// symlink and a symlink loop.
        private static func hostileSite() throws -> CommandSite {
            let site = try CommandSite()
            for name in try FileManager.default.contentsOfDirectory(atPath: hostileDigests) {
                try FileManager.default.copyItem(
                    atPath: hostileDigests + "/" + name, toPath: site.site + "/digests/" + name)
            }
            let digests = site.site + "/digests"
            let abstract = String(repeating: "Scaling laws hold again. ", count: 400_000)
            try site.folder.write(
                "site/digests/huge-abstract.txt",
                "new\n\nApr 13\n\nA Paper With A Huge Abstract\n\n\(abstract)\n\n  • 4 authors\n·\nJun 6, 2023\n")
            let title = String(repeating: "Long Title ", count: 182) + "Ends Here"
            try site.folder.write(
                "site/digests/huge-title.txt",
                "new\n\nApr 13\n\n\(title)\n\nIts abstract.\n\n  • 4 authors\n·\nJun 6, 2023\n")
            try FileManager.default.createDirectory(atPath: digests + "/folder.txt", withIntermediateDirectories: true)
            #expect(mkfifo(digests + "/pipe.txt", 0o644) == 0)
            try FileManager.default.createSymbolicLink(
                atPath: digests + "/dangling.txt", withDestinationPath: "nowhere.txt")
            try FileManager.default.createSymbolicLink(atPath: digests + "/loop", withDestinationPath: ".")
            return site
        }

        @Test(
            "without --strict the hostile site builds from what is sound; with --strict it fails and the output is left as it was"
        )
        func strictAndLenient() throws {
            let site = try Self.hostileSite()
            let digests = site.site + "/digests"
            let lenient = try site.build()
            #expect(lenient.status == 0, "\(lenient.stderr)")
            let warnings = lenient.errorLines
            #expect(warnings.allSatisfy { $0.hasPrefix(digests + "/") && $0.contains(": warning: ") }, "\(warnings)")
            #expect(lenient.stdout.contains("  Warnings           \(warnings.count)\n"))
            for line in [
                "\(digests)/dangling.txt: warning: broken symlink: its target does not exist; skipped",
                "\(digests)/folder.txt: warning: this digest is a folder, not a file; skipped",
                "\(digests)/loop: warning: symlink loop: this is the folder \(digests), already read; skipped",
                "\(digests)/pipe.txt: warning: cannot read this digest: it is a named pipe, not a regular file; skipped",
                "\(digests)/empty.txt: warning: empty digest: no header and no entries; no digest page is made for it",
                "\(digests)/invalid-utf8.txt:13: warning: invalid UTF-8 replaced with U+FFFD (is the file in another encoding?)",
                "\(digests)/x-authors.txt:17: warning: cannot read the author count in '• x authors'; expected '• N authors'",
                "\(digests)/huge-abstract.txt:7: warning: abstract of entry 'A Paper With A Huge Abstract' is 10000000 characters long (arXiv allows 1,920); kept, but check for blank lines lost between entries",
                "\(digests)/huge-title.txt:5: warning: title of 2011 characters (titles are rarely over 300); kept, but check that this line is the title",
                "\(digests)/same-slug.txt:21: warning: 'Uber Models' makes the same URL as 'Über Models' (\(digests)/same-slug.txt:13), papers/uber-models/; it is published at papers/uber-models-2/ instead (if the two are one paper, spell their titles alike)",
            ] {
                #expect(warnings.contains(line), "missing: \(line)")
            }
            for page in [
                "a-sound-paper", "windows-line-endings", "caf-models-in-latin-1", "null-bytes-in-a-title",
                "paper-cut-off",
                "title-without-abstract", "uber-models", "uber-models-2", "paper-with-x-authors",
                "a-paper-under-a-bad-header",
                "a-paper-with-a-huge-abstract",
                "long-title-long-title-long-title-long-title-long-title-long-title-long-title",
            ] {
                #expect(exists(site.output + "/papers/\(page)/index.html"), "papers/\(page)/")
            }
            let before = treeSnapshot(site.output)

            let strict = try site.build(["--strict"])
            #expect(strict.status == 1)
            #expect(strict.errorLines.dropLast() == warnings[...])
            #expect(
                strict.errorLines.last
                    == "error: the build failed: --strict and \(warnings.count) warnings; the previous output is unchanged"
            )
            #expect(strict.stdout == "")
            #expect(treeSnapshot(site.output) == before)
            #expect(
                try site.siteEntries() == [".public.quire-lock", ".public.quire-pages", "public", "quire-ledger.yml"])
        }

        @Test(
            "a configuration with wrong types or unknown keys builds with its warnings and defaults; with --strict it fails",
            arguments: ["wrong-types.yml", "unknown-keys.yml"])
        func hostileConfig(name: String) throws {
            let site = try CommandSite(config: SiteInspection.text(TestPaths.fixture("hostile/configs/" + name)))
            try site.folder.write(
                "site/digests/a.txt", "new\n\nApr 13\n\nA Paper\n\nIts abstract.\n\n  • 1 author\n·\nJun 6, 2023\n")
            let config = site.site + "/quire.yml"
            // The lines themselves are checked in HostileConfigTests; here, that the command prints
            // exactly them and what it does with them.
            let expected = ConfigLoader().load(path: config).1.map(\.description)
            #expect(expected.count >= 3)
            let lenient = try site.build()
            #expect(lenient.status == 0, "\(lenient.stderr)")
            #expect(lenient.errorLines == expected)
            #expect(exists(site.output + "/papers/a-paper/index.html"))
            let before = treeSnapshot(site.output)

            let strict = try site.build(["--strict"])
            #expect(strict.status == 1)
            #expect(
                strict.errorLines == expected + [
                    "error: the build failed: --strict and \(expected.count) warnings; the previous output is unchanged"
                ])
            #expect(treeSnapshot(site.output) == before)
        }

        @Test("invalid YAML stops the build with its error, with or without --strict")
        func invalidConfig() throws {
            let site = try CommandSite(config: "title: \"unterminated\ntopics:\n  - slug: rl\n")
            let config = site.site + "/quire.yml"
            let result = try site.build()
            #expect(result.status == 1)
            #expect(
                result.errorLines == [
                    "\(config):1: error: invalid YAML: while scanning a quoted scalar starting here, found unexpected end of stream at the end of the file",
                    "error: the build failed with 1 error; nothing was written",
                ])
            #expect(!exists(site.output))
        }

        @Test(
            "Quire refuses output folders it must not replace, and touches nothing",
            arguments: [
                "site", "site itself through a symlink", "folder holding the site", "digests", "inside the digests",
                "root", "home", "foreign folder",
            ])
        func refusals(target: String) throws {
            let site = try CommandSite()
            try site.folder.write(
                "site/digests/a.txt", "new\n\nApr 13\n\nA Paper\n\nIts abstract.\n\n  • 1 author\n·\nJun 6, 2023\n")
            try site.folder.write("home/notes.txt", "the user's own file")
            try site.folder.write("foreign/index.html", "a site made by hand")
            try FileManager.default.createSymbolicLink(
                atPath: site.folder.sub("link-to-site"), withDestinationPath: site.site)
            let (output, message): (String, String)
            switch target {
            case "site":
                (output, message) = (
                    site.site,
                    "refusing to build into \(site.site): it contains the site itself; choose a folder such as \(site.site)/public"
                )
            case "site itself through a symlink":
                (output, message) = (
                    site.folder.sub("link-to-site"),
                    "refusing to build into \(site.site): it contains the site itself; choose a folder such as \(site.site)/public"
                )
            case "folder holding the site":
                (output, message) = (
                    site.folder.path,
                    "refusing to build into \(site.folder.path): it contains the site itself; choose a folder such as \(site.site)/public"
                )
            case "digests":
                (output, message) = (
                    site.site + "/digests",
                    "refusing to build into \(site.site)/digests: it overlaps the site's input \(site.site)/digests"
                )
            case "inside the digests":
                (output, message) = (
                    site.site + "/digests/out",
                    "refusing to build into \(site.site)/digests/out: it overlaps the site's input \(site.site)/digests"
                )
            case "root":
                (output, message) = ("/", "refusing to build into /: choose a folder of its own, such as SITE/public")
            case "home":
                (output, message) = (
                    site.folder.sub("home"),
                    "refusing to build into \(site.folder.sub("home")): choose a folder of its own, such as SITE/public"
                )
            default:
                (output, message) = (
                    site.folder.sub("foreign"),
                    "refusing to replace \(site.folder.sub("foreign")): it is not empty and Quire did not create it (no .quire-manifest); move it away or choose another --output"
                )
            }
            let before = treeSnapshot(site.folder.path)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: QuireCommand.executable)
            process.arguments = ["build", site.site, "--output", output, "--theme", TestPaths.theme]
            process.environment = ["HOME": site.folder.sub("home"), "PATH": "/usr/bin:/bin"]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 1)
            #expect(stderr == "error: \(message)\n")
            #expect(treeSnapshot(site.folder.path) == before)
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: site.folder.path).sorted() == [
                    "foreign", "home", "link-to-site", "site",
                ])
        }

        @Test("slugs made from '../', absolute paths, '.', '..' and device names stay inside the output")
        func slugsStayInside() throws {
            let site = try CommandSite(config: "title: T\ntopics:\n  - slug: con\n    title: Con\n    keywords: [x]\n")
            let titles = ["../../../../tmp/escaped", "/etc/passwd", ".", "..", "CON", "nul", "Com1", "Index", "Page"]
            let entries = titles.enumerated().map {
                "\($1)\n\nAbstract \($0).\n\n  • 1 author\n·\nJun \($0 + 1), 2023\n"
            }
            try site.folder.write("site/digests/con.txt", "new\n\nApr 13\n\n" + entries.joined(separator: "\n"))
            let result = try site.build()
            #expect(result.status == 0, "\(result.stderr)")
            #expect(
                result.errorLines.contains(
                    "\(site.site)/quire.yml:3: warning: topic slug 'con' is a device name on Windows, where its folder could not exist; the topic is ignored, choose another slug"
                ))
            let papers = try FileManager.default.contentsOfDirectory(atPath: site.output + "/papers").sorted()
            #expect(papers.count == 9)
            #expect(
                papers.filter { !$0.hasPrefix("paper-") } == [
                    "com1-paper", "con-paper", "etc-passwd", "index", "nul-paper", "page", "tmp-escaped",
                ])
            #expect(papers.filter { $0.hasPrefix("paper-") }.count == 2)
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: site.output + "/digests").sorted() == [
                    "con-digest", "index.html",
                ])
            #expect(
                try site.siteEntries() == [
                    ".public.quire-lock", ".public.quire-pages", ".public.quire-state", "public", "quire-ledger.yml",
                ])
            #expect(try FileManager.default.contentsOfDirectory(atPath: site.folder.path) == ["site"])
            #expect(!exists("/tmp/escaped"))
            for file in treeSnapshot(site.output).keys {
                #expect(!file.split(separator: "/").contains { $0 == ".." || $0 == "." }, "\(file)")
            }
        }

        @Test("a second build of the same site while one runs is refused and the first completes")
        func concurrentBuild() throws {
            let site = try CommandSite()
            try site.writeSyntheticCorpus(papers: 900, seed: 1)
            let first = try QuireCommand.start(["build", site.site])
            #expect(wait(timeout: 60) { exists(site.staging) })
            let second = try site.build()
            first.waitUntilExit()
            #expect(second.status == 1)
            #expect(
                second.errorLines == [
                    "error: another build of this site is running (it holds \(site.site)/.public.quire-lock); try again when it has finished"
                ])
            #expect(first.terminationStatus == 0)
            #expect(exists(site.output + "/index.html"))
            #expect(
                try site.siteEntries() == [
                    ".public.quire-lock", ".public.quire-pages", ".public.quire-state", "public", "quire-ledger.yml",
                ])
        }

        @Test(
            "SIGINT and SIGTERM discard the staging folder, exit 128 + the signal and leave the previous output byte-identical",
            arguments: [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")])
        func interrupted(signal: Int32, name: String) throws {
            let site = try CommandSite()
            try site.writeSyntheticCorpus(papers: 900, seed: 1)
            #expect(try site.build().status == 0)
            let before = treeSnapshot(site.output)
            try site.writeSyntheticCorpus(papers: 300, seed: 2)
            let errors = try site.folder.write("stderr.txt", "")
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
            let process = try QuireCommand.start(["build", site.site], stderr: handle)
            #expect(wait(timeout: 60) { exists(site.staging + "/papers") })
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            try handle.close()
            #expect(process.terminationReason == .exit)
            #expect(process.terminationStatus == 128 + signal)
            #expect(
                SiteInspection.text(errors)
                    == "error: interrupted by \(name); the build was discarded and the previous output is unchanged\n")
            #expect(
                try site.siteEntries() == [".public.quire-lock", ".public.quire-pages", "public", "quire-ledger.yml"])
            #expect(treeSnapshot(site.output) == before)
        }

        @Test(
            "SIGKILL at each step of a build leaves the previous output byte-identical (or, after the swap, the new one), and the next build cleans up"
        )
        func killed() throws {
            let site = try CommandSite()
            // The new site, built once elsewhere: what the output must be if a kill comes after the swap.
            try site.writeSyntheticCorpus(papers: 150, seed: 1)
            try site.writeSyntheticCorpus(papers: 60, seed: 2)
            #expect(try QuireCommand.run(["build", site.site, "--output", site.folder.sub("reference")]).status == 0)
            let expectedNew = treeSnapshot(site.folder.sub("reference"))
            // The previous site, and a copy of it to put back after a kill that came after the swap.
            let extra = try TestPaths.bytes(site.site + "/digests/s2-0.txt")
            try FileManager.default.removeItem(atPath: site.site + "/digests/s2-0.txt")
            #expect(try site.build().status == 0)
            let previous = treeSnapshot(site.output)
            try FileManager.default.copyItem(atPath: site.output, toPath: site.folder.sub("previous"))
            try site.folder.write("site/digests/s2-0.txt", bytes: extra)

            // The build stops itself at each point (QUIRE_STOP_AT) and is killed there.
            for (point, expected) in [
                ("loading", previous), ("rendering", previous), ("committing", previous), ("committed", expectedNew),
            ] {
                let process = try QuireCommand.start(["build", site.site], environment: ["QUIRE_STOP_AT": point])
                let stopped = wait(timeout: 20) { isStopped(process.processIdentifier) || !process.isRunning }
                #expect(stopped && process.isRunning, "the build did not stop at \(point)")
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                #expect(
                    treeSnapshot(site.output) == expected,
                    "killed at \(point): the output is not the \(point == "committed" ? "new" : "previous") build")
                if point == "committed" {
                    try FileManager.default.removeItem(atPath: site.output)
                    try FileManager.default.copyItem(atPath: site.folder.sub("previous"), toPath: site.output)
                }
            }
            let next = try site.build()
            #expect(next.status == 0, "\(next.stderr)")
            #expect(treeSnapshot(site.output) == expectedNew)
            // The output this build replaced waits beside it: the next build starts from it.
            #expect(
                try site.siteEntries() == [
                    ".public.quire-lock", ".public.quire-pages", ".public.quire-staging-trash", ".public.quire-state",
                    "public", "quire-ledger.yml",
                ])
            #expect(FileManager.default.fileExists(atPath: site.site + "/.public.quire-staging-trash/.quire-manifest"))
            // A rebuild (its state forgotten, so it runs) brings that old output up to date and swaps it in.
            try FileManager.default.removeItem(atPath: site.site + "/.public.quire-state")
            let again = try site.build()
            #expect(again.status == 0, "\(again.stderr)")
            #expect(treeSnapshot(site.output) == expectedNew)
            #expect(!FileManager.default.fileExists(atPath: site.site + "/.public.quire-staging-old"))
            #expect(try site.siteEntries().contains(".public.quire-staging-trash"))

            // A build killed while it brings that earlier output up to date leaves the output as it
            // was, and the next build, which cannot trust the half-updated folder, is whole.
            try site.writeSyntheticCorpus(papers: 30, seed: 3)
            #expect(try QuireCommand.run(["build", site.site, "--output", site.folder.sub("reference3")]).status == 0)
            let expectedThird = treeSnapshot(site.folder.sub("reference3"))
            for point in ["rendering", "committing"] {
                let process = try QuireCommand.start(["build", site.site], environment: ["QUIRE_STOP_AT": point])
                let stopped = wait(timeout: 20) { isStopped(process.processIdentifier) || !process.isRunning }
                #expect(stopped && process.isRunning, "the build did not stop at \(point)")
                #expect(FileManager.default.fileExists(atPath: site.site + "/.public.quire-staging/.quire-staging"))
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                #expect(treeSnapshot(site.output) == expectedNew, "killed at \(point) while reusing the earlier output")
            }
            let third = try site.build()
            #expect(third.status == 0, "\(third.stderr)")
            #expect(treeSnapshot(site.output) == expectedThird)
        }
    }
}

@Suite("The quire command on a folder that is no site")
struct MissingSiteTests {
    @Test(
        "build, check and serve refuse a folder with no quire.yml, exit 1 and create nothing",
        arguments: ["build", "check", "serve"])
    func missingSite(command: String) throws {
        let folder = try TemporaryFolder("quire-missing")
        let missing = folder.sub("no-such-dir")
        let result = try QuireCommand.run([command, missing])
        #expect(result.status == 1)
        #expect(result.errorLines == ["error: no quire.yml in \(missing); start a site with `quire init \(missing)`"])
        #expect(!FileManager.default.fileExists(atPath: missing))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
    }
}
