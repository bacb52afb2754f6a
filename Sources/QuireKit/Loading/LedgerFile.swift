import Foundation
import Yams

/// Reads and writes `SITE_DIR/quire-ledger.yml`, the `PaperLedger`: the one file Quire writes into
/// the site folder. It is YAML a person can read, review in a diff and edit, sorted by slug,
/// written only when it changes and then atomically (a temporary file renamed over it).
public enum LedgerFile {
    public static let fileName = "quire-ledger.yml"

    static let header = """
        # Quire's ledger: the page and feed id of every paper this site has published, so that neither
        # changes once readers have seen it, even when a paper gains an arXiv id or a later paper has the
        # same title. Quire reads it before each build and adds the papers it has not seen; commit it
        # with the site. Change an entry only to move a page on purpose.
        #   slug     the paper's page: papers/<slug>/
        #   title    its title as Quire compares titles (how a paper without an arXiv id is recognized)
        #   arxiv    its arXiv id, once known
        #   feed_id  the id of its items in the feeds: a URI, or a path under base_url

        """

    /// The ledger at `path`; a missing file is an empty ledger. Entries that cannot be used are
    /// reported and left out; a file that is not YAML is an error, so the build stops before it
    /// could give published papers new names.
    public static func load(path: String) -> (PaperLedger, [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                return (PaperLedger(), [.error(SourceLocation(path: path), "cannot read the ledger")])
            }
            return (PaperLedger(), [])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return (PaperLedger(), [.error(SourceLocation(path: path), "the ledger is not valid UTF-8; fix it (or restore it from version control)")])
        }
        return parse(text, path: path)
    }

    /// Reads ledger text; `path` is only used in diagnostics.
    public static func parse(_ text: String, path: String) -> (PaperLedger, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        func report(_ severity: Diagnostic.Severity, _ node: Node?, _ message: String) {
            diagnostics.append(Diagnostic(severity, SourceLocation(path: path, line: node?.mark?.line), message))
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let location = SourceLocation(path: path, line: ConfigLoader.line(of: error))
            return (PaperLedger(), [.error(location, "the ledger is not valid YAML (\(ConfigLoader.problem(of: error))); fix it (or restore it from version control) so published papers keep their pages")])
        } catch {
            return (PaperLedger(), [.error(SourceLocation(path: path), "the ledger is not valid YAML (\(error))")])
        }
        guard let root else { return (PaperLedger(), []) }
        guard let list = root.mapping?["papers"], let items = list.sequence else {
            report(.error, root, "the ledger should hold a list under 'papers:'; fix it (or restore it from version control)")
            return (PaperLedger(), diagnostics)
        }
        var entries: [PaperLedger.Entry] = []
        var slugs = Set<String>(), arxivIDs = Set<String>()
        for item in items {
            guard let fields = item.mapping else {
                report(.warning, item, "a ledger entry should be a mapping with slug, title and feed_id; ignored")
                continue
            }
            var values: [String: String] = [:]
            for (key, value) in fields {
                guard let name = key.string else { continue }
                guard ["slug", "title", "arxiv", "feed_id"].contains(name) else {
                    report(.warning, key, "unknown ledger key '\(name)'; ignored")
                    continue
                }
                guard let scalar = value.scalar else {
                    report(.warning, value, "'\(name)' should be a single value; the entry is ignored")
                    values = [:]
                    break
                }
                values[name] = scalar.string
            }
            guard let slug = values["slug"], !slug.isEmpty, slug.utf8.allSatisfy(ConfigLoader.Reader.isSlugByte), slug.utf8.count <= 200 else {
                report(.warning, item, "a ledger entry needs a slug of a-z, 0-9 and '-'; ignored")
                continue
            }
            guard let title = values["title"] else {
                report(.warning, item, "ledger entry '\(slug)' has no title; ignored")
                continue
            }
            guard slugs.insert(slug).inserted else {
                report(.warning, item, "slug '\(slug)' is in the ledger twice; the second entry is ignored")
                continue
            }
            var arxiv = values["arxiv"]
            if let text = arxiv {
                if let reference = ArxivIdentifier.parse(text), arxivIDs.insert(reference.id).inserted {
                    arxiv = reference.id
                } else {
                    report(.warning, item, "ledger entry '\(slug)': '\(text)' is not an arXiv id, or another entry has it; ignored")
                    arxiv = nil
                }
            }
            var feedID = values["feed_id"] ?? ""
            if !isUsableID(feedID) {
                if values["feed_id"] != nil { report(.warning, item, "ledger entry '\(slug)': feed_id '\(feedID)' is not a URI or site path; the page's address is used") }
                feedID = SitePaths.paper(slug)
            }
            entries.append(PaperLedger.Entry(slug: slug, titleKey: title, arxiv: arxiv, feedID: feedID))
        }
        return (PaperLedger(entries: entries), diagnostics)
    }

    /// A feed id must be printable without escaping: no spaces, quotes or angle brackets.
    static func isUsableID(_ id: String) -> Bool {
        !id.isEmpty && !id.unicodeScalars.contains { $0.value <= 0x20 || $0 == "\"" || $0 == "<" || $0 == ">" || $0 == "\\" || $0.value == 0x7F }
    }

    /// The ledger as YAML: the header, then one block per paper, sorted by slug.
    public static func text(_ ledger: PaperLedger) -> String {
        var text = header + "papers:\n"
        for entry in ledger.entries {
            text += "  - slug: \(entry.slug)\n    title: \(quoted(entry.titleKey))\n"
            if let arxiv = entry.arxiv { text += "    arxiv: \(quoted(arxiv))\n" }
            text += "    feed_id: \(quoted(entry.feedID))\n"
        }
        return text
    }

    /// A YAML double-quoted scalar. Written by hand rather than through Yams's emitter so that a
    /// ledger of 100,000 papers is written in milliseconds, in exactly this layout.
    static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
                    result += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Writes the ledger when its text differs from the file's: into a temporary file beside it,
    /// then renamed over it, so a reader never sees half a ledger. Returns whether it wrote.
    @discardableResult
    public static func write(_ ledger: PaperLedger, to path: String) throws -> Bool {
        let bytes = Array(text(ledger).utf8)
        if let existing = FileManager.default.contents(atPath: path), existing.elementsEqual(bytes) { return false }
        let temporary = (path as NSString).deletingLastPathComponent + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else {
                throw BuildFailure("cannot replace \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temporary)
            throw error
        }
        return true
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
