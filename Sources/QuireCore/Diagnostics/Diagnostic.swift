/// A problem found in the input, reported like a compiler does: `path:line: warning: message`.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    /// How bad a problem is. Errors stop the build; warnings stop it only with `--strict`.
    public enum Severity: String, Sendable, Codable {
        case error
        case warning
        case note
    }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String

    public init(_ severity: Severity, _ location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    public static func warning(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.warning, location, message)
    }

    public static func error(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.error, location, message)
    }

    /// The line printed for the user. Control characters from the input (a digest could hold
    /// terminal escape sequences) and bidirectional overrides are shown as `\u{…}` escapes, so
    /// printing a diagnostic can never drive the terminal.
    public var description: String {
        "\(Self.printable(location.description)): \(severity.rawValue): \(Self.printable(message))"
    }

    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnprintable) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isUnprintable(scalar) {
                result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// C0 and C1 controls, DEL, and the bidirectional embeddings, overrides and isolates.
    private static func isUnprintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}

extension Array where Element == Diagnostic {
    /// Whether any of these would stop a build (errors always, warnings when `strict`).
    public func failsBuild(strict: Bool) -> Bool {
        contains { $0.severity == .error || (strict && $0.severity == .warning) }
    }

    public var warningCount: Int { count { $0.severity == .warning } }
    public var errorCount: Int { count { $0.severity == .error } }
}

/// A failure that stops the build, carrying every diagnostic collected so far.
public struct BuildFailure: Error, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var reason: String

    public init(_ reason: String, diagnostics: [Diagnostic] = []) {
        self.reason = reason
        self.diagnostics = diagnostics
    }

    public var description: String { reason }
}
