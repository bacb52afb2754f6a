import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireOutput

/// A site folder with its inputs and an output folder beside it, all in a fresh temporary folder.
private struct Workspace {
    let folder: TemporaryFolder
    var root: String { folder.path }
    var site: String { folder.sub("site") }
    var output: String { folder.sub("out") }
    var inputs: [String] { [site + "/quire.yml", site + "/digests", site + "/templates"] }

    init() throws {
        folder = try TemporaryFolder("quire-output")
        try folder.write("site/quire.yml", "title: T\n")
        try folder.write("site/digests/a.txt", "Apr 13\n")
    }

    func writer(output: String? = nil) throws -> OutputWriter {
        try OutputWriter(outputPath: output ?? self.output, siteDirectory: site, inputs: inputs)
    }

    /// Writes `files` as one build and commits it.
    @discardableResult
    func build(_ files: [String: String]) throws -> OutputWriter.Summary {
        let writer = try writer()
        for (path, text) in files.sorted(by: { $0.key < $1.key }) { try writer.write(path, text: text) }
        return try writer.commit()
    }
}

/// Every file under `folder` (relative path → bytes), hidden files included.
private func snapshot(_ folder: String) -> [String: [UInt8]] {
    var files: [String: [UInt8]] = [:]
    guard let walker = FileManager.default.enumerator(atPath: folder) else { return [:] }
    while let relative = walker.nextObject() as? String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isDirectory),
            !isDirectory.boolValue
        {
            files[relative] = [UInt8](FileManager.default.contents(atPath: folder + "/" + relative) ?? Data())
        }
    }
    return files
}

private func text(_ bytes: [UInt8]?) -> String? { bytes.map { String(decoding: $0, as: UTF8.self) } }

/// The inode and modification time of a file.
private func identity(_ path: String) -> (inode: UInt, seconds: Int, nanoseconds: Int)? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    return (UInt(status.st_ino), Int(status.st_mtim.tv_sec), Int(status.st_mtim.tv_nsec))
}

/// The reason of the `BuildFailure` that `body` throws, or nil when it throws nothing.
private func failureReason(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let failure as BuildFailure {
        return failure.reason
    } catch {
        return "unexpected error: \(error)"
    }
}

@Suite("OutputWriter")
struct OutputWriterTests {
    // MARK: - Refusals

    @Test("a folder removed detached is gone from its place at once, and deleted from beside it soon after")
    func removeDetached() async throws {
        let folder = try TemporaryFolder()
        try folder.write("tree/a/b/c.txt", "c")
        try folder.write("tree/d.txt", "d")
        #expect(FileTree.removeDetached(folder.sub("tree"), aside: folder.sub("tree-removing")))
        #expect(!FileManager.default.fileExists(atPath: folder.sub("tree")))
        var waited = 0
        while FileManager.default.fileExists(atPath: folder.sub("tree-removing")) && waited < 200 {
            try await Task.sleep(nanoseconds: 50_000_000)
            waited += 1
        }
        #expect(!FileManager.default.fileExists(atPath: folder.sub("tree-removing")))
        // A path that is not there: nothing to do, and nothing else touched.
        #expect(FileTree.removeDetached(folder.sub("missing"), aside: folder.sub("missing-removing")))
    }

