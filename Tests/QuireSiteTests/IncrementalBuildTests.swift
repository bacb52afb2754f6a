import Foundation
import QuireTestSupport
import Testing

@testable import QuireKit
@testable import QuireOutput

/// A site edited step by step and rebuilt into the same output each time must end up with the
/// very bytes a clean build of the same inputs writes: every file, the manifest included, and the
/// same ledger. The edits are the ones a curator makes: digests added, edited, removed and
/// renamed, a title changed, topic keywords, a page, a template and `base_url`.
@Suite("Rebuilds equal clean builds, edit after edit")
struct IncrementalBuildTests {
    /// One step of the sequence: what it does to the site folder.
    struct Edit: CustomStringConvertible, Sendable {
        let description: String
        /// Which paper pages the rebuild should keep from the last build; nil when any number may be.
        var kept: Kept? = nil
        let apply: @Sendable (_ site: String) throws -> Void
    }

    enum Kept: Sendable {
        case everyPage, somePages, noPage
    }

    static func replace(_ old: String, with new: String, in path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(old), "\(path) has no '\(old)'")
        try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
    }

    static let addedDigest = """
        Daily Papers

        byAK and the research community

        Jun 8

        Convex Pruning of Slow-Fast Networks

        We prune slow-fast networks with a convex relaxation and keep their accuracy.

        A Second Paper Listed on June 8

        Its abstract mentions gradient descent, once.
        """

    static let edits: [Edit] = [
        Edit(description: "add a digest") { site in
            try addedDigest.write(toFile: site + "/digests/2024-06-08-text.txt", atomically: true, encoding: .utf8)
        },
        Edit(description: "edit an abstract", kept: .somePages) { site in
            try replace(
                "with $O(n)$ cost", with: "with $O(n)$ cost and no warm-up", in: site + "/digests/2024-06-07-text.txt")
        },
        Edit(description: "remove a digest") { site in
            try FileManager.default.removeItem(atPath: site + "/digests/2024-06-06-arxiv.atom")
        },
        Edit(description: "rename a digest") { site in
            try FileManager.default.moveItem(
                atPath: site + "/digests/2024-06-07-text.txt", toPath: site + "/digests/2024-06-07-renamed.txt")
        },
        Edit(description: "give a title a subtitle (its old URL becomes a redirect)") { site in
            try replace(
                "Convex Pruning of Slow-Fast Networks\n", with: "Convex Pruning of Slow-Fast Networks: A Study\n",
                in: site + "/digests/2024-06-08-text.txt")
        },
        Edit(description: "change a topic's keywords") { site in
            try replace(
                #"["optimization", "gradient", "convex"]"#, with: #"["optimization", "gradient"]"#,
                in: site + "/quire.yml")
        },
        Edit(description: "edit pages/about.md", kept: .everyPage) { site in
            try replace("to read one paper.", with: "to read one paper, then another.", in: site + "/pages/about.md")
        },
        Edit(description: "change a template", kept: .everyPage) { site in
            let theme = try String(contentsOfFile: TestPaths.theme + "/404.mustache", encoding: .utf8)
            try FileManager.default.createDirectory(atPath: site + "/templates", withIntermediateDirectories: true)
            try (theme + "<!-- edited -->\n").write(
                toFile: site + "/templates/404.mustache", atomically: true, encoding: .utf8)
        },
        Edit(description: "change base_url", kept: .noPage) { site in
            try replace("https://example.org/reading/", with: "https://example.org/group/", in: site + "/quire.yml")
        },
    ]

    /// Copies a folder tree (files and folders only).
    static func copyTree(_ from: String, to: String) throws {
        try FileManager.default.copyItem(atPath: from, toPath: to)
    }

    /// Builds with every kept paper page rendered again and compared with its file.
    static func build(site: String, output: String) throws -> BuildReport {
        var options = BuildOptions(siteDirectory: site, outputDirectory: output, themeDirectory: TestPaths.theme)
        options.verifiesKeptPages = true
        return try SiteBuilder(options: options).build()
    }

    @Test(
        "after each of nine edits, the rebuilt output and ledger equal a clean build's, byte for byte, and paper pages nothing changed for are kept"
    )
    func editSequence() throws {
        let folder = try TemporaryFolder("quire-incremental")
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let site = folder.sub("site")
        try Self.copyTree(TestPaths.fixture("sites/researcher"), to: site)
        let output = folder.sub("public")
        _ = try Self.build(site: site, output: output)
        for (step, edit) in Self.edits.enumerated() {
            try edit.apply(site)
            // The clean twin: the same inputs (the ledger as this build finds it), a new output.
            let twin = folder.sub("clean-\(step)")
            try Self.copyTree(site, to: twin + "-site")
            let rebuilt = try Self.build(site: site, output: output)
            let clean = try Self.build(site: twin + "-site", output: twin)
            #expect(!rebuilt.upToDate, "\(edit): the rebuild saw no change")
            let files = SiteInspection.files(in: output)
            #expect(files == SiteInspection.files(in: twin), "\(edit): the two outputs hold different files")
            #expect(files.contains(OutputManifest.fileName))
            for file in files where FileManager.default.fileExists(atPath: twin + "/" + file) {
                #expect(
                    try TestPaths.bytes(output + "/" + file) == TestPaths.bytes(twin + "/" + file),
                    "\(edit): \(file) differs from a clean build's")
            }
            #expect(
                try TestPaths.bytes(site + "/quire-ledger.yml") == TestPaths.bytes(twin + "-site/quire-ledger.yml"),
                "\(edit): the ledgers differ")
            #expect(rebuilt.files == clean.files)
            switch edit.kept {
            case .everyPage?: #expect(rebuilt.keptPaperPages == rebuilt.papers, "\(edit): a paper page was made again")
            case .somePages?:
                #expect(
                    rebuilt.keptPaperPages > 0 && rebuilt.keptPaperPages < rebuilt.papers,
                    "\(edit): \(rebuilt.keptPaperPages) kept")
            case .noPage?: #expect(rebuilt.keptPaperPages == 0, "\(edit): a paper page was kept")
            case nil: break
            }
        }
        // The retitled paper's first URL still answers, with a redirect to the new one.
        let redirects = SiteInspection.files(in: output).filter {
            $0.hasPrefix("papers/convex-pruning-of-slow-fast-networks") && $0.hasSuffix("/index.html")
        }
        #expect(redirects.count == 2, "\(redirects)")
    }

    /// The folders under `folder`, relative to it, sorted.
    static func folders(in folder: String) -> [String] {
        var folders: [String] = []
        let walker = FileManager.default.enumerator(atPath: folder)
        while let relative = walker?.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isFolder),
                isFolder.boolValue
            {
                folders.append(relative)
            }
        }
        return folders.sorted()
    }

    @Test(
        "a seeded run of digests parked and restored, abstracts edited, the user's files added and deleted and pages edited by hand: every rebuild equals a clean build, less the user's files"
    )
    func randomSequence() throws {
        let folder = try TemporaryFolder("quire-incremental-random")
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let site = folder.sub("site")
        let parked = folder.sub("parked")
        try Self.copyTree(TestPaths.fixture("sites/researcher"), to: site)
        try FileManager.default.createDirectory(atPath: parked, withIntermediateDirectories: true)
        let output = folder.sub("public")
        _ = try Self.build(site: site, output: output)
        var random = SplitMix(seed: 2026)
        var userFiles: [String] = []
        for step in 0..<16 {
            var action = ""
            switch random.next() % 5 {
            case 0:
                let digests = try FileManager.default.contentsOfDirectory(atPath: site + "/digests").sorted()
                let waiting = try FileManager.default.contentsOfDirectory(atPath: parked).sorted()
                if let name = waiting.first, digests.count < 3 || random.next() % 2 == 0 {
                    try FileManager.default.moveItem(atPath: parked + "/" + name, toPath: site + "/digests/" + name)
                    action = "restore \(name)"
                } else if digests.count > 1 {
                    let name = digests[Int(random.next() % UInt64(digests.count))]
                    try FileManager.default.moveItem(atPath: site + "/digests/" + name, toPath: parked + "/" + name)
                    action = "park \(name)"
                }
            case 1:
                let path = site + "/digests/2024-06-07-text.txt"
                if FileManager.default.fileExists(atPath: path) {
                    try Self.replace("with $O(n)$ cost", with: "with $O(n)$ cost (edit \(step))", in: path)
                    action = "edit an abstract"
                }
            case 2:
                let path = step % 2 == 0 ? "papers/notes-\(step).txt" : "mine-\(step)/deep/notes.txt"
                try folder.write("public/" + path, "the user's \(step)")
                userFiles.append(path)
                action = "add \(path) to the output"
            case 3:
                if !userFiles.isEmpty {
                    let path = userFiles.removeFirst()
                    try FileManager.default.removeItem(atPath: output + "/" + path)
                    action = "delete \(path) from the output"
                }
            default:
                let pages = SiteInspection.files(in: output).filter { $0.hasSuffix("index.html") }
                let page = pages[Int(random.next() % UInt64(pages.count))]
                let handle = try #require(FileHandle(forWritingAtPath: output + "/" + page))
                try handle.seekToEnd()
                handle.write(Data("edited by hand".utf8))
                try handle.close()
                action = "edit \(page) by hand"
            }
            // A comment in quire.yml makes every step a real build, not an up-to-date one.
            try (String(contentsOfFile: site + "/quire.yml", encoding: .utf8) + "# step \(step)\n").write(
                toFile: site + "/quire.yml", atomically: true, encoding: .utf8)
            let twin = folder.sub("clean-\(step)")
            try Self.copyTree(site, to: twin + "-site")
            _ = try Self.build(site: site, output: output)
            _ = try Self.build(site: twin + "-site", output: twin)
            let mine = Set(userFiles)
            var userFolders: Set<String> = []
            for path in userFiles {
                var parent = (path as NSString).deletingLastPathComponent
                while !parent.isEmpty && !FileManager.default.fileExists(atPath: twin + "/" + parent) {
                    userFolders.insert(parent)
                    parent = (parent as NSString).deletingLastPathComponent
                }
            }
            let files = SiteInspection.files(in: output).filter { !mine.contains($0) && $0 != OutputManifest.fileName }
            #expect(
                files == SiteInspection.files(in: twin).filter { $0 != OutputManifest.fileName },
                "step \(step), \(action): the two outputs hold different files")
            #expect(
                Self.folders(in: output).filter { !userFolders.contains($0) } == Self.folders(in: twin),
                "step \(step), \(action): the two outputs hold different folders")
            for file in files where FileManager.default.fileExists(atPath: twin + "/" + file) {
                #expect(
                    try TestPaths.bytes(output + "/" + file) == TestPaths.bytes(twin + "/" + file),
                    "step \(step), \(action): \(file) differs from a clean build's")
            }
            for path in userFiles {
                #expect(
                    SiteInspection.text(output + "/" + path).hasPrefix("the user's"),
                    "step \(step), \(action): the user's \(path) is lost")
            }
        }
    }
}

/// A small seeded generator (SplitMix64), so the random sequence is the same on every run.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
