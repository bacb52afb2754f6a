import CSystemShims
import Foundation
import QuireCore

/// Writes a build into a staging folder beside the output and swaps it in only when the build
/// succeeded, so a failed, interrupted or killed build leaves the previous output as it was.
///
/// Files whose content did not change are hard-linked from the previous output (keeping their
/// modification time, so deploys stay small). Files in the output that Quire did not write are
/// carried over, never deleted. Safe to call `write` from several threads.
public final class OutputWriter: OutputSink, @unchecked Sendable {
    public let outputPath: String
    let stagingPath: String
    /// Where a staging folder (or, after the swap, the previous output) is moved to be deleted.
    let trashPath: String
    /// Where the next build moves the previous output it finds in `trashPath`, to delete it
    /// while it builds rather than at the end of the build that replaced it.
    let oldTrashPath: String
    /// The deletion of `oldTrashPath`, running beside the build; waited for before the swap.
    private var oldTrashRemoval: DispatchGroup?
    /// The manifest of the output being replaced, read once stale folders are cleaned up.
    private var previous: OutputManifest?
    private let lock = NSLock()
    private var written: [String: OutputManifest.Entry] = [:]
    private var createdDirectories: Set<String> = [""]
    private var unchangedCount = 0
    private var lockDescriptor: Int32 = -1
    /// Held while the build is swapped in or thrown away, so the two never interleave.
    private let stateLock = NSLock()
    private var state = State.building

    private enum State {
        case building, committed, discarded
    }

    /// Writers whose build is in progress, for `discardAllInProgress`.
    nonisolated(unsafe) private static var inProgress: [ObjectIdentifier: OutputWriter] = [:]
    private static let inProgressLock = NSLock()

    /// What a commit did.
    public struct Summary: Sendable {
        public var files: Int
        public var bytes: Int
        /// Files kept from the previous build because their content did not change.
        public var unchanged: Int
        /// Files in the old output Quire did not write, kept in the new one.
        public var carriedOver: [String]
    }

    /// Prepares a build of `outputPath`, refusing folders Quire must not replace.
    /// `inputs` are the site's input paths; the output may not contain any of them.
    public init(outputPath: String, siteDirectory: String, inputs: [String]) throws {
        let output = Self.absolute(outputPath)
        try Self.validate(
            output: output, siteDirectory: Self.absolute(siteDirectory), inputs: inputs.map(Self.absolute))
        self.outputPath = output
        let parent = (output as NSString).deletingLastPathComponent
        let name = (output as NSString).lastPathComponent
        stagingPath = parent + "/." + name + ".quire-staging"
        trashPath = stagingPath + "-trash"
        oldTrashPath = stagingPath + "-old"

        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try takeLock(path: parent + "/." + name + ".quire-lock")
        try removeStaleStaging()
        previous = Self.readManifest(in: output)
        guard mkdir(stagingPath, 0o755) == 0 else {
            throw BuildFailure("cannot create the staging folder \(stagingPath): \(String(cString: strerror(errno)))")
        }
        try FileOutput.write([], to: stagingPath + "/" + Self.stagingMarker)
        Self.inProgressLock.withLock { Self.inProgress[ObjectIdentifier(self)] = self }
    }

    deinit {
        if lockDescriptor >= 0 { close(lockDescriptor) }
    }

    static let stagingMarker = ".quire-staging"

    // MARK: - Writing

    /// Writes one file at a site-relative path such as `papers/x/index.html`.
    public func write(_ relativePath: String, _ bytes: [UInt8]) throws {
        try Self.checkRelative(relativePath)
        let entry = bytes.withUnsafeBytes { OutputManifest.Entry(hash: ContentHash.of($0), size: $0.count) }
        let target = stagingPath + "/" + relativePath
        try makeParentDirectories(of: relativePath)
        if previous?.entries[relativePath] == entry, keepPrevious(relativePath, at: target, bytes: bytes) {
            lock.withLock {
                written[relativePath] = entry
                unchangedCount += 1
            }
            return
        }
        try FileOutput.write(bytes, to: target)
        lock.withLock { written[relativePath] = entry }
    }

    /// Hard-links the previous build's copy when it holds exactly these bytes (so a file edited
    /// by hand since is rewritten, not kept).
    private func keepPrevious(_ relativePath: String, at target: String, bytes: [UInt8]) -> Bool {
        let old = outputPath + "/" + relativePath
        let descriptor = open(old, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) == bytes.count
        else { return false }
        var existing = [UInt8](repeating: 0, count: bytes.count + 1)
        let count = existing.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count == bytes.count, existing.prefix(count).elementsEqual(bytes) else { return false }
        return link(old, target) == 0
    }

    private func makeParentDirectories(of relativePath: String) throws {
        guard let slash = relativePath.utf8.lastIndex(of: 0x2F) else { return }
        let directory = String(relativePath[..<slash])
        if lock.withLock({ createdDirectories.contains(directory) }) { return }
        try makeParentDirectories(of: directory)
        if mkdir(stagingPath + "/" + directory, 0o755) != 0 && errno != EEXIST {
            throw BuildFailure("cannot create \(outputPath)/\(directory): \(String(cString: strerror(errno)))")
        }
        _ = lock.withLock { createdDirectories.insert(directory) }
    }

