import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireKit

/// Symlinks in a site: those that stay inside are followed, those that lead out are named and not read.
@Suite("Files from outside the site")
struct FileWalkerTests {
    static let digest = "new\n\nApr 13\n\nInside Paper\n\nIts abstract.\n\n  • 4 authors\n·\nJun 6, 2023\n"

    /// A site beside an "outside" folder (a secret file, a folder of templates) and another site.
    struct Layout {
        let folder: TemporaryFolder
        var site: String { folder.sub("site") }
        var output: String { folder.sub("out") }

        init(config: String = "title: Links\nbase_url: https://example.org/\n") throws {
            folder = try TemporaryFolder("quire-links")
            try folder.write("site/quire.yml", config)
            try folder.write("site/digests/inside.txt", FileWalkerTests.digest)
            try folder.write("outside/secret.txt", "TOP SECRET machine file\n")
            try folder.write("outside/theme/leak.css", "body { content: 'TOP SECRET folder' }\n")
            try folder.write(
                "other-site/digests/theirs.txt",
                FileWalkerTests.digest.replacingOccurrences(of: "Inside Paper", with: "TOP SECRET Other Site Paper"))
            try link("site/templates/secret.txt", to: folder.sub("outside/secret.txt"))
            try link("site/templates/shared", to: "../../outside/theme")
            try link("site/digests/host.txt", to: folder.sub("outside/secret.txt"))
            try link("site/digests/theirs.txt", to: "../../other-site/digests/theirs.txt")
            try folder.write(
                "site/notes/kept.txt",
                FileWalkerTests.digest.replacingOccurrences(of: "Inside Paper", with: "Linked Paper"))
            try link("site/digests/linked.txt", to: "../notes/kept.txt")
            try link("site/digests/loop", to: ".")
        }

        func link(_ path: String, to target: String) throws {
            try FileManager.default.createDirectory(
                atPath: (folder.sub(path) as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: folder.sub(path), withDestinationPath: target)
        }

        func build(strict: Bool = false) throws -> BuildReport {
            try SiteBuilder(
                options: BuildOptions(
                    siteDirectory: site, outputDirectory: output, strict: strict,
                    themeDirectory: TestPaths.theme, ledgerFile: folder.sub("ledger.yml"))
            ).build()
        }

        /// Every file of the output that mentions `text`.
        func outputFiles(containing text: String) -> [String] {
            var names: [String] = []
            FileWalker(links: .listed, includesHidden: true).walk(output) { file in
                if (try? String(contentsOfFile: file.path, encoding: .utf8))?.contains(text) == true {
                    names.append(file.relativePath)
                }
            }
            return names
        }
    }

    @Test(
        "links to a file outside, a folder outside and another site's file are named once each and not read; a link inside works"
    )
    func linksOutsideAreNotFollowed() throws {
        let layout = try Layout()
        let report = try layout.build()
        let site = layout.site
        #expect(
            report.diagnostics.map(\.description).sorted() == [
                "\(site)/digests/host.txt: warning: symlink to \(layout.folder.sub("outside/secret.txt")), outside the site folder and the theme: not followed (to read a shared folder, list it under 'trusted_folders' in quire.yml); skipped",
                "\(site)/digests/loop: warning: symlink loop: this is the folder \(site)/digests, already read; skipped",
                "\(site)/digests/theirs.txt: warning: symlink to \(layout.folder.sub("other-site/digests/theirs.txt")), outside the site folder and the theme: not followed (to read a shared folder, list it under 'trusted_folders' in quire.yml); skipped",
                "\(site)/templates/secret.txt: warning: symlink to \(layout.folder.sub("outside/secret.txt")), outside the site folder and the theme: not followed (to read a shared folder, list it under 'trusted_folders' in quire.yml); skipped",
                "\(site)/templates/shared: warning: symlink to \(layout.folder.sub("outside/theme")), outside the site folder and the theme: not followed (to read a shared folder, list it under 'trusted_folders' in quire.yml); skipped",
            ])
        #expect(layout.outputFiles(containing: "TOP SECRET").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: layout.output + "/secret.txt"))
        #expect(report.papers == 2)  // inside.txt, and linked.txt through its link inside the site
        #expect(!layout.outputFiles(containing: "Linked Paper").isEmpty)
    }

    @Test("under --strict a link leading out of the site fails the build")
    func strictRefusesLinksOutside() throws {
        let layout = try Layout()
        #expect(throws: BuildFailure.self) { try layout.build(strict: true) }
    }

    @Test("a folder listed under trusted_folders may be linked to")
    func trustedFolders() throws {
        let layout = try Layout(config: "title: Links\nbase_url: https://example.org/\ntrusted_folders: [../outside]\n")
        let report = try layout.build()
        // The template folder's file is copied as it is, and the digest linked to it is read.
        #expect(layout.outputFiles(containing: "TOP SECRET machine file").contains("secret.txt"))
        #expect(layout.outputFiles(containing: "TOP SECRET machine file").contains("digests/host/index.html"))
        #expect(layout.outputFiles(containing: "TOP SECRET folder") == ["shared/leak.css"])
        #expect(
            report.diagnostics.map(\.description).filter { $0.contains("outside the site") }
                == [
                    "\(layout.site)/digests/theirs.txt: warning: symlink to \(layout.folder.sub("other-site/digests/theirs.txt")), outside the site folder and the theme: not followed (to read a shared folder, list it under 'trusted_folders' in quire.yml); skipped"
                ])
    }

    @Test("two links back up the tree are each read once: the walk stays linear")
    func loopsCostNothing() throws {
        let folder = try TemporaryFolder("quire-links")
        try folder.write("digests/a/x.txt", "x")
        for (index, name) in ["digests/l1", "digests/l2", "digests/a/up1", "digests/a/up2"].enumerated() {
            try FileManager.default.createSymbolicLink(
                atPath: folder.sub(name), withDestinationPath: index < 2 ? "." : "..")
        }
        var files: [String] = []
        var problems: [FileWalker.Problem] = []
        FileWalker(links: .followedWithin(InputBoundary(folders: [folder.path])))
            .walk(folder.sub("digests"), problem: { problems.append($0) }, visit: { files.append($0.relativePath) })
        #expect(files == ["a/x.txt"])
        #expect(
            problems.map(\.path) == [
                folder.sub("digests/a/up1"), folder.sub("digests/a/up2"),
                folder.sub("digests/l1"), folder.sub("digests/l2"),
            ])
    }
}
