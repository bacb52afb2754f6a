import Foundation
import QuireTestSupport

/// The `quire` executable, run as a user runs it: a subprocess with arguments, exit status and
/// output. It is built with the tests (the test target depends on it) and sits beside them.
enum QuireCommand {
    static let executable: String = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [beside, beside.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("quire").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return TestPaths.repositoryRoot + "/.build/debug/quire"
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Standard error's lines, without the trailing empty one.
        var errorLines: [String] {
            stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
    }

    /// Starts `quire` with `arguments` (the default theme added, for commands that take one)
    /// without waiting for it.
    static func start(
        _ arguments: [String], theme: Bool = true, stdout: FileHandle? = nil, stderr: FileHandle? = nil,
        environment: [String: String] = [:]
    ) throws -> Process {
        let process = Process()
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + (theme ? ["--theme", TestPaths.theme] : [])
        process.standardOutput = stdout ?? FileHandle.nullDevice
        process.standardError = stderr ?? FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `quire` to the end, capturing its output.
    static func run(_ arguments: [String], theme: Bool = true) throws -> Result {
        let folder = try TemporaryFolder("quire-command")
        try Data().write(to: URL(fileURLWithPath: folder.sub("out")))
        try Data().write(to: URL(fileURLWithPath: folder.sub("err")))
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.sub("out")))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.sub("err")))
        let process = try start(arguments, theme: theme, stdout: out, stderr: err)
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(
            status: process.terminationStatus, stdout: SiteInspection.text(folder.sub("out")),
            stderr: SiteInspection.text(folder.sub("err")))
    }
}

/// Whether process `pid` is stopped (by a signal), from its state in `/proc/PID/stat`.
func isStopped(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return false }
    return stat[stat.index(close, offsetBy: 2)...].first == "T"
}

/// Every file under a folder with its bytes, hidden files included, for comparing whole trees.
func treeSnapshot(_ folder: String) -> [String: [UInt8]] {
    var files: [String: [UInt8]] = [:]
    guard let walker = FileManager.default.enumerator(atPath: folder) else { return [:] }
    while let relative = walker.nextObject() as? String {
        var status = stat()
        guard lstat(folder + "/" + relative, &status) == 0, (status.st_mode & S_IFMT) != S_IFDIR else { continue }
        files[relative] = [UInt8](FileManager.default.contents(atPath: folder + "/" + relative) ?? Data())
    }
    return files
}
