import ArgumentParser
import QuireKit

/// `quire theme`: the theme compiled into Quire.
struct Theme: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with the built-in theme.",
        subcommands: [Export.self]
    )

    /// `quire theme export DIR`.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the built-in theme's files into a folder, to customize them.",
            discussion: """
                Copy the files you change into SITE_DIR/templates/ (each overrides the built-in file \
                of the same name), or pass the whole folder with --theme (or QUIRE_THEME). Files \
                already in the folder are left as they are.
                """
        )

        @Argument(help: "The folder to write the theme into (created when missing).", completion: .directory)
        var directory: String

        @OptionGroup var outputOptions: OutputOptions

        func run() throws {
            let terminal = outputOptions.terminal
            let result: (written: [String], skipped: [String])
            do {
                result = try DefaultTheme.export(to: directory)
            } catch {
                terminal.error("error: theme export: \(error)")
                throw ExitCode.failure
            }
            for path in result.skipped where !outputOptions.quiet {
                terminal.error("warning: \(path) exists; left as it is")
            }
            guard !outputOptions.quiet else { return }
            print(
                "Wrote \(result.written.count) file\(result.written.count == 1 ? "" : "s") of the built-in theme to \(directory)."
            )
            print(
                "Copy the ones you change into SITE_DIR/templates/, or build with --theme \(Terminal.shellQuoted(directory))."
            )
        }
    }
}
