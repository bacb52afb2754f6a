import Foundation

extension DigestLoader {
    /// Reads one file with the parser its format calls for.
    func loadAnyFormat(_ source: Source) -> LoadedDigest {
        source.format == .hfText ? load(source) : loadStructured(source)
    }

    /// Reads an HF daily-papers JSON file, an arXiv Atom export or a Markdown note: parses it,
    /// dates it (JSON and Atom files are digests; a note is not) and normalizes its entries.
    func loadStructured(_ source: Source) -> LoadedDigest {
        var loaded = LoadedDigest(source: source, headerDate: nil, headerLine: nil, date: nil, dateSource: .unknown,
                                  entries: [], diagnostics: [], format: source.format)
        let bytes: [UInt8]
        do {
            bytes = try readFile(source.path)
        } catch {
            loaded.diagnostics.append(.warning(SourceLocation(path: source.path), "cannot read this \(source.format == .note ? "note" : "digest"): \(error.reason); skipped"))
            return loaded
        }
        let parsed: ParsedSource
        switch source.format {
        case .hfJSON: parsed = HFDailyPapersParser().parse(bytes, path: source.path)
        case .arxivAtom: parsed = ArxivAtomParser().parse(bytes, path: source.path)
        case .note, .hfText: parsed = MarkdownNoteParser(knownTopics: config.topics.map(\.slug)).parse(bytes, path: source.path)
        }
        loaded.diagnostics = parsed.diagnostics
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
            let key = TextNormalizer.mergeKey(forTitle: title)
            // A note may name its paper by arXiv id alone; the title then comes from another source.
            guard !key.isEmpty || (source.format == .note && title.isEmpty && entry.details.arxiv != nil) else {
                loaded.diagnostics.append(.warning(entry.location, "title '\(title)' has no letters or digits to identify the paper; entry skipped"))
                continue
            }
            loaded.entries.append(NormalizedEntry(key: key, title: title, abstract: TextNormalizer.normalize(entry.abstract),
                                                  byline: entry.byline, date: entry.date, upvotes: entry.upvotes,
                                                  location: entry.location, details: PaperDetailsBox(entry.details)))
        }
        return loaded
    }
}