    // MARK: - Commit

    /// Swaps the staged build in for the output. After this the writer must not be used.
    public func commit() throws -> Summary {
        defer { Self.inProgressLock.withLock { _ = Self.inProgress.removeValue(forKey: ObjectIdentifier(self)) } }
        let carriedOver: [String] = try stateLock.withLock {
            guard state == .building else { throw BuildFailure("the build was interrupted") }
            let manifest = OutputManifest(entries: written)
            try FileOutput.write(Array(manifest.text.utf8), to: stagingPath + "/" + OutputManifest.fileName)
            unlink(stagingPath + "/" + Self.stagingMarker)
            var carriedOver: [String] = []
            if FileManager.default.fileExists(atPath: outputPath) {
                carriedOver = try carryOverForeignFiles()
                if quire_exchange_paths(stagingPath, outputPath) != 0 {
                    // No atomic exchange here (not Linux, or the file system lacks it): two renames.
                    guard rename(outputPath, trashPath) == 0 else {
                        throw BuildFailure("cannot replace \(outputPath): \(String(cString: strerror(errno)))")
                    }
                    guard rename(stagingPath, outputPath) == 0 else {
                        rename(trashPath, outputPath)
                        throw BuildFailure("cannot replace \(outputPath): \(String(cString: strerror(errno)))")
                    }
                } else {
                    // The previous output is now at the staging path; everything in it was Quire's or has been linked over.
                    rename(stagingPath, trashPath)
                }
            } else {
                guard rename(stagingPath, outputPath) == 0 else {
                    throw BuildFailure("cannot move the build into \(outputPath): \(String(cString: strerror(errno)))")
                }
            }
            state = .committed
            return carriedOver
        }
        // The previous output stays in the trash, all of it Quire's, until the next build
        // deletes it while building: deleting a large site's files took a tenth of a rebuild.
        oldTrashRemoval?.wait()
        return Summary(
            files: written.count, bytes: written.values.reduce(0) { $0 + $1.size },
            unchanged: unchangedCount, carriedOver: carriedOver)
    }

    /// Removes the staged build, leaving the output untouched. Safe to call while other threads
    /// are still writing (their writes then fail) and more than once.
    public func discard() {
        stateLock.withLock {
            guard state == .building else { return }
            state = .discarded
            // Moved aside before deleting, so a thread still writing cannot add files to a
            // folder being deleted: its paths no longer exist.
            let doomed = rename(stagingPath, trashPath) == 0 ? trashPath : stagingPath
            FileTree.remove(doomed)
            oldTrashRemoval?.wait()
        }
        Self.inProgressLock.withLock { _ = Self.inProgress.removeValue(forKey: ObjectIdentifier(self)) }
    }

    /// Discards every build in progress in this process, leaving their outputs as they were:
    /// what an interrupted `quire build` does before it exits. A build that is being swapped in
    /// finishes its swap first.
    /// Returns whether there was one.
    @discardableResult
    public static func discardAllInProgress() -> Bool {
        let writers = inProgressLock.withLock { Array(inProgress.values) }
        for writer in writers { writer.discard() }
        return !writers.isEmpty
    }

    /// Links every file of the old output that no build of Quire wrote into the staged build.
    private func carryOverForeignFiles() throws -> [String] {
        var carried: [String] = []
        try FileTree.forEachFile(in: outputPath) { relative in
            if relative == OutputManifest.fileName || previous?.entries[relative] != nil || written[relative] != nil {
                return
            }
            let source = outputPath + "/" + relative
            try makeParentDirectories(of: relative)
            let target = stagingPath + "/" + relative
            if link(source, target) != 0 {
                try FileManager.default.copyItem(atPath: source, toPath: target)
            }
            carried.append(relative)
        }
        return carried.sorted()
    }

    // MARK: - Safety checks

