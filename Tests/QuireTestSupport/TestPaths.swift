import Foundation

/// Where the test inputs live, found from this file's own path so the suite runs from any
/// working directory: the repository root, the fixtures and golden folders, the default theme.
package enum TestPaths {
    /// `Tests/QuireTestSupport/TestPaths.swift` → the repository root, two folders up.
    package static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `Tests/`, which holds the fixtures and golden files every test target shares.
    package static let testsFolder = repositoryRoot + "/Tests"
    package static let fixtures = testsFolder + "/Fixtures"
    package static let golden = testsFolder + "/Golden"
    package static let digestFixtures = fixtures + "/digests"
    /// The default theme.
    package static let theme = repositoryRoot + "/Templates"
    /// The example site.
    package static let exampleSite = repositoryRoot + "/Site"
    /// The reference digests (`../shared/seeds`), shipped as the example site's digests.
    package static let seeds = exampleSite + "/digests"

    package static func fixture(_ relativePath: String) -> String { fixtures + "/" + relativePath }

    package static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// A fresh folder under the system's temporary folder, removed when the test is done with it.
package final class TemporaryFolder: Sendable {
    package let path: String

    package init(_ label: String = "quire-tests") throws {
        path =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)").standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    package func sub(_ relativePath: String) -> String { path + "/" + relativePath }

    /// Writes a UTF-8 file, creating its folders.
    @discardableResult
    package func write(_ relativePath: String, _ text: String) throws -> String {
        try write(relativePath, bytes: Array(text.utf8))
    }

    @discardableResult
    package func write(_ relativePath: String, bytes: [UInt8]) throws -> String {
        let target = sub(relativePath)
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Folders that live for the whole test run (shared builds held in `static let`s, which are
/// never deinitialized), removed when the test process exits.
package enum SharedFolders {
    nonisolated(unsafe) private static var paths: [String] = []
    private static let lock = NSLock()

    package static func removeAtExit(_ path: String) {
        lock.withLock {
            if paths.isEmpty {
                atexit {
                    for path in SharedFolders.paths { try? FileManager.default.removeItem(atPath: path) }
                }
            }
            paths.append(path)
        }
    }
}
