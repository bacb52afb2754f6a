import Foundation

/// Lists the digest files under a folder, recursively and in a stable order, reporting what
/// cannot be read instead of failing: broken symlinks, symlink loops, folders and pipes named
/// like digests, files that are not digests. A file's extension says how it is read
/// (`SourceFormat`).
enum DigestFinder {

    /// A folder's identity on disk, so a folder reached twice (a symlink loop, a second link to
    /// it) is read once whatever path led there.
    private struct FolderID: Hashable {
        var device: UInt64
        var inode: UInt64

        init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
        }
    }

    static func find(in directory: String, diagnostics: inout [Diagnostic]) -> [DigestLoader.Source] {
        var status = stat()
        guard stat(directory, &status) == 0 else {
            diagnostics.append(.warning(SourceLocation(path: directory), "no digests folder; the site will have no papers"))
            return []
        }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            diagnostics.append(.warning(SourceLocation(path: directory),
                                        "this should be a folder holding the digests (.txt, .json, .xml, .atom and .md files), but it is \(InputFile.kind(of: status.st_mode)); the site will have no papers"))
            return []
        }
        var sources: [DigestLoader.Source] = []
        var visited = [FolderID(status): directory]
        walk(directory, sources: &sources, visited: &visited, diagnostics: &diagnostics)
        return sources.sorted { $0.path < $1.path }
    }

    private static func walk(_ directory: String, sources: inout [DigestLoader.Source], visited: inout [FolderID: String],
                             diagnostics: inout [Diagnostic]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            diagnostics.append(.warning(SourceLocation(path: directory), "cannot list this folder; skipped"))
            return
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = directory + "/" + name
            let format = SourceFormat(fileExtension: (name as NSString).pathExtension)
            let isDigest = format != nil
            var status = stat()
            guard stat(path, &status) == 0 else {
                let reason: String
                switch errno {
                case ELOOP: reason = "symlink loop: the link leads back to itself"
                case ENOENT: reason = "broken symlink: its target does not exist"
                default: reason = "cannot read it: \(String(cString: strerror(errno)))"
                }
                diagnostics.append(.warning(SourceLocation(path: path), "\(reason); skipped"))
                continue
            }
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                if isDigest {
                    diagnostics.append(.warning(SourceLocation(path: path), "this digest is a folder, not a file; skipped"))
                } else if let first = visited[FolderID(status)] {
                    diagnostics.append(.warning(SourceLocation(path: path), "symlink loop: this is the folder \(first), already read; skipped"))
                } else {
                    visited[FolderID(status)] = path
                    walk(path, sources: &sources, visited: &visited, diagnostics: &diagnostics)
                }
            case S_IFREG where isDigest:
                sources.append(DigestLoader.Source(path: path, fileName: name, format: format!))
            case S_IFREG:
                diagnostics.append(.warning(SourceLocation(path: path), "not a digest (expected a .txt, .json, .xml, .atom or .md file); ignored"))
            default:
                diagnostics.append(.warning(SourceLocation(path: path),
                                            "cannot read this \(isDigest ? "digest" : "entry"): it is \(InputFile.kind(of: status.st_mode)), not a regular file; skipped"))
            }
        }
    }
}
