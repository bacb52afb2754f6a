import Foundation
import QuireKit

/// How the command line prints diagnostics and summaries.
enum Terminal {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func printDiagnostics(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { error(diagnostic.description) }
    }

    static func printSummary(_ report: BuildReport) {
        let warnings = report.diagnostics.warningCount
        let rows: [(String, String)] = [
            ("Digests", "\(report.digests)"),
            ("Entries", "\(report.entries)"),
            ("Papers", "\(report.papers)"),
            ("Merged duplicates", "\(report.mergedDuplicates)"),
            ("Pages", "\(report.pages)"),
            ("Files", "\(report.files) (\(format(bytes: report.bytes)), \(report.unchangedFiles) unchanged)"),
            ("Search index", "\(report.searchIndex.files) files (\(format(bytes: report.searchIndex.bytes))), \(report.searchIndex.terms) terms"),
            ("Warnings", "\(warnings)"),
        ]
        let width = rows.map(\.0.count).max()!
        for (name, value) in rows {
            print("  \(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(value)")
        }
        for kept in report.carriedOver.prefix(5) { print("  kept \(kept) (not written by Quire)") }
        print("Built \(report.outputDirectory) in \(Int((report.seconds * 1000).rounded())) ms")
    }

    static func format(bytes: Int) -> String {
        if bytes >= 1_000_000 { return String(format: "%.1f MB", Double(bytes) / 1e6) }
        if bytes >= 1_000 { return String(format: "%.1f kB", Double(bytes) / 1e3) }
        return "\(bytes) B"
    }
}
