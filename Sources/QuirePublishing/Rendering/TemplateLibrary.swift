import Foundation
import QuireCore

/// The theme: Mustache templates and static assets from the default theme folder, each
/// replaceable by a file of the same name in the site's `templates/` folder. Templates are
/// compiled once, when the library is loaded.
public struct TemplateLibrary: Sendable {
    public let templates: [String: PageTemplate]
    /// Static files (the stylesheet) by output path, with their bytes.
    public let assets: [(path: String, bytes: [UInt8])]
    /// Every file the theme was read from, for change detection.
    public let sourceFiles: [String]

    /// Template names every theme must provide.
    public static let requiredTemplates = ["base", "home", "paper", "topics", "topic", "dates", "dates-year",
                                           "dates-month", "dates-day", "dates-undated", "digests", "digest", "404", "search", "page"]

    /// Loads `themeDirectory`, then `overrideDirectory` over it. Template syntax errors are
    /// reported with their file and line, symlinks leading out of `boundary` (by default the theme
    /// and the folder holding `overrideDirectory`) with their path.
    public static func load(themeDirectory: String, overrideDirectory: String?,
                            boundary: InputBoundary? = nil) -> (TemplateLibrary?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var files: [String: String] = [:]  // relative name → path
        let boundary = boundary ?? InputBoundary(folders: [themeDirectory] + [overrideDirectory.map { ($0 as NSString).deletingLastPathComponent }].compactMap { $0 })
        for directory in [themeDirectory, overrideDirectory].compactMap({ $0 }) {
            for name in listFiles(directory, boundary: boundary, problems: { problem in
                diagnostics.append(.warning(SourceLocation(path: problem.path), problem.message + "; skipped"))
            }) {
                files[name] = directory + "/" + name
            }
        }
        var templates: [String: PageTemplate] = [:]
        var assets: [(path: String, bytes: [UInt8])] = []
        for name in files.keys.sorted() {
            let path = files[name]!
            guard let data = FileManager.default.contents(atPath: path) else {
                diagnostics.append(.error(SourceLocation(path: path), "cannot read this template"))
                continue
            }
            if name.hasSuffix(".mustache") {
                do {
                    templates[String(name.dropLast(".mustache".count))] = try PageTemplate(String(decoding: data, as: UTF8.self))
                } catch let error as TemplateSyntaxError {
                    diagnostics.append(.error(SourceLocation(path: path, line: error.line), "template syntax: \(error.message)"))
                } catch {
                    diagnostics.append(.error(SourceLocation(path: path), "template syntax: \(error)"))
                }
            } else {
                assets.append((name, [UInt8](data)))
            }
        }
        // A partial or parent that does not exist renders as nothing, silently, by the spec: say so.
        for name in templates.keys.sorted() {
            let path = files[name + ".mustache"]!
            // (One that exists but did not compile has its own error already.)
            for missing in templates[name]!.referencedTemplates where files[missing + ".mustache"] == nil {
                diagnostics.append(.warning(SourceLocation(path: path, line: line(of: missing, in: path)),
                                            "'\(missing)' names no template: there is no \(missing).mustache in the theme or templates/, so it renders as nothing"))
            }
        }
        for name in requiredTemplates where files["\(name).mustache"] == nil {
            diagnostics.append(.error(SourceLocation(path: themeDirectory), "the theme has no \(name).mustache"))
        }
        if diagnostics.contains(where: { $0.severity == .error }) { return (nil, diagnostics) }
        return (TemplateLibrary(templates: templates, assets: assets, sourceFiles: files.keys.sorted().map { files[$0]! }), diagnostics)
    }

    /// Regular files under a folder, relative and sorted, skipping hidden ones and notes to the
    /// curator (`*.md`); symlinks are followed only into `boundary`, and `problems` hears of the rest.
    static func listFiles(_ directory: String, boundary: InputBoundary,
                          problems: (FileWalker.Problem) -> Void = { _ in }) -> [String] {
        var names: [String] = []
        FileWalker(links: .followedWithin(boundary)).walk(directory, problem: problems) { file in
            if (file.status!.st_mode & S_IFMT) == S_IFREG && !file.name.hasSuffix(".md") { names.append(file.relativePath) }
        }
        return names
    }

    /// The first line of the template at `path` that includes or extends `name` (`{{> name}}`, `{{<name}}`).
    private static func line(of name: String, in path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let compact = line.filter { $0 != " " && $0 != "\t" }
            if compact.contains("{{>\(name)}}") || compact.contains("{{<\(name)}}") { return index + 1 }
        }
        return nil
    }

    /// Renders a page template with a context.
    public func render(_ template: String, _ context: TemplateValue) -> [UInt8] {
        templates[template]?.render(context, library: templates) ?? []
    }
}
