import Foundation

/// The one way Quire writes a file: the output's staged files, the ledger, the build state,
/// fetched digests and a new site's scaffold all go through here.
///
/// Written on `open`/`write`/`rename` rather than `Data.write(to:options:)`, so that a failure
/// names the path and the system's reason, a short write is resumed, and the temporary file of an
/// atomic write has a name a later run can recognise and clean up.
package enum FileOutput {
    /// How an existing file at the path is treated.
    package enum Existing {
        /// Replaced (truncated and rewritten).
        case replaced
        /// Refused: the write fails with `EEXIST` and the file is left alone.
        case refused
    }

    /// Writes `bytes` to `path` in place. For a file nobody reads until the write is over (one in
    /// a staging folder) or one that must not exist yet (`existing: .refused`).
    package static func write(_ bytes: [UInt8], to path: String, existing: Existing = .replaced) throws {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (existing == .refused ? O_EXCL : O_TRUNC)
        let descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else { throw failure("write", path) }
        defer { close(descriptor) }
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = Platform.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw failure("write", path)
                }
                offset += count
            }
        }
    }

    /// Writes `bytes` to `path` atomically: into `.NAME.PID.tmp` beside it, then renamed over it,
    /// so a reader sees the old file or the new one, never a part. Temporaries that a killed run
    /// left beside it are removed first. With `creatingFolders`, missing parent folders are made.
    package static func writeAtomically(_ bytes: [UInt8], to path: String, creatingFolders: Bool = false) throws {
        let (directory, name) = ((path as NSString).deletingLastPathComponent, (path as NSString).lastPathComponent)
        if creatingFolders, !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        removeAbandonedTemporaries(in: directory.isEmpty ? "." : directory, name: name)
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".\(name).\(getpid()).tmp"
        do {
            try write(bytes, to: temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = failure("replace", path)
            unlink(temporary)
            throw error
        }
    }

    /// Deletes `.NAME.PID.tmp` files a killed run left beside `name`: only names in exactly that
    /// form, and only when no process has that pid.
    package static func removeAbandonedTemporaries(in directory: String, name: String) {
        let prefix = ".\(name).", suffix = ".tmp"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        where entry.hasPrefix(prefix) && entry.hasSuffix(suffix) && entry.count > prefix.count + suffix.count {
            let digits = entry.dropFirst(prefix.count).dropLast(suffix.count)
            guard digits.allSatisfy(\.isASCIIDigit), let pid = Int32(digits), pid != getpid(),
                kill(pid, 0) == -1, errno == ESRCH
            else { continue }
            unlink(directory + "/" + entry)
        }
    }

    private static func failure(_ what: String, _ path: String) -> BuildFailure {
        BuildFailure("cannot \(what) \(path): \(String(cString: strerror(errno)))")
    }
}
