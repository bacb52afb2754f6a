// Every call whose spelling differs between Linux (Glibc) and macOS (Darwin) lives here, so the
// rest of Quire compiles on both; nothing else imports a C library module directly.
import CSystemShims

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The system calls Quire makes whose names or fields differ between platforms.
package enum Platform {
    /// `read(2)`: bytes read, 0 at the end, -1 with `errno` set.
    package static func read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.read(descriptor, buffer, count)
        #else
            Darwin.read(descriptor, buffer, count)
        #endif
    }

    /// `write(2)`: bytes written, -1 with `errno` set.
    package static func write(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.write(descriptor, buffer, count)
        #else
            Darwin.write(descriptor, buffer, count)
        #endif
    }

    /// The offset of the first `byte` in `bytes` at or after `start` (C's `memchr`, which scans
    /// many bytes a step).
    package static func firstOffset(of byte: UInt8, in bytes: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(byte), bytes.count - start) else { return nil }
        return UnsafeRawPointer(found) - base
    }

    /// Hands the heap's free pages back to the system (glibc's `malloc_trim`; nothing on
    /// Darwin), so that memory freed by one phase of a build does not stay counted in the
    /// process's resident size while the next phase allocates.
    package static func releaseFreeMemory() {
        quire_release_free_memory()
    }

    /// The process's resident memory now, in megabytes (Linux's `/proc/self/statm`); nil where
    /// the system does not say.
    package static func residentMegabytes() -> Int? {
        let descriptor = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
        guard count > 0 else { return nil }
        // "size resident shared …", in pages.
        let fields = buffer[..<count].split(separator: 0x20)
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    /// The memory the process has allocated and not freed, in megabytes; nil where the system
    /// does not say. Below the resident size by what the allocator keeps for reuse.
    package static func heapMegabytes() -> Int? {
        let bytes = quire_heap_in_use()
        return bytes < 0 ? nil : Int(bytes / 1_048_576)
    }

    /// CPU time of the whole process so far, user and system, in milliseconds.
    package static func cpuMilliseconds() -> Int {
        var usage = rusage()
        #if canImport(Glibc)
            getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        let seconds = Int(usage.ru_utime.tv_sec) + Int(usage.ru_stime.tv_sec)
        return seconds * 1000 + (Int(usage.ru_utime.tv_usec) + Int(usage.ru_stime.tv_usec)) / 1000
    }

    /// A file's last modification time, to the nanosecond.
    package static func modificationTime(_ status: stat) -> (seconds: Int, nanoseconds: Int) {
        #if canImport(Darwin)
            (Int(status.st_mtimespec.tv_sec), Int(status.st_mtimespec.tv_nsec))
        #else
            (Int(status.st_mtim.tv_sec), Int(status.st_mtim.tv_nsec))
        #endif
    }
}

/// What a change to a file alters: modification time, size, inode and mode. Two equal stamps
/// mean the file was not touched (the up-to-date check and the preview's watcher both rely on it).
package struct FileStamp: Equatable, Sendable, CustomStringConvertible {
    package var seconds: Int
    package var nanoseconds: Int
    package var size: Int
    package var inode: UInt64
    package var mode: UInt32

    package init(_ status: stat) {
        (seconds, nanoseconds) = Platform.modificationTime(status)
        size = Int(status.st_size)
        inode = UInt64(status.st_ino)
        mode = UInt32(status.st_mode)
    }

    /// The stamp of `path` itself (a symlink is not followed), or nil when it does not exist.
    package init?(path: String) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        self.init(status)
    }

    package var description: String { "\(size) \(seconds).\(nanoseconds) \(inode) \(mode)" }
}
