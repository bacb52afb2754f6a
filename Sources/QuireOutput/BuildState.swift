import Foundation
import QuireCore

/// Remembers, beside the output folder, a fingerprint of everything a build read and the report it
/// gave, so that building again with nothing changed returns at once, rewriting nothing.
/// It lives outside the output, which stays byte-identical for identical input.
public enum BuildState {
    static let version = 2

    private struct Saved<Report: Codable>: Codable {
        var version: Int
        var fingerprint: String
        /// The stamps of the files the build itself writes and reads again: the ledger and the
        /// output's manifest, taken after it wrote them.
        var written: String
        var report: Report
    }

    /// `SITE/.public.quire-state` for the output `SITE/public`.
    public static func path(forOutput output: String) -> String {
        sibling("quire-state", ofOutput: output)
    }

    /// `SITE/.public.quire-pages` for the output `SITE/public`: what its pages were rendered from.
    public static func renderedPagesPath(forOutput output: String) -> String {
        sibling("quire-pages", ofOutput: output)
    }

    private static func sibling(_ suffix: String, ofOutput output: String) -> String {
        let absolute = OutputWriter.absolute(output)
        return (absolute as NSString).deletingLastPathComponent + "/." + (absolute as NSString).lastPathComponent
            + "." + suffix
    }

    /// Quire itself, as a build depends on it: its version and its executable's stamp.
    public static var quireIdentity: String {
        let executable =
            ProcessInfo.processInfo.arguments.first.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
            ?? ""
        return "quire \(QuireVersion.string) \(executable) \(FileStamp(path: executable)?.description ?? "missing")"
    }

    /// The report saved for `output` when it was saved with this fingerprint and neither the
    /// ledger nor the output was touched since.
    public static func report<Report: Codable>(
        _ type: Report.Type, inputs: SiteInputs, output: String, fingerprint: String
    ) -> Report? {
        guard let bytes = try? InputFile.read(path(forOutput: output)),
            let state = try? JSONDecoder().decode(Saved<Report>.self, from: Data(bytes)),
            state.version == version, state.fingerprint == fingerprint,
            state.written == writtenStamps(inputs: inputs, output: output)
        else { return nil }
        return state.report
    }

    /// Saves the report of a successful build under the fingerprint of the inputs it read,
    /// taken before it read them.
    public static func save<Report: Codable>(_ report: Report, fingerprint: String, inputs: SiteInputs, output: String)
    {
        let state = Saved(
            version: version, fingerprint: fingerprint, written: writtenStamps(inputs: inputs, output: output),
            report: report)
        guard let data = try? JSONEncoder().encode(state) else { return }
        try? FileOutput.writeAtomically([UInt8](data), to: path(forOutput: output))
    }

    /// The ledger's and the output manifest's stamps.
    private static func writtenStamps(inputs: SiteInputs, output: String) -> String {
        [inputs.ledgerPath, output + "/" + OutputManifest.fileName].map {
            FileStamp(path: $0)?.description ?? "missing"
        }.joined(separator: "\n")
    }

    /// Forgets the saved state (before a build that may fail or change the output).
    public static func clear(output: String) {
        unlink(path(forOutput: output))
    }

    /// A fingerprint of everything a build of `inputs` reads, to be taken before it reads them, so
    /// an input edited during the build makes the next build run again. It covers Quire itself
    /// (its version and executable), `settings` (the options that change the output), the
    /// configuration's contents, and every file under the digests, pages, templates and theme
    /// folders by path, size, modification time, inode and mode, walked as the build walks them.
    /// The ledger and the output, which the build writes itself, are checked by `report`.
    public static func fingerprint(of inputs: SiteInputs, settings: String) -> String {
        var fingerprint = Fingerprint()
        fingerprint.add("quire \(QuireVersion.string)")
        fingerprint.addStamp(
            of: ProcessInfo.processInfo.arguments.first.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
                ?? "")
        fingerprint.add(settings)
        fingerprint.addContents(of: inputs.configPath)
        let boundary = inputs.boundary
        for folder in inputs.folders { fingerprint.addTree(folder, boundary: boundary) }
        return ContentHash.hex(fingerprint.hash)
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
            if let contents = try? InputFile.read(path) { bytes.append(contentsOf: contents) } else { add("missing") }
        }

        mutating func addStamp(of path: String) {
            add("\(path) \(FileStamp(path: path)?.description ?? "missing")")
        }

        /// Every file under a folder, walked as the build walks it; a link leading out of
        /// `boundary` is recorded by its target.
        mutating func addTree(_ directory: String, boundary: InputBoundary) {
            addStamp(of: directory)
            FileWalker(links: .followedWithin(boundary)).walk(
                directory,
                problem: { problem in
                    add("\(problem)")
                },
                visit: { file in
                    add("\(file.relativePath) \(FileStamp(file.status!).description)")
                })
        }

        var hash: UInt64 { bytes.withUnsafeBytes { ContentHash.of($0) } }
    }
}
