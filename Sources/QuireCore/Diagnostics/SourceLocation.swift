/// A place in an input file: its path as given to Quire and, where one exists, a 1-based line,
/// or for JSON, where lines are not known, a JSON pointer (RFC 6901) such as `/3/paper/title`.
public struct SourceLocation: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var pointer: String?

    public init(path: String, line: Int? = nil) {
        self.path = path
        self.line = line
    }

    public init(path: String, pointer: String) {
        self.path = path
        self.pointer = pointer
    }

    /// `path:line`, `path:/json/pointer`, or just `path` when the problem is not in one place.
    public var description: String {
        if let line { return "\(path):\(line)" }
        if let pointer, !pointer.isEmpty { return "\(path):\(pointer)" }
        return path
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        if lhs.path != rhs.path { return lhs.path < rhs.path }
        if (lhs.line ?? 0) != (rhs.line ?? 0) { return (lhs.line ?? 0) < (rhs.line ?? 0) }
        return (lhs.pointer ?? "") < (rhs.pointer ?? "")
    }
}
