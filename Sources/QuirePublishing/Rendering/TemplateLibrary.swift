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
    /// A fingerprint of each template's text, by name.
    private let textFingerprints: [String: Fingerprint128]

    /// Template names every theme must provide.
    public static let requiredTemplates = [
        "base", "home", "paper", "topics", "topic", "dates", "dates-year",
        "dates-month", "dates-day", "dates-undated", "digests", "digest", "404", "search", "page", "authors",
        "author",
    ]

    /// Where the default theme's files come from.
    public enum Theme: Sendable {
        /// A folder (`--theme DIR`, `QUIRE_THEME`).
        case directory(String)
        /// Files compiled into Quire, by name; `label` names them in messages.
        case builtIn(files: [(name: String, bytes: [UInt8])], label: String)
    }

    /// Loads `themeDirectory`, then `overrideDirectory` over it.
    public static func load(
        themeDirectory: String, overrideDirectory: String?,
        boundary: InputBoundary? = nil
    ) -> (TemplateLibrary?, [Diagnostic]) {
        load(theme: .directory(themeDirectory), overrideDirectory: overrideDirectory, boundary: boundary)
    }

    /// Loads `theme`, then `overrideDirectory` over it. Template syntax errors are reported with
    /// their file and line, symlinks leading out of `boundary` (by default the theme and the folder
    /// holding `overrideDirectory`) with their path. Every file is read through `InputFile`.
    public static func load(
        theme: Theme, overrideDirectory: String?,
        boundary: InputBoundary? = nil
    ) -> (TemplateLibrary?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var files: [String: String] = [:]  // relative name → path (or label/name for a built-in file)
        var contents: [String: [UInt8]] = [:]  // relative name → bytes, for built-in files
        let themeLabel: String
        var directories = [overrideDirectory].compactMap { $0 }
        switch theme {
        case .directory(let directory):
            themeLabel = directory
            directories.insert(directory, at: 0)
        case .builtIn(let builtIn, let label):
            themeLabel = label
            for file in builtIn {
                files[file.name] = label + "/" + file.name
                contents[file.name] = file.bytes
            }
        }
        var trusted = directories.filter { $0 != overrideDirectory }
        if let overrideDirectory { trusted.append((overrideDirectory as NSString).deletingLastPathComponent) }
        let boundary = boundary ?? InputBoundary(folders: trusted)
        for directory in directories {
            for name in listFiles(
                directory, boundary: boundary,
                problems: { problem in
                    diagnostics.append(.warning(SourceLocation(path: problem.path), problem.message + "; skipped"))
                })
            {
                files[name] = directory + "/" + name
                contents[name] = nil
            }
        }
        var templates: [String: PageTemplate] = [:]
        var texts: [String: String] = [:]
        var assets: [(path: String, bytes: [UInt8])] = []
        for name in files.keys.sorted() {
            let path = files[name]!
            let data: [UInt8]
            if let builtIn = contents[name] {
                data = builtIn
            } else {
                do {
                    data = try InputFile.read(path)
                } catch {
                    diagnostics.append(.error(SourceLocation(path: path), "cannot read this template: \(error.reason)"))
                    continue
                }
            }
            if name.hasSuffix(".mustache") {
                let text = String(decoding: data, as: UTF8.self)
                texts[name] = text
                do {
                    templates[String(name.dropLast(".mustache".count))] = try PageTemplate(text)
                } catch let error as TemplateSyntaxError {
                    diagnostics.append(
                        .error(SourceLocation(path: path, line: error.line), "template syntax: \(error.message)"))
                } catch {
                    diagnostics.append(.error(SourceLocation(path: path), "template syntax: \(error)"))
                }
            } else {
                assets.append((name, data))
            }
        }
        // A partial or parent that does not exist renders as nothing, silently, by the spec: say so.
        for name in templates.keys.sorted() {
            let file = name + ".mustache"
            // (One that exists but did not compile has its own error already.)
            for missing in templates[name]!.referencedTemplates where files[missing + ".mustache"] == nil {
                diagnostics.append(
                    .warning(
                        SourceLocation(path: files[file]!, line: line(of: missing, in: texts[file] ?? "")),
                        "'\(missing)' names no template: there is no \(missing).mustache in the theme or templates/, so it renders as nothing"
                    ))
            }
        }
        for name in requiredTemplates where files["\(name).mustache"] == nil {
            diagnostics.append(.error(SourceLocation(path: themeLabel), "the theme has no \(name).mustache"))
        }
        if diagnostics.contains(where: { $0.severity == .error }) { return (nil, diagnostics) }
        var textFingerprints: [String: Fingerprint128] = [:]
        for (file, text) in texts {
            var hasher = StreamHasher()
            hasher.add(text)
            textFingerprints[String(file.dropLast(".mustache".count))] = hasher.value
        }
        return (
            TemplateLibrary(
                templates: templates, assets: assets, sourceFiles: files.keys.sorted().map { files[$0]! },
                textFingerprints: textFingerprints),
            diagnostics
        )
    }

    /// Regular files under a folder, relative and sorted, skipping hidden ones and notes to the
    /// curator (`*.md`); symlinks are followed only into `boundary`, and `problems` hears of the rest.
    static func listFiles(
        _ directory: String, boundary: InputBoundary,
        problems: (FileWalker.Problem) -> Void = { _ in }
    ) -> [String] {
        var names: [String] = []
        FileWalker(links: .followedWithin(boundary)).walk(directory, problem: problems) { file in
            if (file.status!.st_mode & S_IFMT) == S_IFREG && !file.name.hasSuffix(".md") {
                names.append(file.relativePath)
            }
        }
        return names
    }

    /// The first line of a template's `text` that includes or extends `name` (`{{> name}}`, `{{<name}}`).
    private static func line(of name: String, in text: String) -> Int? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let compact = line.filter { $0 != " " && $0 != "\t" }
            if compact.contains("{{>\(name)}}") || compact.contains("{{<\(name)}}") { return index + 1 }
        }
        return nil
    }

    /// `template` and every template it includes or extends, directly or not, sorted.
    func closure(of template: String) -> [String] {
        var pending = [template]
        var seen = Set<String>()
        while let name = pending.popLast() {
            guard seen.insert(name).inserted, let compiled = templates[name] else { continue }
            pending += compiled.referencedTemplates
        }
        return seen.sorted()
    }

    /// Every name that `template`, and each template it includes or extends, looks up: a value
    /// under any other name cannot change what it renders.
    func names(readBy template: String) -> Set<TemplateName> {
        var names = Set<TemplateName>()
        for name in closure(of: template) { names.formUnion(templates[name]?.program.names ?? []) }
        return names
    }

    /// A fingerprint of the text of `template` and of every template it includes or extends: a
    /// page it renders from the same values is the same page while this holds.
    package func fingerprint(readBy template: String) -> Fingerprint128 {
        var hasher = StreamHasher()
        for name in closure(of: template) {
            hasher.add(name)
            let text = textFingerprints[name] ?? Fingerprint128(first: 0, second: 0)
            hasher.add(text.first)
            hasher.add(text.second)
        }
        return hasher.value
    }

    /// Renders a page template with a context.
    public func render(_ template: String, _ context: TemplateValue) -> [UInt8] {
        templates[template]?.render(context, library: templates) ?? []
    }
}
