import Foundation

/// The folders a site may read from: the site folder, the theme folder and any folder
/// `quire.yml` lists under `trusted_folders`. A symbolic link that resolves anywhere else is
/// not followed, so a site cannot publish a file of the machine that builds it
/// (`templates/secret.txt -> /etc/passwd`, `digests/env -> /proc/self/environ`).
public struct InputBoundary: Sendable, Equatable {
    /// Absolute, with every symlink resolved.
    public let folders: [String]

    /// `folders` may be relative to the current folder and may contain symlinks; those that do
    /// not exist are left out.
    public init(folders: [String]) {
        self.folders = folders.compactMap(Self.resolved)
    }

    /// Whether `resolvedPath` (absolute, symlinks resolved) is one of the folders or inside one.
    public func contains(_ resolvedPath: String) -> Bool {
        folders.contains { resolvedPath == $0 || resolvedPath.hasPrefix($0 == "/" ? "/" : $0 + "/") }
    }

    /// `path` with every symlink resolved (`realpath`), or nil when it does not exist.
    public static func resolved(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// The one folder walker of Quire: the digest finder, the theme loader, the build's fingerprint,
/// the preview's watcher and the output writer all list folders through it.
///
/// Every folder is read once, known by its (device, inode), so a symlink loop (`digests/loop -> .`)
/// or a second link to a folder is reported once and costs nothing afterwards. A symbolic link is
/// followed only when it resolves inside the `InputBoundary`; one leading out is reported and not
/// read. Written on `readdir` and the `*at` calls rather than Foundation's enumerator, which
/// follows every link, keeps no visited set, and stats every entry and builds a URL for it.
public struct FileWalker: Sendable {
    /// What the walker does with symbolic links.
    public enum Links: Sendable {
        /// Links are listed as files and never followed (the output, which Quire wrote itself).
        case listed
        /// Links are followed when they resolve inside the boundary, and reported otherwise.
        case followedWithin(InputBoundary)
    }

    /// A file found (anything but a folder).
    public struct Entry {
        /// The walked root's path, then `/` and `relativePath`.
        public var path: String
        /// The path below the root, `a/b.txt`.
        public var relativePath: String
        /// The last component.
        public var name: String
        /// The file's status, following links; nil when links are `.listed` (the output walk,
        /// which needs only names).
        public var status: stat?
    }

    /// Why an entry was not walked.
    public enum Problem: Sendable, Equatable {
        /// A folder already read (a symlink loop, a second link to it).
        case loop(path: String, firstPath: String)
        /// A symbolic link that resolves outside the boundary.
        case outside(path: String, target: String)
        /// A link or folder the system would not open: a broken symlink, a link to itself, no permission.
        case unreadable(path: String, code: Int32)

        /// The entry's path.
        public var path: String {
            switch self {
            case .loop(let path, _), .outside(let path, _), .unreadable(let path, _): return path
            }
        }

        /// What is wrong, completed by "; skipped" or the like.
        public var message: String {
            switch self {
            case let .loop(_, first):
                return "symlink loop: this is the folder \(first), already read"
            case let .outside(_, target):
                return
                    "symlink to \(target), outside the site folder and the theme: not followed (to read a shared folder, list it under 'trusted_folders' in quire.yml)"
            case let .unreadable(_, code):
                switch code {
                case ELOOP: return "symlink loop: the link leads back to itself"
                case ENOENT: return "broken symlink: its target does not exist"
                default: return "cannot read it: \(String(cString: strerror(code)))"
                }
            }
        }
    }

    public var links: Links
    /// Whether names starting with `.` are listed (editors' swap files and `.git` are not inputs).
    public var includesHidden: Bool

    public init(links: Links, includesHidden: Bool = false) {
        self.links = links
        self.includesHidden = includesHidden
    }

    /// Calls `visit` for every file below `root` (folder by folder, in name order when links are
    /// followed), and `problem`
    /// for every entry not walked. `descend` says whether to walk into a folder (the root is
    /// always walked). A root that is missing or not a folder gives nothing and no problem.
    public func walk(
        _ root: String, descend: (Entry) -> Bool = { _ in true }, problem: (Problem) -> Void = { _ in },
        visit: (Entry) throws -> Void
    ) rethrows {
        if case .followedWithin(let boundary) = links {
            guard let resolved = InputBoundary.resolved(root) else { return }
            guard boundary.contains(resolved) else { return problem(.outside(path: root, target: resolved)) }
        }
        let descriptor = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        var visited: [FolderID: String] = [:]
        var status = stat()
        if fstat(descriptor, &status) == 0 { visited[FolderID(status)] = root }
        try walk(
            descriptor, path: root, relative: "", visited: &visited, descend: descend, problem: problem, visit: visit)
    }

    /// A folder's identity on disk, whatever path led to it.
    private struct FolderID: Hashable {
        var device: UInt64
        var inode: UInt64

        init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
        }
    }

    /// Walks the folder open as `descriptor` (and closes it).
    private func walk(
        _ descriptor: Int32, path: String, relative: String, visited: inout [FolderID: String],
        descend: (Entry) -> Bool, problem: (Problem) -> Void, visit: (Entry) throws -> Void
    ) rethrows {
        guard let folder = fdopendir(descriptor) else {
            close(descriptor)
            return
        }
        defer { closedir(folder) }
        var entries: [(name: String, type: Int32)] = []
        while let entry = readdir(folder) {
            guard let name = Self.name(of: entry), includesHidden || !name.hasPrefix(".") else { continue }
            entries.append((name, Int32(entry.pointee.d_type)))
        }
        // In name order, so what is read and reported is the same on every machine; the output
        // walk, over many more files and with no order to keep, skips the sort.
        if case .followedWithin = links { entries.sort { $0.name < $1.name } }
        for (name, knownType) in entries {
            let childPath = path + "/" + name
            var entry = Entry(path: childPath, relativePath: relative + name, name: name, status: nil)
            var type = knownType
            if type == Int32(DT_UNKNOWN) {
                var status = stat()
                guard fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                type =
                    (status.st_mode & S_IFMT) == S_IFDIR
                    ? Int32(DT_DIR) : (status.st_mode & S_IFMT) == S_IFLNK ? Int32(DT_LNK) : Int32(DT_REG)
            }
            guard case .followedWithin(let boundary) = links else {
                // The output: links are files, folders are walked as they are.
                if type == Int32(DT_DIR) {
                    let child = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    if child >= 0 {
                        try walk(
                            child, path: childPath, relative: entry.relativePath + "/", visited: &visited,
                            descend: descend, problem: problem, visit: visit)
                    }
                } else {
                    try visit(entry)
                }
                continue
            }
            if type == Int32(DT_LNK) {
                guard let target = InputBoundary.resolved(childPath) else {
                    problem(.unreadable(path: childPath, code: errno))
                    continue
                }
                guard boundary.contains(target) else {
                    problem(.outside(path: childPath, target: target))
                    continue
                }
            }
            var status = stat()
            guard fstatat(descriptor, name, &status, 0) == 0 else {
                problem(.unreadable(path: childPath, code: errno))
                continue
            }
            entry.status = status
            guard (status.st_mode & S_IFMT) == S_IFDIR else {
                try visit(entry)
                continue
            }
            if let first = visited[FolderID(status)] {
                problem(.loop(path: childPath, firstPath: first))
                continue
            }
            guard descend(entry) else { continue }
            visited[FolderID(status)] = childPath
            let child = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard child >= 0 else {
                problem(.unreadable(path: childPath, code: errno))
                continue
            }
            try walk(
                child, path: childPath, relative: entry.relativePath + "/", visited: &visited,
                descend: descend, problem: problem, visit: visit)
        }
    }

    /// The entry's name, or nil for `.` and `..`.
    private static func name(of entry: UnsafeMutablePointer<dirent>) -> String? {
        let name = withUnsafePointer(to: &entry.pointee.d_name) {
            $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
        }
        return name == "." || name == ".." ? nil : name
    }
}
