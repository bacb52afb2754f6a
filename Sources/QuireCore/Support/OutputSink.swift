/// Where the publishing stage hands the files it makes: the output writer in a build, a
/// dictionary in a test. The one arrow from publishing to output, so neither knows the other.
public protocol OutputSink: Sendable {
    /// Writes one file at a site-relative path such as `papers/x/index.html`. Safe to call from
    /// several threads.
    func write(_ relativePath: String, _ bytes: [UInt8]) throws

    /// Keeps the file an earlier build wrote at `relativePath`, known to hold bytes of this hash
    /// and size, as if they had been written again; false when it cannot (the caller then writes
    /// them). Safe to call from several threads.
    func keep(_ relativePath: String, hash: UInt64, size: Int) -> Bool

    /// Writes one file whose `ContentHash` the caller already holds, so it is not taken twice.
    func write(_ relativePath: String, _ bytes: [UInt8], hash: UInt64) throws
}

extension OutputSink {
    /// Keeps nothing: a sink without earlier files has every file written.
    public func keep(_ relativePath: String, hash: UInt64, size: Int) -> Bool { false }

    /// A sink that keeps no manifest has no use for the hash.
    public func write(_ relativePath: String, _ bytes: [UInt8], hash: UInt64) throws {
        try write(relativePath, bytes)
    }

    /// Writes a UTF-8 text file.
    public func write(_ relativePath: String, text: String) throws {
        try write(relativePath, Array(text.utf8))
    }
}
