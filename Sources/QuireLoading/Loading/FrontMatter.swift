import Foundation
import QuireCore
import Yams

/// The one front-matter reader, for curator notes and pages alike: YAML fields between `---` lines
/// at the top of a Markdown file, then the body. Every problem carries the file's own line number.
struct FrontMatter {
    /// The fields.
    var fields: Node.Mapping
    /// The Markdown after the closing line.
    var body: String

    /// A front matter that cannot be read: where, and what is wrong, as a phrase a caller ends
    /// with what it does about it ("; skipped").
    struct Problem: Error {
        var location: SourceLocation
        var message: String
    }

    /// Splits and parses `text`, read from `path`. A leading byte-order mark and `\r\n` line
    /// ends are accepted; the closing line may be `---` or `...`. `kind` (`a note`) and `example`
    /// (`title, arxiv, date, …`) word the message for a file without one.
    static func parse(_ text: String, path: String, kind: String, example: String) -> Result<FrontMatter, Problem> {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        if lines.first?.hasPrefix("\u{FEFF}") == true { lines[0] = lines[0].dropFirst() }
        let start = SourceLocation(path: path, line: 1)
        if lines.first?.trimmingSpaces == "+++" {
            return .failure(
                Problem(
                    location: start,
                    message: "TOML front matter ('+++') is not read: write the fields as YAML between '---' lines"))
        }
        guard let first = lines.first, first.trimmingSpaces == "---" else {
            return .failure(
                Problem(
                    location: start,
                    message:
                        "no front matter: \(kind) starts with a '---' line, then its fields (\(example)), then another '---' line"
                ))
        }
        guard
            let closing = lines.indices.dropFirst().first(where: {
                lines[$0].trimmingSpaces == "---" || lines[$0].trimmingSpaces == "..."
            })
        else {
            return .failure(
                Problem(location: start, message: "the front matter is not closed: add a '---' line after its fields"))
        }
        // A blank first line stands for the opening '---', so YAML's line numbers are the file's.
        let yaml = "\n" + lines[1..<closing].joined(separator: "\n")
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            let (line, problem) = ConfigLoader.describe(error, in: yaml, whole: "the front matter")
            return .failure(
                Problem(
                    location: SourceLocation(path: path, line: line),
                    message: "invalid YAML in the front matter: \(problem)"))
        } catch {
            return .failure(Problem(location: start, message: "invalid YAML in the front matter: \(error)"))
        }
        guard let root, let mapping = root.mapping else {
            return .failure(
                Problem(
                    location: start,
                    message:
                        "the front matter should be fields such as 'title: …', found \(root.map(ConfigLoader.Reader.kind) ?? "nothing")"
                ))
        }
        return .success(FrontMatter(fields: mapping, body: lines[(closing + 1)...].joined(separator: "\n")))
    }

    /// The node of `key`, and where it is.
    func field(_ key: String) -> Node? { fields[key] }
}
