import Foundation

/// Remembers, beside the output folder, a fingerprint of everything a build read and the report it
/// gave, so that building again with nothing changed returns at once, rewriting nothing.
///
/// The fingerprint covers Quire itself (version and executable), the options, the configuration
/// and theme files (contents), the ledger and every file under the digests folder (path, size,
/// modification time, inode), plus the output's own manifest (so a deleted or replaced output is
/// rebuilt).
/// It lives outside the output, which stays byte-identical for identical input.
struct BuildState: Codable {
    static let version = 1

    var version: Int
    var fingerprint: String
    var report: BuildReport

    /// `SITE/.public.quire-state` for the output `SITE/public`.
    static func path(forOutput output: String) -> String {
        let absolute = OutputWriter.absolute(output)
        return (absolute as NSString).deletingLastPathComponent + "/." + (absolute as NSString).lastPathComponent + ".quire-state"
    }

    /// The saved report when nothing the build reads has changed since it was saved.
    static func upToDate(_ options: BuildOptions) -> BuildReport? {
        let statePath = path(forOutput: options.resolvedOutputDirectory)
        guard let data = FileManager.default.contents(atPath: statePath),
              let state = try? JSONDecoder().decode(BuildState.self, from: data),
              state.version == version, state.fingerprint == fingerprint(options) else { return nil }
        return state.report
    }

    /// Saves the report of a successful build.
    static func save(_ report: BuildReport, options: BuildOptions) {
        let state = BuildState(version: version, fingerprint: fingerprint(options), report: report)
        let statePath = path(forOutput: options.resolvedOutputDirectory)
        guard let data = try? JSONEncoder().encode(state) else { return }
        try? data.write(to: URL(fileURLWithPath: statePath), options: .atomic)
    }

    /// Forgets the saved state (before a build that may fail or change the output).
    static func clear(_ options: BuildOptions) {
        unlink(path(forOutput: options.resolvedOutputDirectory))
    }

    static func fingerprint(_ options: BuildOptions) -> String {
        var input = Fingerprint()
        input.add("quire \(QuireVersion.string)")
        input.addStat(of: ProcessInfo.processInfo.arguments.first.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path } ?? "")
        input.add("base-url \(options.baseURL ?? "-") strict \(options.strict) theme \(options.themeDirectory)")
        input.addContents(of: options.configPath)
        // The ledger by size, time and inode, as digests are: a 100,000-paper ledger is megabytes
        // that would otherwise be read and copied twice a build just to be hashed.
        input.addStat(of: options.ledgerPath)
        // Walked as the build walks them: the configuration says where symlinks may lead.
        let boundary = options.inputBoundary(config: ConfigLoader().load(path: options.configPath).0)
        for directory in [options.themeDirectory, options.templatesDirectory] {
            for name in TemplateLibrary.listFiles(directory, boundary: boundary) { input.addContents(of: directory + "/" + name) }
        }
        input.addTree(options.digestsDirectory, boundary: boundary)
        input.addStat(of: options.resolvedOutputDirectory + "/" + OutputManifest.fileName)
        return ContentHash.hex(input.hash)
    }

    /// Accumulates what the build reads into one 64-bit hash.
    struct Fingerprint {
        private(set) var bytes: [UInt8] = []

        mutating func add(_ text: String) {
            bytes.append(contentsOf: text.utf8)
            bytes.append(0)
        }

        mutating func addContents(of path: String) {
            add(path)
            if let data = FileManager.default.contents(atPath: path) { bytes.append(contentsOf: data) } else { add("missing") }
        }

        mutating func addStat(of path: String) {
            var status = stat()
            guard lstat(path, &status) == 0 else { return add("\(path) missing") }
            add("\(path) \(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec) \(status.st_ino) \(status.st_mode)")
        }

        /// Every file under a folder (path, size, time, inode, mode), walked as the digest finder
        /// walks it; a link leading out of `boundary` is recorded by its target.
        mutating func addTree(_ directory: String, boundary: InputBoundary) {
            addStat(of: directory)
            FileWalker(links: .followedWithin(boundary)).walk(directory, problem: { problem in
                add("\(problem)")
            }, visit: { file in
                let status = file.status!
                add("\(file.relativePath) \(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec) \(status.st_ino) \(status.st_mode)")
            })
        }

        var hash: UInt64 { bytes.withUnsafeBytes { ContentHash.of($0) } }
    }
}

/// Quire's version, shown by `--version` and part of every build's fingerprint.
public enum QuireVersion {
    public static let string = "0.1.0"
}
