import Foundation

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
    /// reported with their file and line.
    public static func load(themeDirectory: String, overrideDirectory: String?) -> (TemplateLibrary?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var files: [String: String] = [:]  // relative name → path
        for directory in [themeDirectory, overrideDirectory].compactMap({ $0 }) {
            for name in listFiles(directory) { files[name] = directory + "/" + name }
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
        for name in requiredTemplates where files["\(name).mustache"] == nil {
            diagnostics.append(.error(SourceLocation(path: themeDirectory), "the theme has no \(name).mustache"))
        }
        if diagnostics.contains(where: { $0.severity == .error }) { return (nil, diagnostics) }
        return (TemplateLibrary(templates: templates, assets: assets, sourceFiles: files.keys.sorted().map { files[$0]! }), diagnostics)
    }

    /// Files under a folder, relative, skipping hidden ones and notes to the curator (`*.md`).
    static func listFiles(_ directory: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var names: [String] = []
        while let name = walker.nextObject() as? String {
            if name.split(separator: "/").contains(where: { $0.hasPrefix(".") }) || name.hasSuffix(".md") { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue {
                names.append(name)
            }
        }
        return names
    }

    /// Renders a page template with a context.
    public func render(_ template: String, _ context: TemplateValue) -> [UInt8] {
        templates[template]?.render(context, library: templates) ?? []
    }
}
