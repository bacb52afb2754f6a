import Foundation
import QuireTestSupport
import Testing

@testable import QuireKit
@testable import QuireOutput

/// The example site's output size, held against a recorded figure so that a change which makes
/// every page or feed heavier is noticed: growing the output by more than a tenth fails until the
/// figure is re-recorded on purpose (`RECORD_GOLDEN=1 swift test`), with the golden files.
extension RenderingTests {
    @Suite("The example site's output size")
    struct OutputSizeTests {
        /// `bytes files` of the example site's output, as last recorded.
        static let recordPath = TestPaths.golden + "/example-site-size.txt"
        /// How much the output may grow before the record must be renewed.
        static let allowedGrowth = 0.10

        @Test("the example site's output is at most 10% larger than the recorded size, in bytes and in files")
        func outputSize() throws {
            let built = try BuiltSite(site: TestPaths.exampleSite)
            defer { try? FileManager.default.removeItem(atPath: built.folder.path) }
            let files = SiteInspection.files(in: built.output).filter { $0 != OutputManifest.fileName }
            var bytes = 0
            for file in files {
                let attributes = try FileManager.default.attributesOfItem(atPath: built.output + "/" + file)
                bytes += (attributes[.size] as? Int) ?? 0
            }
            let measured = "\(bytes) \(files.count)\n"
            if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
                try Data(measured.utf8).write(to: URL(fileURLWithPath: Self.recordPath))
                Issue.record("recorded the example site's size: \(measured)", severity: .warning)
                return
            }
            let record = try String(contentsOfFile: Self.recordPath, encoding: .utf8)
                .split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            try #require(record.count == 2, "Golden/example-site-size.txt holds `bytes files`")
            let (recordedBytes, recordedFiles) = (record[0], record[1])
            #expect(
                Double(bytes) <= Double(recordedBytes) * (1 + Self.allowedGrowth),
                "the example site's output grew from \(recordedBytes) to \(bytes) bytes, more than 10%: make it lighter, or re-record on purpose (RECORD_GOLDEN=1)"
            )
            #expect(
                Double(files.count) <= Double(recordedFiles) * (1 + Self.allowedGrowth),
                "the example site's output grew from \(recordedFiles) to \(files.count) files, more than 10%: re-record on purpose (RECORD_GOLDEN=1)"
            )
        }
    }
}
