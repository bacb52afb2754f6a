import Foundation

/// Lists the digest files under a folder, recursively and in a stable order, reporting what
/// cannot be read instead of failing: unreadable entries, symlink loops, unknown file types.
/// A file's extension says how it is read (`SourceFormat`).
enum DigestFinder {
    static func find(in directory: String, diagnostics: inout [Diagnostic]) -> [DigestLoader.Source] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            diagnostics.append(.warning(SourceLocation(path: directory), "no digests folder; the site will have no papers"))
            return []
        }
        var sources: [DigestLoader.Source] = []
        var visited = Set<String>()
        walk(directory, sources: &sources, visited: &visited, diagnostics: &diagnostics)
        return sources.sorted { $0.path < $1.path }
    }

    private static func walk(_ directory: String, sources: inout [DigestLoader.Source], visited: inout Set<String>,
                             diagnostics: inout [Diagnostic]) {
        let real = (directory as NSString).resolvingSymlinksInPath
        guard visited.insert(real).inserted else {
            diagnostics.append(.warning(SourceLocation(path: directory), "symlink loop: this folder was already read; skipped"))
            return
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            diagnostics.append(.warning(SourceLocation(path: directory), "cannot list this folder; skipped"))
            return
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = directory + "/" + name
            var status = stat()
            guard stat(path, &status) == 0 else {
                let reason = errno == ELOOP ? "symlink loop" : (errno == ENOENT ? "broken symlink" : String(cString: strerror(errno)))
                diagnostics.append(.warning(SourceLocation(path: path), "cannot read this entry (\(reason)); skipped"))
                continue
            }
            let isDirectory = (status.st_mode & S_IFMT) == S_IFDIR
            let format = SourceFormat(fileExtension: (name as NSString).pathExtension)
            let isDigest = format != nil
            if isDirectory {
                if isDigest {
                    diagnostics.append(.warning(SourceLocation(path: path), "this digest is a folder, not a file; skipped"))
                } else {
                    walk(path, sources: &sources, visited: &visited, diagnostics: &diagnostics)
                }
            } else if isDigest {
                sources.append(DigestLoader.Source(path: path, fileName: name, format: format!))
            } else {
                diagnostics.append(.warning(SourceLocation(path: path), "not a digest (expected a .txt, .json, .xml, .atom or .md file); ignored"))
            }
        }
    }
}
