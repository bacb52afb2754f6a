import Foundation
import QuireCore

/// Turns a digest file's bytes into text, reporting what had to be repaired.
///
/// A UTF-8 byte-order mark is dropped silently, and old Mac line endings (CR alone) read as line
/// breaks; NUL bytes are dropped and invalid UTF-8 is replaced with U+FFFD, each reported with
/// its line so the curator can fix the file. A file with a UTF-16 byte-order mark is decoded as
/// UTF-16 and reported, since the rest of Quire expects UTF-8.
enum TextDecoding {
    static let maxReportsPerKind = 3

    static func decode(_ bytes: [UInt8], path: String, diagnostics: inout [Diagnostic]) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let utf16 = decodeUTF16(body, path: path, diagnostics: &diagnostics) { return utf16 }
        let clean = body.withUnsafeBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress else { return "" }
            guard memchr(base, 0, buffer.count) == nil else { return nil }
            if memchr(base, 0x0A, buffer.count) == nil, memchr(base, 0x0D, buffer.count) != nil {
                // Old Mac line endings: CR alone ends a line.
                return String(validating: buffer.lazy.map { $0 == 0x0D ? 0x0A : $0 }, as: UTF8.self)
            }
            // With no NUL inside, the C-string validator (several times faster than the generic
            // `String(validating:)`) reads the whole text once a terminating NUL is added.
            var terminated = [CChar](repeating: 0, count: buffer.count + 1)
            terminated.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(buffer)) }
            return terminated.withUnsafeBufferPointer { String(validatingCString: $0.baseAddress!) }
        }
        return clean ?? repair(body, path: path, diagnostics: &diagnostics)
    }

    /// The text of a file that starts with a UTF-16 byte-order mark, else nil.
    private static func decodeUTF16(_ body: ArraySlice<UInt8>, path: String, diagnostics: inout [Diagnostic]) -> String?
    {
        let isLittleEndian = body.starts(with: [0xFF, 0xFE])
        guard isLittleEndian || body.starts(with: [0xFE, 0xFF]) else { return nil }
        let bytes = Array(body.dropFirst(2))
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        for offset in stride(from: 0, to: bytes.count - 1, by: 2) {
            let (high, low) = isLittleEndian ? (bytes[offset + 1], bytes[offset]) : (bytes[offset], bytes[offset + 1])
            let unit = UInt16(high) << 8 | UInt16(low)
            if unit != 0 { units.append(unit) }
        }
        diagnostics.append(
            .warning(
                SourceLocation(path: path, line: 1),
                "the file is UTF-16 (\(isLittleEndian ? "little" : "big")-endian); it was read as such, but save it as UTF-8"
            ))
        return String(decoding: units, as: UTF16.self)
    }

    /// The slow path, line by line, for files with NUL bytes or invalid UTF-8.
    private static func repair(_ body: ArraySlice<UInt8>, path: String, diagnostics: inout [Diagnostic]) -> String {
        var lines: [String] = []
        var nulReports = 0, invalidReports = 0
        var lineNumber = 0
        for rawLine in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = rawLine
            if line.contains(0) {
                line = ArraySlice(line.filter { $0 != 0 })
                if nulReports < maxReportsPerKind {
                    diagnostics.append(.warning(SourceLocation(path: path, line: lineNumber), "NUL bytes dropped"))
                }
                nulReports += 1
            }
            if let valid = String(validating: line, as: UTF8.self) {
                lines.append(valid)
            } else {
                if invalidReports < maxReportsPerKind {
                    diagnostics.append(
                        .warning(
                            SourceLocation(path: path, line: lineNumber),
                            "invalid UTF-8 replaced with U+FFFD (is the file in another encoding?)"))
                }
                invalidReports += 1
                lines.append(String(decoding: line, as: UTF8.self))
            }
        }
        for (kind, count) in [("lines with NUL bytes", nulReports), ("lines with invalid UTF-8", invalidReports)]
        where count > maxReportsPerKind {
            diagnostics.append(.warning(SourceLocation(path: path), "\(count - maxReportsPerKind) more \(kind)"))
        }
        return lines.joined(separator: "\n")
    }
}
