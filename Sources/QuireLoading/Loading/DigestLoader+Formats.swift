import Foundation
import QuireCore

extension DigestLoader {
    /// Reads one file with the parser its format calls for.
    func loadAnyFormat(_ source: Source) -> LoadedDigest {
        source.format == .hfText ? load(source) : loadStructured(source)
    }

    /// Reads an HF daily-papers JSON file, an arXiv Atom export or a Markdown note: parses it,
    /// dates it (JSON and Atom files are digests; a note is not) and normalizes its entries.
    func loadStructured(_ source: Source) -> LoadedDigest {
        var loaded = LoadedDigest(
            source: source, headerDate: nil, headerLine: nil, date: nil, dateSource: .unknown,
            entries: [], diagnostics: [], format: source.format)
        let bytes: [UInt8]
        do {
            bytes = try readFile(source.path)
        } catch {
            loaded.diagnostics.append(
                .warning(
                    SourceLocation(path: source.path),
                    "cannot read this \(source.format == .note ? "note" : "digest"): \(error.reason); skipped"))
            return loaded
        }
        let parsed: ParsedSource
        switch source.format {
        case .hfJSON: parsed = HFDailyPapersParser().parse(bytes, path: source.path)
        case .arxivAtom: parsed = ArxivAtomParser().parse(bytes, path: source.path)
        case .note, .hfText:
            parsed = MarkdownNoteParser(knownTopics: config.topics.map(\.slug)).parse(bytes, path: source.path)
        }
        loaded.diagnostics = parsed.diagnostics
        loaded.title = parsed.title
        loaded.skippedEntries = parsed.skippedEntries
        if source.format != .note {
            if let pinned = config.digestDates[source.fileName] {
                (loaded.date, loaded.dateSource) = (pinned, .config)
            } else if let fromName = Day(iso: source.fileName.prefix(10)) {
                (loaded.date, loaded.dateSource) = (fromName, .fileName)
            } else if let own = parsed.ownDate {
                (loaded.date, loaded.dateSource) = (own, .recorded(what: parsed.ownDateDescription))
            }
        }
        loaded.entries.reserveCapacity(parsed.entries.count)
        for entry in parsed.entries {
            let title = TextNormalizer.normalize(entry.title)
            let key = TitleKeys.key(forTitle: entry.keyTitle.map(TextNormalizer.normalize) ?? title)
            // A note may name its paper by arXiv id alone; the title then comes from another source.
            guard !key.isEmpty || (source.format == .note && title.isEmpty && entry.details.arxiv != nil) else {
                loaded.diagnostics.append(
                    .warning(
                        entry.location, "title '\(title)' has no letters or digits to identify the paper; entry skipped"
                    ))
                loaded.skippedEntries += 1
                continue
            }
            loaded.entries.append(
                NormalizedEntry(
                    key: key, title: title, abstract: TextNormalizer.normalize(entry.abstract),
                    byline: entry.byline, date: entry.date, upvotes: entry.upvotes,
                    location: entry.location, details: PaperDetailsBox(entry.details), listed: entry.listed))
        }
        return loaded
    }
}

extension DigestLoader.LoadedDigest {
    /// Whether the file becomes a digest of the site: a source (not a note) that gave papers.
    var isPublished: Bool { format != .note && !entries.isEmpty }

    /// For a source that yields no paper, and so is not published: when it could not be used
    /// (the wrong shape, an error answer, unreadable bytes) its problems become one warning for
    /// the whole file; a valid source with nothing in it gets a note.
    mutating func summarizeIfUnpublished() {
        guard entries.isEmpty, format != .note else { return }
        let problems = diagnostics.filter { $0.severity != .note }
        let file = SourceLocation(path: source.path)
        guard let first = problems.first else {
            diagnostics.append(Diagnostic(.note, file, "this file lists no papers; no digest page is made for it"))
            return
        }
        if problems.count == 1, first.location == file, skippedEntries <= 1 {
            diagnostics = [.warning(file, first.message + "; no digest page is made for it")]
        } else {
            let skipped =
                skippedEntries == 0
                ? "" : skippedEntries == 1 ? " (1 entry skipped)" : " (\(skippedEntries) entries skipped)"
            let more = problems.count == 1 ? "" : " (and \(problems.count - 1) more)"
            diagnostics = [
                .warning(
                    file,
                    "no paper could be read from this file\(skipped); the first problem, at \(first.location): \(first.message)\(more); no digest page is made for it"
                )
            ]
        }
    }
}
