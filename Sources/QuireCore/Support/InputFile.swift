import Foundation

/// Reads an input file (a digest, the configuration) whole, saying why when it cannot:
/// not a regular file (a folder, a named pipe, a device), missing, or an error from the system.
///
/// Written on `open`/`fstat`/`read` rather than `FileManager.contents(atPath:)`, which answers
/// nil without a reason and would block forever on a named pipe with no writer.
public enum InputFile {
    /// Why a file could not be read, as a phrase that completes "cannot read this file: …".
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var reason: String

        public var description: String { reason }

        public init(_ reason: String) { self.reason = reason }

        static func errno(_ code: Int32) -> Failure {
            switch code {
            case ENOENT: return Failure("it does not exist (a broken symlink?)")
            case ELOOP: return Failure("symlink loop")
            case EACCES, EPERM: return Failure("permission denied")
            case EISDIR: return Failure("it is a folder, not a file")
            default: return Failure(String(cString: strerror(code)))
            }
        }
    }

    /// How a reader of input files is called; tests pass one that fails on purpose.
    public typealias Reader = @Sendable (String) throws(Failure) -> [UInt8]

    /// Reads the regular file at `path` (following symlinks).
    @Sendable
    public static func read(_ path: String) throws(Failure) -> [UInt8] {
        // O_NONBLOCK: opening a named pipe must not wait for a writer; it is refused below.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw .errno(errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .errno(errno) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw Failure("it is \(kind(of: status.st_mode)), not a regular file")
        }
        // One byte more than the size, so that a file growing while it is read is read whole.
        var bytes = [UInt8](repeating: 0, count: max(Int(status.st_size), 0) + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes += repeatElement(0, count: bytes.count) }
            let count = bytes.withUnsafeMutableBytes {
                Platform.read(descriptor, $0.baseAddress! + filled, $0.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .errno(errno)
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }

    package static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: return "a file"
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a named pipe"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        default: return "a special file"
        }
    }
}
