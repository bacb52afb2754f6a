import CSystemShims
import Foundation
import QuireCore

/// Walks (through `FileWalker`) and removes folder trees with `readdir` and the `*at` calls.
/// Written by hand because Foundation's enumerator and `removeItem` stat every entry and build a
/// URL for each: seconds for an output of 100,000 pages, on every rebuild.
package enum FileTree {
    /// Calls `body` with the path, relative to `root`, of every entry below it that is not a
    /// folder (files and symbolic links, which are never followed). Unreadable folders are skipped.
    static func forEachFile(in root: String, _ body: (String) throws -> Void) rethrows {
        try FileWalker(links: .listed, includesHidden: true).walk(root) { try body($0.relativePath) }
    }

    /// Removes `path` and everything below it, without following symbolic links; what cannot be
    /// removed stays. Returns whether `path` is gone.
    @discardableResult
    package static func remove(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return unlink(path) == 0 || errno == ENOENT }
        empty(descriptor)
        return rmdir(path) == 0
    }

    /// Renames the folder `path` to `aside`, at once, and deletes it there in a detached process
    /// (`rm -rf`, in a session of its own), so that the caller need not wait; deletes it here,
    /// with `remove`, when that process cannot be started. Returns whether `path` is gone.
    @discardableResult
    package static func removeDetached(_ path: String, aside: String) -> Bool {
        guard rename(path, aside) == 0 else { return remove(path) }
        if quire_remove_detached(aside) != 0 { remove(aside) }
        return true
    }

    /// Removes everything in the folder open as `descriptor` (and closes it).
    private static func empty(_ descriptor: Int32) {
        guard let folder = fdopendir(descriptor) else {
            close(descriptor)
            return
        }
        defer { closedir(folder) }
        while let entry = readdir(folder) {
            guard let name = entryName(entry) else { continue }
            if isFolder(entry, name: name, in: descriptor) {
                let child = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                if child >= 0 { empty(child) }
                unlinkat(descriptor, name, AT_REMOVEDIR)
            } else {
                unlinkat(descriptor, name, 0)
            }
        }
    }

    /// The entry's name, or nil for `.` and `..`.
    private static func entryName(_ entry: UnsafeMutablePointer<dirent>) -> String? {
        let name = withUnsafePointer(to: &entry.pointee.d_name) {
            $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
        }
        return name == "." || name == ".." ? nil : name
    }

    /// Whether the entry is a folder (not a link to one), asking the file system only when
    /// `readdir` does not say.
    private static func isFolder(_ entry: UnsafeMutablePointer<dirent>, name: String, in descriptor: Int32) -> Bool {
        let type = Int32(entry.pointee.d_type)
        if type != Int32(DT_UNKNOWN) { return type == Int32(DT_DIR) }
        var status = stat()
        return fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }
}
