import Foundation
import QuireCore

extension DigestLoader {
    /// Reads one file with the parser its format calls for.
    func loadAnyFormat(_ source: Source) -> LoadedDigest {
        source.format == .hfText ? load(source) : loadStructured(source)
    }

    /// Reads an HF daily-papers JSON file, an arXiv export or announcement feed, a daily-arXiv
    /// JSON Lines file or a Markdown note: parses it, dates it (every source but a note is a
    /// digest) and normalizes its entries.
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
        case .arxivAtom, .arxivListing: parsed = ArxivAtomParser().parse(bytes, path: source.path)
        case .dailyArxiv: parsed = DailyArxivParser().parse(bytes, path: source.path)
        case .note, .hfText:
            parsed = MarkdownNoteParser(knownTopics: config.topics.map(\.slug)).parse(bytes, path: source.path)
        }
        loaded.diagnostics = parsed.diagnostics
        loaded.title = parsed.title
        if let format = parsed.format { loaded.format = format }
        loaded.skippedEntries = parsed.skippedEntries
        if source.format != .note {
            if let pinned = config.digestDates[source.fileName] {
                (loaded.date, loaded.dateSource) = (pinned, .config)
            } else if loaded.format == .arxivListing, let own = parsed.ownDate {
                // An announcement feed lists its papers on the day arXiv announced them, whenever it was saved.
                (loaded.date, loaded.dateSource) = (own, .recorded(what: parsed.ownDateDescription))
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
                    key: key, title: title, abstract: .inMemory(TextNormalizer.normalize(entry.abstract)),
                    byline: entry.byline, date: entry.date, upvotes: entry.upvotes,
                    location: entry.location, details: PaperDetailsBox(entry.details), listed: entry.listed,
                    lists: entry.announceType.map(config.arxivAnnounce.contains) ?? true))
        }
        return loaded
    }
}

extension DigestLoader.LoadedDigest {
    /// Whether the file becomes a digest of the site: a source (not a note) that lists papers.
    var isPublished: Bool { format != .note && entries.contains(where: \.lists) }

    /// For a source that lists no paper, and so is not published: when it could not be used
    /// (the wrong shape, an error answer, unreadable bytes) its problems become one warning for
    /// the whole file; a valid source with nothing in it gets a note, and so does an announcement
    /// feed whose papers only update papers listed elsewhere.
    mutating func summarizeIfUnpublished() {
        guard !isPublished, format != .note else { return }
        let file = SourceLocation(path: source.path)
        if !entries.isEmpty {
            let count = entries.count == 1 ? "its 1 paper is" : "its \(entries.count) papers are"
            diagnostics.append(
                Diagnostic(
                    .note, file,
                    "this file lists no papers (\(count) announced as updates, which arxiv_announce does not list); they update papers the site lists, and no digest page is made for it"
                ))
            return
        }
        let problems = diagnostics.filter { $0.severity != .note }
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

extension DigestLoader {
    /// Makes one digest of each daily-arXiv day whose files sit side by side (`2025-10-14.jsonl`,
    /// `2025-10-14_AI_enhanced_Chinese.jsonl`, `2025-10-14_AI_enhanced_English.jsonl`): they list
    /// the same papers, so each paper is listed once, with the summaries of every language (those
    /// in the site's language first). The first file by path is the digest; `loaded` is in path order.
    func combineDailyArxivDays(_ loaded: inout [LoadedDigest]) {
        var firstOfDay: [String: Int] = [:]
        var merged = Set<Int>()
        for index in loaded.indices where loaded[index].format == .dailyArxiv && loaded[index].isPublished {
            let key = Self.dailyArxivDay(loaded[index].source.path)
            guard let first = firstOfDay[key] else {
                firstOfDay[key] = index
                continue
            }
            let twin = loaded[index]
            loaded[first].diagnostics += twin.diagnostics
            loaded[first].skippedEntries += twin.skippedEntries
            var position: [String: Int] = [:]
            for (offset, entry) in loaded[first].entries.enumerated() {
                position[entry.details?.value.arxiv?.id ?? entry.key] = offset
            }
            for entry in twin.entries {
                guard let offset = position[entry.details?.value.arxiv?.id ?? entry.key] else {
                    position[entry.details?.value.arxiv?.id ?? entry.key] = loaded[first].entries.count
                    loaded[first].entries.append(entry)
                    continue
                }
                var details = loaded[first].entries[offset].details?.value ?? PaperDetails()
                for summary in entry.details?.value.machineSummaries ?? []
                where !details.machineSummaries.contains(where: { $0.language == summary.language }) {
                    details.machineSummaries.append(summary)
                }
                details.githubRepo = details.githubRepo ?? entry.details?.value.githubRepo
                details.githubStars = details.githubStars ?? entry.details?.value.githubStars
                loaded[first].entries[offset].details = PaperDetailsBox(details)
            }
            merged.insert(index)
        }
        guard !merged.isEmpty else { return }
        loaded = loaded.indices.filter { !merged.contains($0) }.map { loaded[$0] }
    }

    /// The folder and day a daily-arXiv file belongs to: `data/2025-10-14` for
    /// `data/2025-10-14_AI_enhanced_Chinese.jsonl` and `data/2025-10-14.jsonl` alike.
    static func dailyArxivDay(_ path: String) -> String {
        var stem = Substring(path)
        if let range = stem.range(of: "_AI_enhanced_", options: [.caseInsensitive, .backwards]) {
            stem = stem[..<range.lowerBound]
        } else if stem.lowercased().hasSuffix(".jsonl") {
            stem = stem.dropLast(6)
        }
        return String(stem)
    }
}
