import Foundation
import QuireCore
import QuireKit
import QuireLoading

/// Notices changes to a site's inputs by comparing snapshots of their files' modification
/// times, sizes and inodes. Polling is portable and cheap at a few hundred milliseconds for
/// the few hundred files a site has; it needs no file-system notification API.
struct SiteWatcher: Sendable {
    /// Files and folders to watch; folders are walked recursively. Missing ones are fine:
    /// creating one later is a change.
    let roots: [String]
    /// Where symlinks may lead, as the build follows them: the watcher never reads further.
    let boundary: InputBoundary

    /// What is known of one file.
    typealias Stamp = FileStamp

    /// Every file under the roots (hidden ones skipped: editors' swap files are not inputs).
    typealias Snapshot = [String: Stamp]

    func snapshot() -> Snapshot {
        var files: Snapshot = [:]
        for root in roots { add(root, to: &files) }
        return files
    }

    /// A folder is walked by the build's walker, each folder once (a symlink loop costs nothing);
    /// a file is stamped alone.
    private func add(_ path: String, to files: inout Snapshot) {
        var status = stat()
        guard stat(path, &status) == 0 else { return }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            files[path] = Stamp(status)
            return
        }
        FileWalker(links: .followedWithin(boundary)).walk(path) { file in
            files[file.path] = Stamp(file.status!)
        }
    }

    /// The paths that were added, removed or changed between two snapshots, sorted.
    static func changes(from old: Snapshot, to new: Snapshot) -> [String] {
        var changed = new.filter { old[$0.key] != $0.value }.map(\.key)
        changed += old.keys.filter { new[$0] == nil }
        return changed.sorted()
    }
}