    static func absolute(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: absolute).standardizedFileURL.resolvingSymlinksInPath().path
    }

    static func isInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    /// The user's home folder as `$HOME` names it and as the password database does.
    static var homeFolders: Set<String> {
        var homes: Set<String> = [FileManager.default.homeDirectoryForCurrentUser.standardizedFileURL.path]
        if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty { homes.insert(absolute(home)) }
        return homes
    }

    static func validate(output: String, siteDirectory: String, inputs: [String]) throws {
        if output == "/" || homeFolders.contains(output) {
            throw BuildFailure("refusing to build into \(output): choose a folder of its own, such as SITE/public")
        }
        if output == siteDirectory || isInside(siteDirectory, output) {
            throw BuildFailure(
                "refusing to build into \(output): it contains the site itself; choose a folder such as \(siteDirectory)/public"
            )
        }
        for input in inputs where isInside(input, output) || isInside(output, input) {
            throw BuildFailure("refusing to build into \(output): it overlaps the site's input \(input)")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw BuildFailure("refusing to build into \(output): it is a file, not a folder")
        }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
        if !contents.isEmpty && !contents.contains(OutputManifest.fileName) {
            throw BuildFailure(
                "refusing to replace \(output): it is not empty and Quire did not create it (no \(OutputManifest.fileName)); move it away or choose another --output"
            )
        }
    }

    /// The folder paths of the pages the output held before this build, by its manifest: what
    /// the previous build published, even with a Quire that kept no record of it elsewhere.
    /// The pages the output being replaced holds that `include` accepts (filtered before they
    /// are collected: a large site's paper pages alone are a hundred thousand paths).
    public func previousPagePaths(where include: (String) -> Bool) -> [String] {
        previous?.pagePaths(where: include) ?? []
    }

    /// Whether `output` holds a build Quire committed.
    package static func holdsBuild(_ output: String) -> Bool { readManifest(in: output) != nil }

    static func readManifest(in output: String) -> OutputManifest? {
        guard let data = try? InputFile.read(output + "/" + OutputManifest.fileName) else { return nil }
        return OutputManifest(text: String(decoding: data, as: UTF8.self))
    }

    /// A site-relative path must stay inside the output: no absolute paths, empty, `.` or `..`
    /// segments, no NUL. Checked on bytes, since every file of the site passes here.
    static func checkRelative(_ path: String) throws {
        var path = path
        let isSafe = path.withUTF8 { bytes -> Bool in
            guard !bytes.isEmpty else { return false }
            var segmentStart = 0
            for index in 0...bytes.count {
                if index < bytes.count, bytes[index] == 0 { return false }
                guard index == bytes.count || bytes[index] == 0x2F else { continue }
                let length = index - segmentStart
                if length == 0 { return false }
                if length <= 2, bytes[segmentStart] == 0x2E, length == 1 || bytes[segmentStart + 1] == 0x2E {
                    return false
                }
                segmentStart = index + 1
            }
            return true
        }
        guard isSafe else {
            throw BuildFailure("internal error: refusing to write outside the output folder: '\(path)'")
        }
    }

    private func takeLock(path: String) throws {
        lockDescriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lockDescriptor >= 0 else {
            throw BuildFailure("cannot create the lock file \(path): \(String(cString: strerror(errno)))")
        }
        if flock(lockDescriptor, LOCK_EX | LOCK_NB) != 0 {
            throw BuildFailure(
                "another build of this site is running (it holds \(path)); try again when it has finished")
        }
    }

    /// Cleans up after a killed build: removes its staging folder, or just after the swap the old
    /// output (both marked as Quire's), and the trash folder it was deleting (Quire's by its name).
    /// Where the swap is two renames, a build killed between them left the previous output in the
    /// trash and none in place: that one is put back.
    private func removeStaleStaging() throws {
        var status = stat()
        if lstat(trashPath, &status) == 0 {
            let isPreviousOutput =
                !FileManager.default.fileExists(atPath: trashPath + "/" + Self.stagingMarker)
                && FileManager.default.fileExists(atPath: trashPath + "/" + OutputManifest.fileName)
            if isPreviousOutput, lstat(outputPath, &status) != 0 {
                guard rename(trashPath, outputPath) == 0 else {
                    throw BuildFailure(
                        "cannot put the previous output back from \(trashPath) into \(outputPath): \(String(cString: strerror(errno)))"
                    )
                }
            } else if isPreviousOutput {
                // The output a successful swap replaced: deleted beside this build (a folder
                // left at `oldTrashPath` by a build killed while deleting goes first).
                if lstat(oldTrashPath, &status) == 0 { try FileManager.default.removeItem(atPath: oldTrashPath) }
                guard rename(trashPath, oldTrashPath) == 0 else {
                    throw BuildFailure("cannot move \(trashPath) aside: \(String(cString: strerror(errno)))")
                }
                let removal = DispatchGroup()
                let doomed = oldTrashPath
                DispatchQueue.global(qos: .utility).async(group: removal) { _ = FileTree.remove(doomed) }
                oldTrashRemoval = removal
            } else {
                try FileManager.default.removeItem(atPath: trashPath)
            }
        } else if lstat(oldTrashPath, &status) == 0 {
            try FileManager.default.removeItem(atPath: oldTrashPath)  // left by a build killed while deleting it
        }
        guard lstat(stagingPath, &status) == 0 else { return }
        guard
            FileManager.default.fileExists(atPath: stagingPath + "/" + Self.stagingMarker)
                || FileManager.default.fileExists(atPath: stagingPath + "/" + OutputManifest.fileName)
        else {
            // A build killed between creating the staging folder and marking it left it empty.
            guard rmdir(stagingPath) == 0 else {
                throw BuildFailure("\(stagingPath) exists but is not a staging folder of Quire's; move it away")
            }
            return
        }
        // Renamed first, so that a build killed while deleting it leaves a folder Quire knows by its name.
        guard rename(stagingPath, trashPath) == 0 else {
            throw BuildFailure(
                "cannot remove the staging folder \(stagingPath) a stopped build left: \(String(cString: strerror(errno)))"
            )
        }
        try FileManager.default.removeItem(atPath: trashPath)
    }
}
