import CSystemShims
import Foundation
import QuireCore

/// Writes a build into a staging folder beside the output and swaps it in only when the build
/// succeeded, so a failed, interrupted or killed build leaves the previous output as it was.
///
/// The output a build replaces is kept (as `trashPath`), and the next build starts from it: it
/// rewrites only the files whose content differs and removes those no longer written. A daily
/// rebuild of a large site then costs what changed, not a folder tree of every page: linking a
/// hundred thousand pages into a fresh folder took seconds. A kept output that a killed build
/// left half updated is marked as a staging folder and deleted, never trusted.
///
/// Files whose content did not change keep their modification time (so deploys stay small):
/// kept where they are, or hard-linked from the previous output. Files in the output that
/// Quire did not write are carried over, never deleted. Safe to call `write` from several threads.
public final class OutputWriter: OutputSink, @unchecked Sendable {
    public let outputPath: String
    let stagingPath: String
    /// Where the output a swap replaced is kept for the next build to start from (and where a
    /// failed staging folder is moved to be deleted).
    let trashPath: String
    /// Where a folder is moved to be deleted when `trashPath` is taken; Quire's by its name.
    let oldTrashPath: String
    /// The manifest of the output being replaced, read once stale folders are cleaned up.
    private var previous: OutputManifest?
    /// When the output being replaced was committed (its manifest's modification time).
    private var previousCommitted: (seconds: Int, nanoseconds: Int)?
    /// The earlier output this build is brought up to date in, when there is one to start from.
    private var reused: ReusedOutput?
    private let lock = NSLock()
    private var written: [String: OutputManifest.Entry] = [:]
    /// The folders made in the staged build, by the fingerprint of their paths: a large site has a
    /// folder per paper, and their paths alone took tens of megabytes.
    private var createdDirectories: Set<Fingerprint128> = [OutputWriter.folderKey("")]
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
        let hasSpare = try removeStaleStaging()
        previous = Self.readManifest(in: output)
        var status = stat()
        if previous != nil, lstat(output + "/" + OutputManifest.fileName, &status) == 0 {
            previousCommitted = Platform.modificationTime(status)
        }
        reused = hasSpare ? takeSpare() : nil
        if reused == nil {
            if hasSpare { try removeFolder(trashPath) }
            guard mkdir(stagingPath, 0o755) == 0 else {
                throw BuildFailure(
                    "cannot create the staging folder \(stagingPath): \(String(cString: strerror(errno)))")
            }
        }
        // From here on the folder is a staging folder: a build killed now leaves it to be deleted.
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
        try write(relativePath, bytes, hash: ContentHash.of(bytes))
    }

    /// Writes one file whose `ContentHash` is `hash`.
    public func write(_ relativePath: String, _ bytes: [UInt8], hash: UInt64) throws {
        try Self.checkRelative(relativePath)
        let entry = OutputManifest.Entry(hash: hash, size: bytes.count)
        let target = stagingPath + "/" + relativePath
        if let reused, reused.manifest.entries[relativePath] == entry,
            Self.holds(target, size: entry.size, before: reused.committed)
        {
            recordKept(relativePath, entry)
            return
        }
        try makeParentDirectories(of: relativePath)
        // The earlier output's file may be a hard link to a file of the current output: it is
        // replaced, never written into.
        if reused != nil { try removeForReplacement(target) }
        if previous?.entries[relativePath] == entry, keepPrevious(relativePath, at: target, bytes: bytes) {
            recordKept(relativePath, entry)
            return
        }
        try FileOutput.write(bytes, to: target)
        let path = previous?.shared(relativePath) ?? relativePath
        lock.withLock { written[path] = entry }
    }

    /// Keeps the earlier output's file, or links the current output's, when the manifests say it
    /// holds bytes of this hash and size and it was not modified since its build.
    public func keep(_ relativePath: String, hash: UInt64, size: Int) -> Bool {
        guard (try? Self.checkRelative(relativePath)) != nil else { return false }
        let entry = OutputManifest.Entry(hash: hash, size: size)
        let target = stagingPath + "/" + relativePath
        if let reused, reused.manifest.entries[relativePath] == entry,
            Self.holds(target, size: size, before: reused.committed)
        {
            recordKept(relativePath, entry)
            return true
        }
        let source = outputPath + "/" + relativePath
        guard previous?.entries[relativePath] == entry, let previousCommitted,
            Self.holds(source, size: size, before: previousCommitted),
            (try? makeParentDirectories(of: relativePath)) != nil,
            reused == nil || (try? removeForReplacement(target)) != nil,
            link(source, target) == 0
        else { return false }
        recordKept(relativePath, entry)
        return true
    }

    /// Records a file kept from an earlier build, under the previous manifest's copy of its path
    /// (a large site's paths are then held once, not once per manifest).
    private func recordKept(_ relativePath: String, _ entry: OutputManifest.Entry) {
        let path = previous?.shared(relativePath) ?? relativePath
        let unchanged = previous?.entries[path] == entry
        lock.withLock {
            written[path] = entry
            if unchanged { unchangedCount += 1 }
        }
    }

    /// Whether `path` is a regular file of `size` bytes last modified no later than `committed`:
    /// still the file the build that committed then wrote, not one edited by hand since. (File
    /// times are taken from a clock that ticks every few milliseconds; an edit within the tick of
    /// the commit itself would go unnoticed.)
    static func holds(_ path: String, size: Int, before committed: (seconds: Int, nanoseconds: Int)) -> Bool {
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) == size else {
            return false
        }
        return Platform.modificationTime(status) <= committed
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
        let key = Self.folderKey(directory)
        if lock.withLock({ createdDirectories.contains(key) }) { return }
        try makeParentDirectories(of: directory)
        let path = stagingPath + "/" + directory
        var made = mkdir(path, 0o755) == 0 || errno == EEXIST
        if made, reused != nil, errno == EEXIST {
            // The earlier output may hold a file where this build needs a folder (but a file this
            // build wrote there stays, and the folder cannot be made, as in a fresh folder).
            var status = stat()
            if lstat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFDIR,
                lock.withLock({ written[directory] == nil })
            {
                made = unlink(path) == 0 && mkdir(path, 0o755) == 0
            }
        }
        guard made else {
            throw BuildFailure("cannot create \(outputPath)/\(directory): \(String(cString: strerror(errno)))")
        }
        _ = lock.withLock { createdDirectories.insert(key) }
    }

    /// How `createdDirectories` knows a folder: its path's 128-bit fingerprint, wide enough that
    /// two folders of one site never share one.
    static func folderKey(_ path: String) -> Fingerprint128 {
        var hasher = StreamHasher()
        hasher.add(path)
        return hasher.value
    }

    /// Clears `target` in the earlier output being brought up to date, before a file is put there:
    /// its file may be a hard link shared with the current output, so it is never written into;
    /// a folder where this build writes a file goes too.
    private func removeForReplacement(_ target: String) throws {
        if unlink(target) == 0 || errno == ENOENT { return }
        if errno == EISDIR || errno == EPERM, FileTree.remove(target) { return }
        throw BuildFailure("cannot replace \(target): \(String(cString: strerror(errno)))")
    }

    // MARK: - Commit

    /// Swaps the staged build in for the output. After this the writer must not be used.
    public func commit() throws -> Summary {
        defer { Self.inProgressLock.withLock { _ = Self.inProgress.removeValue(forKey: ObjectIdentifier(self)) } }
        let carriedOver: [String] = try stateLock.withLock {
            guard state == .building else { throw BuildFailure("the build was interrupted") }
            var carriedOver: [String] = []
            let hasOutput = FileManager.default.fileExists(atPath: outputPath)
            if hasOutput { carriedOver = try carryOverForeignFiles() }
            if let reused { removeLeftovers(of: reused, carried: carriedOver) }
            let manifest = OutputManifest(entries: written, carried: carriedOver)
            let manifestPath = stagingPath + "/" + OutputManifest.fileName
            unlink(manifestPath)
            try FileOutput.write(manifest.bytes, to: manifestPath)
            unlink(stagingPath + "/" + Self.stagingMarker)
            if hasOutput {
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
        // The previous output stays in the trash, all of it Quire's: the next build starts from it.
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
        for relative in foreignFiles().sorted() where written[relative] == nil {
            let source = outputPath + "/" + relative
            try makeParentDirectories(of: relative)
            let target = stagingPath + "/" + relative
            if reused != nil { try removeForReplacement(target) }
            if link(source, target) != 0 {
                try FileManager.default.copyItem(atPath: source, toPath: target)
            }
            carried.append(relative)
        }
        return carried
    }

    /// The files of the old output that its manifest does not claim. When the manifest says when
    /// it was written, only the folders modified since are read (a file added or removed changes
    /// its folder's modification time), with new folders in them, and the files it lists as
    /// carried over are checked: reading every folder of a large site took a second per build.
    private func foreignFiles() -> Set<String> {
        var found: Set<String> = []
        guard let previous, let previousCommitted else {
            FileTree.forEachFile(in: outputPath) { relative in
                if relative != OutputManifest.fileName && previous?.entries[relative] == nil { found.insert(relative) }
            }
            return found
        }
        var folders: Set<Substring> = [""]
        for path in previous.entries.keys + previous.carried {
            var folder = Substring(path)
            // By UTF-8 code unit: by character, this loop alone took a quarter of a second.
            while let slash = folder.utf8.lastIndex(of: 0x2F) {
                folder = folder[..<slash]
                if !folders.insert(folder).inserted { break }
            }
        }
        for path in previous.carried where FileManager.default.fileExists(atPath: outputPath + "/" + path) {
            found.insert(path)
        }
        for folder in folders {
            let path = folder.isEmpty ? outputPath : outputPath + "/" + folder
            var status = stat()
            guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR,
                Platform.modificationTime(status) >= previousCommitted,
                let names = try? FileManager.default.contentsOfDirectory(atPath: path)
            else { continue }
            for name in names {
                let relative = folder.isEmpty ? name : folder + "/" + name
                if relative == OutputManifest.fileName || previous.entries[relative] != nil
                    || folders.contains(Substring(relative))
                {
                    continue
                }
                guard lstat(path + "/" + name, &status) == 0 else { continue }
                if (status.st_mode & S_IFMT) == S_IFDIR {
                    FileTree.forEachFile(in: path + "/" + name) { found.insert(relative + "/" + $0) }
                } else {
                    found.insert(relative)
                }
            }
        }
        return found
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

    /// The files (not pages) the output being replaced holds that `include` accepts, sorted.
    public func previousFiles(where include: (String) -> Bool) -> [String] {
        previous?.entries.keys.filter(include).sorted() ?? []
    }

    /// Whether `output` holds a build Quire committed.
    package static func holdsBuild(_ output: String) -> Bool { readManifest(in: output) != nil }

    static func readManifest(in output: String, sharing other: OutputManifest? = nil) -> OutputManifest? {
        guard let data = try? InputFile.read(output + "/" + OutputManifest.fileName) else { return nil }
        return OutputManifest(text: String(decoding: data, as: UTF8.self), sharing: other)
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
        // A lock just let go can look held for a moment: a process that forks to start another
        // program holds a copy of every open descriptor until that program starts. A build holds
        // the lock for its whole run, so a few short retries tell the two apart.
        var attempts = 0
        while flock(lockDescriptor, LOCK_EX | LOCK_NB) != 0 {
            attempts += 1
            guard attempts < 10 else {
                throw BuildFailure(
                    "another build of this site is running (it holds \(path)); try again when it has finished")
            }
            usleep(20_000)
        }
    }

    /// Cleans up after a killed build: removes its staging folder (marked as Quire's, or an
    /// output it was swapping out) and a folder it was deleting (Quire's by its name). Where the
    /// swap is two renames, a build killed between them left the previous output in the trash
    /// and none in place: that one is put back. Returns whether the trash holds an earlier output
    /// (the one the last swap replaced) beside the current one.
    private func removeStaleStaging() throws -> Bool {
        var status = stat()
        if lstat(oldTrashPath, &status) == 0 { try removeFolder(oldTrashPath) }
        if lstat(stagingPath, &status) == 0 {
            guard
                FileManager.default.fileExists(atPath: stagingPath + "/" + Self.stagingMarker)
                    || FileManager.default.fileExists(atPath: stagingPath + "/" + OutputManifest.fileName)
            else {
                // A build killed between creating the staging folder and marking it left it empty.
                guard rmdir(stagingPath) == 0 else {
                    throw BuildFailure("\(stagingPath) exists but is not a staging folder of Quire's; move it away")
                }
                return try removeStaleTrash()
            }
            // Renamed first, so that a build killed while deleting it leaves a folder Quire knows by its name.
            guard rename(stagingPath, oldTrashPath) == 0 else {
                throw BuildFailure(
                    "cannot remove the staging folder \(stagingPath) a stopped build left: \(String(cString: strerror(errno)))"
                )
            }
            try removeFolder(oldTrashPath)
        }
        return try removeStaleTrash()
    }

    /// The trash's part of `removeStaleStaging`.
    private func removeStaleTrash() throws -> Bool {
        var status = stat()
        guard lstat(trashPath, &status) == 0 else { return false }
        let isPreviousOutput =
            !FileManager.default.fileExists(atPath: trashPath + "/" + Self.stagingMarker)
            && FileManager.default.fileExists(atPath: trashPath + "/" + OutputManifest.fileName)
        if isPreviousOutput, lstat(outputPath, &status) != 0 {
            guard rename(trashPath, outputPath) == 0 else {
                throw BuildFailure(
                    "cannot put the previous output back from \(trashPath) into \(outputPath): \(String(cString: strerror(errno)))"
                )
            }
            return false
        }
        if isPreviousOutput { return true }
        try removeFolder(trashPath)
        return false
    }

    /// Moves the earlier output kept in the trash to the staging path, to be brought up to date
    /// there; nil when its manifest cannot be read or it cannot be moved.
    private func takeSpare() -> ReusedOutput? {
        var status = stat()
        guard let manifest = Self.readManifest(in: trashPath, sharing: previous),
            lstat(trashPath + "/" + OutputManifest.fileName, &status) == 0,
            rename(trashPath, stagingPath) == 0
        else { return nil }
        return ReusedOutput(manifest: manifest, committed: Platform.modificationTime(status))
    }

    private func removeFolder(_ path: String) throws {
        guard FileTree.remove(path) else {
            throw BuildFailure("cannot remove \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Deletes from the staged build the earlier output's files that this build neither wrote
    /// nor carried over: its own pages that are gone, and files carried over that the user has
    /// since deleted from the output.
    private func removeLeftovers(of reused: ReusedOutput, carried: [String]) {
        let stillCarried = Set(carried)
        for path in reused.manifest.entries.keys where written[path] == nil && !stillCarried.contains(path) {
            removeStaged(path)
        }
        for path in reused.manifest.carried + (previous?.carried ?? [])
        where written[path] == nil && !stillCarried.contains(path) {
            removeStaged(path)
        }
    }

    /// Deletes one file of the staged build, and the folders that leaves empty (also when the
    /// file is gone already: a carried-over file the user deleted can leave its folder empty).
    private func removeStaged(_ path: String) {
        guard unlink(stagingPath + "/" + path) == 0 || errno == ENOENT else { return }
        var folder = Substring(path)
        while let slash = folder.lastIndex(of: "/") {
            folder = folder[..<slash]
            guard rmdir(stagingPath + "/" + folder) == 0 else { return }
            createdDirectories.remove(Self.folderKey(String(folder)))
        }
    }
}

/// An earlier output that a build is bringing up to date: what it held, by its manifest.
struct ReusedOutput {
    let manifest: OutputManifest
    /// When its manifest was written, the last thing its build wrote. A file modified since
    /// (by hand, possibly through a hard link it shares with a later output) is not trusted.
    let committed: (seconds: Int, nanoseconds: Int)
}
