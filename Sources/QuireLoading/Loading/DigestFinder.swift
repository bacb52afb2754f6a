import Foundation
import QuireCore

/// Lists the digest files under a folder, recursively and in a stable order, reporting what
/// cannot be read instead of failing: broken symlinks, symlink loops, folders and pipes named
/// like digests, files that are not digests. A file's extension says how it is read
/// (`SourceFormat`).
enum DigestFinder {

    /// The digest files under `directory`, sorted by path; `boundary` is where symlinks may lead.
    static func find(in directory: String, boundary: InputBoundary, diagnostics: inout [Diagnostic]) -> [DigestLoader
        .Source]
    {
        var status = stat()
        guard stat(directory, &status) == 0 else {
            diagnostics.append(
                .warning(SourceLocation(path: directory), "no digests folder; the site will have no papers"))
            return []
        }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            diagnostics.append(
                .warning(
                    SourceLocation(path: directory),
                    "this should be a folder holding the digests (.txt, .json, .jsonl, .xml, .atom, .rss and .md files), but it is \(InputFile.kind(of: status.st_mode)); the site will have no papers"
                ))
            return []
        }
        var sources: [DigestLoader.Source] = []
        FileWalker(links: .followedWithin(boundary)).walk(
            directory,
            descend: { folder in
                guard SourceFormat(fileExtension: (folder.name as NSString).pathExtension) == nil else {
                    diagnostics.append(
                        .warning(SourceLocation(path: folder.path), "this digest is a folder, not a file; skipped"))
                    return false
                }
                return true
            },
            problem: { problem in
                diagnostics.append(.warning(SourceLocation(path: problem.path), problem.message + "; skipped"))
            },
            visit: { file in
                let format = SourceFormat(fileExtension: (file.name as NSString).pathExtension)
                let mode = file.status!.st_mode & S_IFMT
                if mode == S_IFREG, let format {
                    sources.append(DigestLoader.Source(path: file.path, fileName: file.name, format: format))
                } else if mode == S_IFREG {
                    diagnostics.append(
                        .warning(
                            SourceLocation(path: file.path),
                            "not a digest (expected a .txt, .json, .jsonl, .xml, .atom, .rss or .md file); ignored"))
                } else {
                    diagnostics.append(
                        .warning(
                            SourceLocation(path: file.path),
                            "cannot read this \(format != nil ? "digest" : "entry"): it is \(InputFile.kind(of: mode)), not a regular file; skipped"
                        ))
                }
            })
        return sources.sorted { $0.path < $1.path }
    }
}
