import Foundation
import QuireCore
import QuirePublishing

/// The default theme, compiled into Quire from `Templates/` by the EmbedTheme build plugin, so
/// the `quire` binary works alone, from any folder. A site's `templates/` folder overrides its
/// files one by one; `quire theme export` writes them out to start from.
public enum DefaultTheme {
    /// Names the built-in files in messages: `(built-in theme)/base.mustache`.
    public static let label = "(built-in theme)"

    /// The theme's files by name, in name order.
    public static let files: [(name: String, bytes: [UInt8])] = encodedFiles.map { file in
        (file.name, [UInt8](Data(base64Encoded: file.base64)!))
    }

    /// The theme as the template library takes it.
    public static var theme: TemplateLibrary.Theme { .builtIn(files: files, label: label) }

    /// Writes every file of the theme into `directory`, creating it; a file already there is
    /// left alone and reported. Returns the paths written and those skipped.
    public static func export(to directory: String) throws -> (written: [String], skipped: [String]) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var written: [String] = [], skipped: [String] = []
        for file in files {
            let path = directory + "/" + file.name
            if FileStamp(path: path) != nil {
                skipped.append(path)
                continue
            }
            try FileOutput.write(file.bytes, to: path, existing: .refused)
            written.append(path)
        }
        return (written, skipped)
    }
}

/// What `quire --version` prints.
public enum QuireBuildInfo {
    /// `quire 0.1.0 (git 1a2b3c4d5e6f)`.
    public static var versionLine: String { "quire \(QuireVersion.string) (git \(revision))" }
}