    @Test("a non-empty folder without .quire-manifest is refused and left alone")
    func foreignFolder() throws {
        let workspace = try Workspace()
        try workspace.folder.write("out/mine.txt", "keep me")
        let reason = failureReason { _ = try workspace.writer() }
        #expect(
            reason
                == "refusing to replace \(workspace.output): it is not empty and Quire did not create it (no .quire-manifest); move it away or choose another --output"
        )
        #expect(text(snapshot(workspace.output)["mine.txt"]) == "keep me")
        #expect(snapshot(workspace.output).count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.root).sorted() == ["out", "site"])
    }

    @Test("an empty folder and a missing folder are accepted")
    func emptyAndMissingFolders() throws {
        let workspace = try Workspace()
        try FileManager.default.createDirectory(atPath: workspace.output, withIntermediateDirectories: true)
        #expect(failureReason { _ = try workspace.writer() } == nil)
        #expect(failureReason { _ = try workspace.writer(output: workspace.root + "/new/deeper/out") } == nil)
    }

    @Test("the file system root and the home folder are refused")
    func rootAndHome() throws {
        let workspace = try Workspace()
        let home = FileManager.default.homeDirectoryForCurrentUser.standardizedFileURL.path
        #expect(
            failureReason {
                try OutputWriter.validate(output: "/", siteDirectory: workspace.site, inputs: workspace.inputs)
            }
                == "refusing to build into /: choose a folder of its own, such as SITE/public")
        #expect(
            failureReason {
                try OutputWriter.validate(output: home, siteDirectory: workspace.site, inputs: workspace.inputs)
            }
                == "refusing to build into \(home): choose a folder of its own, such as SITE/public")
        #expect(OutputWriter.absolute("/") == "/")
    }

    @Test("the site folder, and any folder containing it, are refused")
    func siteFolder() throws {
        let workspace = try Workspace()
        #expect(
            failureReason { _ = try workspace.writer(output: workspace.site) }
                == "refusing to build into \(workspace.site): it contains the site itself; choose a folder such as \(workspace.site)/public"
        )
        #expect(
            failureReason { _ = try workspace.writer(output: workspace.root) }
                == "refusing to build into \(workspace.root): it contains the site itself; choose a folder such as \(workspace.site)/public"
        )
        #expect(
            failureReason { _ = try workspace.writer(output: workspace.site + "/../site/") }
                == "refusing to build into \(workspace.site): it contains the site itself; choose a folder such as \(workspace.site)/public"
        )
        #expect(failureReason { _ = try workspace.writer(output: workspace.site + "/public") } == nil)
    }

    @Test("a folder containing an input, or inside one, is refused")
    func inputFolders() throws {
        let workspace = try Workspace()
        let theme = workspace.folder.sub("themes/default")
        try FileManager.default.createDirectory(atPath: theme, withIntermediateDirectories: true)
        let themes = workspace.folder.sub("themes")
        #expect(
            failureReason {
                _ = try OutputWriter(
                    outputPath: themes, siteDirectory: workspace.site, inputs: workspace.inputs + [theme])
            }
                == "refusing to build into \(themes): it overlaps the site's input \(theme)")
        #expect(
            failureReason { _ = try workspace.writer(output: workspace.site + "/digests/out") }
                == "refusing to build into \(workspace.site)/digests/out: it overlaps the site's input \(workspace.site)/digests"
        )
        #expect(
            failureReason { _ = try workspace.writer(output: workspace.site + "/quire.yml") }
                == "refusing to build into \(workspace.site)/quire.yml: it overlaps the site's input \(workspace.site)/quire.yml"
        )
    }

    @Test("a file in the place of the output folder is refused")
    func outputIsAFile() throws {
        let workspace = try Workspace()
        try workspace.folder.write("out", "a file")
        #expect(
            failureReason { _ = try workspace.writer() }
                == "refusing to build into \(workspace.output): it is a file, not a folder")
    }

    @Test(
        "paths that could leave the output folder are refused",
        arguments: ["../x.html", "a/../../x.html", "/etc/x", "", "a//b.html", "./a.html", "a/./b.html", "a/.."])
    func escapingPaths(path: String) throws {
        let workspace = try Workspace()
        let writer = try workspace.writer()
        defer { writer.discard() }
        #expect(
            failureReason { try writer.write(path, text: "x") }
                == "internal error: refusing to write outside the output folder: '\(path)'")
        #expect(!FileManager.default.fileExists(atPath: workspace.root + "/x.html"))
    }

    @Test("a second build of the same output while one is running is refused")
    func lock() throws {
        let workspace = try Workspace()
        let first = try workspace.writer()
        defer { first.discard() }
        #expect(
            failureReason { _ = try workspace.writer() }
                == "another build of this site is running (it holds \(workspace.root)/.out.quire-lock); try again when it has finished"
        )
    }

    // MARK: - Builds

    @Test("a manifest's bytes are as long as worked out beforehand, and read back as they were")
    func manifestSize() throws {
        var manifest = OutputManifest()
        for (path, size) in [("index.html", 0), ("a/b/c.txt", 9), ("papers/é/index.html", 10), ("feed.xml", 1_234_567)]
        {
            manifest.entries[path] = OutputManifest.Entry(hash: UInt64(size) &* 0x9E37_79B9_7F4A_7C15, size: size)
        }
        manifest.carried = ["CNAME", "extra/ü.txt"]
        let bytes = manifest.bytes
        #expect(bytes.count == manifest.byteCount)
        let read = try #require(OutputManifest(text: String(decoding: bytes, as: UTF8.self)))
        #expect(read.entries == manifest.entries)
        #expect(read.carried == manifest.carried)
    }

    @Test("a committed build holds exactly the files written and a sorted manifest")
    func commit() throws {
        let workspace = try Workspace()
        let summary = try workspace.build(["index.html": "home", "papers/a/index.html": "paper a", "style.css": "css"])
        #expect(summary.files == 3)
        #expect(summary.bytes == 14)
        #expect(summary.unchanged == 0)
        #expect(summary.carriedOver == [])
        let files = snapshot(workspace.output)
        #expect(files.keys.sorted() == [".quire-manifest", "index.html", "papers/a/index.html", "style.css"])
        #expect(text(files["papers/a/index.html"]) == "paper a")
        let manifest = try #require(text(files[".quire-manifest"]))
        let lines = manifest.split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "# quire output manifest v2: files this build wrote (hash size path), then files it carried over (- - path); do not edit"
        )
        #expect(
            lines.dropFirst().map { $0.split(separator: " ").dropFirst().joined(separator: " ") } == [
                "4 index.html", "7 papers/a/index.html", "3 style.css",
            ])
        #expect(lines.count == 4)
        // Nothing is left beside the output but its lock file.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: workspace.root).sorted() == [
                ".out.quire-lock", "out", "site",
            ])
    }

    @Test("a discarded build leaves the previous output byte-identical")
    func discard() throws {
        let workspace = try Workspace()
        try workspace.build(["index.html": "home", "papers/a/index.html": "paper a"])
        let before = snapshot(workspace.output)
        let writer = try workspace.writer()
        try writer.write("index.html", text: "changed home")
        try writer.write("papers/b/index.html", text: "paper b")
        writer.discard()
        #expect(snapshot(workspace.output) == before)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: workspace.root).sorted() == [
                ".out.quire-lock", "out", "site",
            ])
    }

    @Test("a rebuild with identical content keeps each unchanged file's inode and modification time")
    func unchangedFilesKeepIdentity() throws {
        let workspace = try Workspace()
        let files = ["index.html": "home", "papers/a/index.html": "paper a", "papers/b/index.html": "paper b"]
        try workspace.build(files)
        let before = files.keys.sorted().map { identity(workspace.output + "/" + $0) }
        Thread.sleep(forTimeInterval: 0.02)
        var changed = files
        changed["papers/b/index.html"] = "paper B"
        let summary = try workspace.build(changed)
        #expect(summary.unchanged == 2)
        #expect(summary.files == 3)
        let after = files.keys.sorted().map { identity(workspace.output + "/" + $0) }
        for (index, path) in files.keys.sorted().enumerated() where path != "papers/b/index.html" {
            #expect(after[index]?.inode == before[index]?.inode, "\(path)")
            #expect(after[index]?.seconds == before[index]?.seconds, "\(path)")
            #expect(after[index]?.nanoseconds == before[index]?.nanoseconds, "\(path)")
        }
        let b = try #require(files.keys.sorted().firstIndex(of: "papers/b/index.html"))
        #expect(after[b]?.inode != before[b]?.inode)
        #expect(text(snapshot(workspace.output)["papers/b/index.html"]) == "paper B")
    }

    @Test("files the user added to the output are kept after a rebuild, and stale pages are removed")
    func userFilesCarriedOver() throws {
        let workspace = try Workspace()
        try workspace.build(["index.html": "home", "papers/a/index.html": "paper a", "papers/old/index.html": "old"])
        try workspace.folder.write("out/CNAME", "example.org")
        try workspace.folder.write("out/papers/a/notes.txt", "my notes")
        try workspace.folder.write("out/extra/deep/file.txt", "deep")
        let summary = try workspace.build(["index.html": "home 2", "papers/a/index.html": "paper a"])
        #expect(summary.carriedOver == ["CNAME", "extra/deep/file.txt", "papers/a/notes.txt"])
        let files = snapshot(workspace.output)
        #expect(
            files.keys.sorted() == [
                ".quire-manifest", "CNAME", "extra/deep/file.txt", "index.html", "papers/a/index.html",
                "papers/a/notes.txt",
            ])
        #expect(text(files["CNAME"]) == "example.org")
        #expect(text(files["papers/a/notes.txt"]) == "my notes")
        #expect(text(files["extra/deep/file.txt"]) == "deep")
        #expect(text(files["index.html"]) == "home 2")
        // The carried-over files are listed as such, not claimed with a hash, so they stay the user's.
        let manifest = try #require(text(files[".quire-manifest"]))
        #expect(!manifest.contains(" 11 CNAME"))
        #expect(manifest.hasSuffix("- - CNAME\n- - extra/deep/file.txt\n- - papers/a/notes.txt\n"))
    }

    @Test("a rebuild starts from the output before the last: kept files are not rewritten, and gone ones go")
    func rebuildStartsFromEarlierOutput() throws {
        let workspace = try Workspace()
        try workspace.build(["index.html": "v1", "papers/a/index.html": "a", "papers/b/index.html": "b"])
        try workspace.build(["index.html": "v2", "papers/a/index.html": "a", "papers/b/index.html": "b"])
        let spare = workspace.root + "/.out.quire-staging-trash"
        #expect(text(snapshot(spare)["index.html"]) == "v1")
        let keptPaper = try #require(identity(spare + "/papers/a/index.html"))
        try workspace.folder.write("out/CNAME", "example.org")
        let summary = try workspace.build(["index.html": "v3", "papers/a/index.html": "a", "papers/c/index.html": "c"])
        // The earlier output became the new one: its unchanged page is the same file.
        let paper = try #require(identity(workspace.output + "/papers/a/index.html"))
        #expect(paper.inode == keptPaper.inode && paper.nanoseconds == keptPaper.nanoseconds)
        #expect(summary.unchanged == 1)
        #expect(summary.carriedOver == ["CNAME"])
        let files = snapshot(workspace.output)
        #expect(
            files.keys.sorted() == [
                ".quire-manifest", "CNAME", "index.html", "papers/a/index.html", "papers/c/index.html",
            ])
        #expect(text(files["index.html"]) == "v3")
        #expect(!FileManager.default.fileExists(atPath: workspace.output + "/papers/b"))
        // A file the user deletes from the output is not brought back from an earlier one, nor
        // is the folder it leaves empty.
        try workspace.folder.write("out/extra/deep/file.txt", "deep")
        try workspace.build(["index.html": "v4", "papers/a/index.html": "a"])
        try FileManager.default.removeItem(atPath: workspace.output + "/CNAME")
        try FileManager.default.removeItem(atPath: workspace.output + "/extra/deep/file.txt")
        try workspace.build(["index.html": "v5", "papers/a/index.html": "a"])
        try workspace.build(["index.html": "v6", "papers/a/index.html": "a"])
        #expect(snapshot(workspace.output).keys.sorted() == [".quire-manifest", "index.html", "papers/a/index.html"])
        #expect(!FileManager.default.fileExists(atPath: workspace.output + "/extra"))
    }

    @Test("a file edited through a link the outputs share, and a file where a folder must be, are replaced")
    func earlierOutputNotTrusted() throws {
        let workspace = try Workspace()
        try workspace.build(["index.html": "home", "feed": "a file", "papers/a/index.html": "a"])
        try workspace.build(["index.html": "home", "feed": "a file", "papers/a/index.html": "a"])
        // The current output and the earlier one share this file's inode: edit it in place, a
        // tick of the file clock after the builds (an edit within the commit's tick goes unseen).
        usleep(20_000)
        let handle = try #require(FileHandle(forWritingAtPath: workspace.output + "/papers/a/index.html"))
        handle.write(Data("b".utf8))
        try handle.close()
        try workspace.build(["index.html": "home", "feed/index.html": "a folder now", "papers/a/index.html": "a"])
        let files = snapshot(workspace.output)
        #expect(text(files["papers/a/index.html"]) == "a")
        #expect(text(files["feed/index.html"]) == "a folder now")
        try workspace.build(["index.html": "home", "feed": "a file again", "papers/a/index.html": "a"])
        #expect(text(snapshot(workspace.output)["feed"]) == "a file again")
    }

    @Test("an earlier output a killed build left half brought up to date is deleted, and the next build is whole")
    func killedReuseNotTrusted() throws {
        let workspace = try Workspace()
        try workspace.build(["index.html": "v1", "papers/a/index.html": "a"])
        try workspace.build(["index.html": "v2", "papers/a/index.html": "a"])
        // What a build killed while bringing the earlier output up to date leaves: it marked it first.
        #expect(rename(workspace.root + "/.out.quire-staging-trash", workspace.root + "/.out.quire-staging") == 0)
        try workspace.folder.write(".out.quire-staging/.quire-staging", "")
        try workspace.folder.write(".out.quire-staging/index.html", "half")
        try workspace.build(["index.html": "v3", "papers/a/index.html": "a", "papers/b/index.html": "b"])
        let files = snapshot(workspace.output)
        #expect(files.keys.sorted() == [".quire-manifest", "index.html", "papers/a/index.html", "papers/b/index.html"])
        #expect(text(files["index.html"]) == "v3")
        #expect(!FileManager.default.fileExists(atPath: workspace.root + "/.out.quire-staging"))
    }

    @Test("a file kept by its hash, without being written again, is the earlier build's file")
    func keepWithoutBytes() throws {
        let workspace = try Workspace()
        try workspace.build(["index.html": "home", "papers/a/index.html": "paper a"])
        let hash = Array("paper a".utf8).withUnsafeBytes { ContentHash.of($0) }
        let writer = try workspace.writer()
        #expect(writer.keep("papers/a/index.html", hash: hash, size: 7))
        #expect(!writer.keep("papers/a/index.html", hash: hash ^ 1, size: 7))
        #expect(!writer.keep("papers/b/index.html", hash: hash, size: 7))
        try writer.write("index.html", text: "home")
        let summary = try writer.commit()
        #expect(summary.unchanged == 2)
        #expect(text(snapshot(workspace.output)["papers/a/index.html"]) == "paper a")
    }

    @Test("a page the user edited in the output is rewritten by the next build")
    func editedPageRewritten() throws {
        let workspace = try Workspace()
        try workspace.build(["index.html": "hello", "about/index.html": "about"])
        try workspace.folder.write("out/about/index.html", "ABOUT, longer")
        try workspace.folder.write("out/index.html", "HELLO")
        try workspace.build(["index.html": "hello", "about/index.html": "about"])
        let files = snapshot(workspace.output)
        #expect(text(files["about/index.html"]) == "about")
        #expect(text(files["index.html"]) == "hello")
    }

    @Test(
        "what a killed build left beside the output is cleaned up by the next one",
        arguments: ["staging", "empty staging", "trash"])
    func leftovers(kind: String) throws {
        let workspace = try Workspace()
        try workspace.build(["index.html": "home"])
        let before = snapshot(workspace.output)
        switch kind {
        case "staging":
            try workspace.folder.write(".out.quire-staging/.quire-staging", "")
            try workspace.folder.write(".out.quire-staging/papers/a/index.html", "half a build")
        case "empty staging":
            try FileManager.default.createDirectory(
                atPath: workspace.root + "/.out.quire-staging", withIntermediateDirectories: false)
        default:
            try workspace.folder.write(".out.quire-staging-trash/.quire-manifest", "# an old output being deleted")
        }
        let writer = try workspace.writer()
        writer.discard()
        #expect(snapshot(workspace.output) == before)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: workspace.root).sorted() == [
                ".out.quire-lock", "out", "site",
            ])
    }

    @Test("a folder in the staging folder's place that Quire did not make is refused and kept")
    func foreignStagingFolder() throws {
        let workspace = try Workspace()
        try workspace.folder.write(".out.quire-staging/mine.txt", "mine")
        #expect(
            failureReason { _ = try workspace.writer() }
                == "\(workspace.root)/.out.quire-staging exists but is not a staging folder of Quire's; move it away")
        #expect(text(snapshot(workspace.root + "/.out.quire-staging")["mine.txt"]) == "mine")
    }

    @Test("a build killed between the two renames of a swap left the previous output in the trash: it is put back")
    func previousOutputRestored() throws {
        let workspace = try Workspace()
        try workspace.build(["index.html": "home", "papers/a/index.html": "paper a"])
        let before = snapshot(workspace.output)
        #expect(rename(workspace.output, workspace.root + "/.out.quire-staging-trash") == 0)
        let writer = try workspace.writer()
        writer.discard()
        #expect(snapshot(workspace.output) == before)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: workspace.root).sorted() == [
                ".out.quire-lock", "out", "site",
            ])
    }

    // OutputWriter.discardAllInProgress, which acts on every writer of the process, is tested
    // through the quire command (CommandLineTests), where no other build shares the process.
    @Test("a build discarded while it is still writing cannot write or commit afterwards")
    func discardWhileWriting() throws {
        let workspace = try Workspace()
        try workspace.build(["index.html": "home"])
        let before = snapshot(workspace.output)
        let writer = try workspace.writer()
        try writer.write("index.html", text: "half a build")
        writer.discard()
        #expect(snapshot(workspace.output) == before)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: workspace.root).sorted() == [
                ".out.quire-lock", "out", "site",
            ])
        #expect(failureReason { try writer.write("papers/b/index.html", text: "too late") } != nil)
        #expect(failureReason { _ = try writer.commit() } == "the build was interrupted")
        #expect(snapshot(workspace.output) == before)
    }

    @Test("writing from many threads at once records every file")
    func concurrentWrites() throws {
        let workspace = try Workspace()
        let writer = try workspace.writer()
        DispatchQueue.concurrentPerform(iterations: 200) { index in
            try? writer.write("papers/p\(index % 20)/\(index).html", text: "page \(index)")
        }
        let summary = try writer.commit()
        #expect(summary.files == 200)
        let files = snapshot(workspace.output)
        #expect(files.count == 201)
        #expect(text(files["papers/p7/187.html"]) == "page 187")
    }
}
