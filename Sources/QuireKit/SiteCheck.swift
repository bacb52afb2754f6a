import QuireCore
import QuireLoading
import QuireOutput
import QuirePublishing

/// Everything a build would report, found without writing anything: the model (nil when the
/// configuration has errors) and the diagnostics of the configuration, digests, feeds and templates.
public struct SiteCheck: Sendable {
    public var model: SiteModel?
    public var siteURL: SiteURL
    public var diagnostics: [Diagnostic]

    /// Whether `quire check` fails: on errors, and on warnings when `strict`.
    public func fails(strict: Bool) -> Bool { diagnostics.failsBuild(strict: strict) }

    /// The short report of `quire check`, one line per figure, then one line per digest whose
    /// date was inferred or could not be found.
    public var reportLines: [String] {
        guard let model else { return ["The site was not loaded: its configuration has errors."] }
        let undatedDigests = model.digests.count { $0.date == nil }
        let inferredDigests = model.digests.count { if case .inferred = $0.dateSource { true } else { false } }
        let withoutAnyDate = model.papers.count { $0.listingDate == nil }
        let fallback = model.topics.first { $0.isFallback }
        let emptyTopics = model.topics.filter { !$0.isFallback && $0.papers.isEmpty }.map(\.rule.slug)

        var digestNote: [String] = []
        if inferredDigests > 0 { digestNote.append("\(inferredDigests) dated by inference") }
        if undatedDigests > 0 { digestNote.append("\(undatedDigests) undated") }
        var undatedNote = "no date of their own"
        if withoutAnyDate > 0 {
            undatedNote += "; \(withoutAnyDate) of them listed only in undated digests, last in the feeds"
        }
        let rows: [(String, String)] = [
            (
                "Digests",
                "\(model.digests.count)" + (digestNote.isEmpty ? "" : " (\(digestNote.joined(separator: ", ")))")
            ),
            ("Entries", "\(model.entryCount)"),
            (
                "Papers",
                "\(model.papers.count) (\(Self.count(model.entryCount - model.papers.count, "merged duplicate")))"
            ),
            ("Papers by source", Self.papersBySource(model)),
            ("Undated papers", model.undated.isEmpty ? "0" : "\(model.undated.count) (\(undatedNote))"),
            ("Papers with no topic", fallback.map { "\($0.papers.count) (listed under \"\($0.rule.title)\")" } ?? "0"),
            (
                "Topics with no papers",
                emptyTopics.isEmpty ? "none" : "\(emptyTopics.count): \(emptyTopics.joined(separator: ", "))"
            ),
        ]
        let width = rows.map(\.0.count).max()!
        var lines = rows.map { name, value in name + String(repeating: " ", count: width - name.count) + "  " + value }
        lines += Self.curationLines(model.curation)
        let datedHow = model.digests.compactMap(Self.dateLine)
        if !datedHow.isEmpty {
            lines.append("Digest dates found by inference or not at all:")
            lines += datedHow.map { "  " + $0 }
        }
        return lines
    }

    /// How many papers each kind of source described, e.g. `270 HF text, 12 HF JSON, 3 notes`; a
    /// paper several kinds describe counts under each.
    static func papersBySource(_ model: SiteModel) -> String {
        var counts = [Int](repeating: 0, count: SourceFormat.allCases.count)
        var seen = [Bool](repeating: false, count: counts.count)
        let formatIndex = model.digests.map { SourceFormat.allCases.firstIndex(of: $0.format)! }
        let noteIndex = SourceFormat.allCases.firstIndex(of: .note)!
        for paper in model.papers.indices {
            for index in seen.indices { seen[index] = false }
            for appearance in model.papers[paper].record.appearances { seen[formatIndex[appearance.digest]] = true }
            if model.papers[paper].record.details?.notes.isEmpty == false { seen[noteIndex] = true }
            for index in seen.indices where seen[index] { counts[index] += 1 }
        }
        let parts = zip(SourceFormat.allCases, counts).filter { $0.1 > 0 }.map { "\($0.1) \($0.0.shortName)" }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    /// What `select` and `hide` did, per rule and per source file; nothing when neither is set.
    static func curationLines(_ report: CurationReport) -> [String] {
        guard report.hasSelection || report.hidden > 0 else { return [] }
        var lines = ["Curation: \(report.published) published, \(report.leftOut) left out"]
        if report.hasSelection {
            lines.append("  select keywords matched \(count(report.matchedKeywords, "paper"))")
            lines.append("  select categories matched \(count(report.matchedCategories, "paper"))")
            lines.append("  select exclude left out \(count(report.excluded, "paper"))")
            lines.append("  select min_upvotes left out \(count(report.belowUpvotes, "paper"))")
            lines.append("  curator's notes kept \(count(report.keptByNote, "paper")) select left out")
        }
        lines.append("  hide held back \(count(report.hidden, "paper"))")
        lines.append("Per source file (published, left out):")
        lines += report.perFile.map { "  \($0.path): \($0.published) published, \($0.leftOut) left out" }
        return lines
    }

    /// `1 merged duplicate`, `2 merged duplicates`.
    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// `path: 2026-04-13, inferred as …` or `path: undated, …`; nil for a date the config or file name pins.
    static func dateLine(of digest: Digest) -> String? {
        switch digest.dateSource {
        case .config, .fileName, .recorded:
            return nil
        case .inferred(let reason):
            return "\(digest.path): \(digest.date.map { "\($0)" } ?? "undated"), inferred as \(reason)"
        case .unknown where digest.format != .hfText:
            return
                "\(digest.path): undated: it records no date of its own; pin it with digest_dates in quire.yml or a YYYY-MM-DD file-name prefix"
        case .unknown:
            let header =
                digest.headerDate.map { "its header says \($0) and its entries give no year to infer" }
                ?? digest.headerLine.map { "its date line (line \($0)) is not a date that exists" }
                ?? "it has no date line"
            return
                "\(digest.path): undated: \(header); pin it with digest_dates in quire.yml or a YYYY-MM-DD file-name prefix"
        }
    }
}
