import Foundation

/// Notices changes to a site's inputs by comparing snapshots of their files' modification
/// times, sizes and inodes. Polling is portable and cheap at a few hundred milliseconds for
/// the few hundred files a site has; it needs no file-system notification API.
struct SiteWatcher: Sendable {
    /// Files and folders to watch; folders are walked recursively. Missing ones are fine:
    /// creating one later is a change.
    let roots: [String]

    /// What is known of one file.
    struct Stamp: Equatable, Sendable {
        var seconds: Int
        var nanoseconds: Int
        var size: Int
        var inode: UInt64
    }

    /// Every file under the roots (hidden ones skipped: editors' swap files are not inputs).
    typealias Snapshot = [String: Stamp]

    func snapshot() -> Snapshot {
        var files: Snapshot = [:]
        for root in roots { add(root, to: &files) }
        return files
    }

    private func add(_ path: String, to files: inout Snapshot) {
        var status = stat()
        guard stat(path, &status) == 0 else { return }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
            for name in names where !name.hasPrefix(".") { add(path + "/" + name, to: &files) }
        } else {
            #if canImport(Darwin)
            let modified = status.st_mtimespec
            #else
            let modified = status.st_mtim
            #endif
            files[path] = Stamp(seconds: Int(modified.tv_sec), nanoseconds: Int(modified.tv_nsec),
                                size: Int(status.st_size), inode: UInt64(status.st_ino))
        }
    }

    /// The paths that were added, removed or changed between two snapshots, sorted.
    static func changes(from old: Snapshot, to new: Snapshot) -> [String] {
        var changed = new.filter { old[$0.key] != $0.value }.map(\.key)
        changed += old.keys.filter { new[$0] == nil }
        return changed.sorted()
    }
}
