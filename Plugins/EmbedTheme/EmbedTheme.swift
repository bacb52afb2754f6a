import Foundation
import PackagePlugin

/// Compiles the default theme (`Templates/`) and the git revision into the target that uses it,
/// so a copied `quire` binary works from any folder. `Templates/` stays the editable source:
/// editing a file there regenerates the embedded copy at the next build.
@main
struct EmbedTheme: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let templates = root.appending(path: "Templates")
        let files = try FileManager.default.contentsOfDirectory(atPath: templates.path())
            .filter { !$0.hasPrefix(".") }
            .sorted()
            .map { templates.appending(path: $0) }
        // The revision is read again whenever HEAD moves: a commit, a checkout or a reset appends
        // to the HEAD log of the clone (or of the worktree).
        let headLog = Self.gitDirectory(of: root).map { $0.appending(path: "logs/HEAD") }
        let revisionInputs = headLog.map { FileManager.default.fileExists(atPath: $0.path()) ? [$0] : [] } ?? []
        let output = context.pluginWorkDirectoryURL.appending(path: "DefaultTheme+Files.swift")
        return [
            .buildCommand(
                displayName: "Embedding the default theme (\(files.count) files) and the git revision",
                executable: try context.tool(named: "quire-embed-theme").url,
                arguments: [root.path(), output.path()] + files.map { $0.path() },
                inputFiles: files + revisionInputs,
                outputFiles: [output]
            )
        ]
    }

    /// `.git` itself, or the folder a worktree's `.git` file points to.
    static func gitDirectory(of root: URL) -> URL? {
        let dotGit = root.appending(path: ".git")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dotGit.path(), isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue { return dotGit }
        guard let text = try? String(contentsOf: dotGit, encoding: .utf8), text.hasPrefix("gitdir:") else { return nil }
        let path = text.dropFirst("gitdir:".count).trimmingCharacters(in: .whitespacesAndNewlines)
        return path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appending(path: path)
    }
}
