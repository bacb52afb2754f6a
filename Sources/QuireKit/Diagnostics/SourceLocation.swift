/// A place in an input file: its path as given to Quire and, where one exists, a 1-based line.
public struct SourceLocation: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var path: String
    public var line: Int?

    public init(path: String, line: Int? = nil) {
        self.path = path
        self.line = line
    }

    /// `path:line`, or just `path` when the problem is not on one line.
    public var description: String {
        if let line { return "\(path):\(line)" }
        return path
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        if lhs.path != rhs.path { return lhs.path < rhs.path }
        return (lhs.line ?? 0) < (rhs.line ?? 0)
    }
}
