import Foundation
import QuireCore

/// Reads every digest in a folder into a `Corpus`: parses each file (in parallel), dates it,
/// normalizes its entries and merges listings of the same paper.
public struct DigestLoader {
    public var config: SiteConfig
    /// Reads a digest file's bytes; tests replace it to fail on purpose.
    var readFile: InputFile.Reader = InputFile.read
    /// Where abstracts go as each file is parsed, so that they never fill memory; the caller
    /// seals it before reading any of them. Nil keeps them in memory.
    public var spool: TextSpool?

    public init(config: SiteConfig) {
        self.config = config
    }

    /// A digest file found in the folder, before it is read.
    struct Source {
        var path: String
        var fileName: String
        var format: SourceFormat = .hfText
    }

    /// One digest after parsing and dating, entries normalized.
    struct LoadedDigest {
        var source: Source
        var headerDate: MonthDay?
        var headerLine: Int?
        var date: Day?
        var dateSource: DigestDateSource
        var entries: [NormalizedEntry]
        var diagnostics: [Diagnostic]
        var format: SourceFormat = .hfText
        /// The file's own title, when it has one (an arXiv export's query).
        var title: String? = nil
        /// Entries the parser could not use.
        var skippedEntries = 0
    }

    struct NormalizedEntry {
        var key: String
        var title: String
        /// In memory until the loader spools it (`spool`).
        var abstract: StoredText
        var byline: Byline?
        var date: Day?
        var upvotes: Int?
        var location: SourceLocation
        /// What a JSON, Atom or note source adds; nil for text digests.
        var details: PaperDetailsBox? = nil
        /// When the source itself says it listed the paper (HF JSON, arXiv), to the second.
        var listed: ListingTime? = nil
        /// A text digest's date as printed, before the digest's year is known, and its line.
        var printed: PrintedDate? = nil
        var dateLine: Int? = nil
        /// Whether the entry lists the paper on its digest's day; false for an announcement that
        /// only updates a paper (arXiv's `replace`, unless `arxiv_announce` lists it).
        var lists = true
    }

    /// Loads every digest under `directory`. Symlinks are followed only into `boundary`'s folders;
    /// by default, the folder holding `directory` (the site) and the configuration's `trusted_folders`.
    public func load(directory: String, boundary: InputBoundary? = nil) -> Corpus {
        var corpus = loadWithoutTitleCheck(directory: directory, boundary: boundary)
        corpus.diagnostics += Self.titleCheck(corpus)
        return corpus
    }

    /// `load(directory:boundary:)` without its last step, `titleCheck`, which a caller can run
    /// beside the next steps: it only warns.
    public func loadWithoutTitleCheck(directory: String, boundary: InputBoundary? = nil) -> Corpus {
        var diagnostics: [Diagnostic] = []
        let site = (directory as NSString).deletingLastPathComponent
        let boundary =
            boundary
            ?? InputBoundary(
                folders: [site.isEmpty ? "." : site]
                    + config.trustedFolders.map { $0.hasPrefix("/") ? $0 : site + "/" + $0 })
        let sources = DigestFinder.find(in: directory, boundary: boundary, diagnostics: &diagnostics)
        var loaded = sources.parallelMap { source in
            var digest = loadAnyFormat(source)
            digest.summarizeIfUnpublished()
            if let spool {
                for index in digest.entries.indices {
                    digest.entries[index].abstract = digest.entries[index].abstract.spooled(into: spool)
                }
            }
            return digest
        }
        combineDailyArxivDays(&loaded)
        DigestDating.dateSite(&loaded)
        var merger = PaperMerger()
        for digest in loaded {
            diagnostics += digest.diagnostics
            merger.add(digest)
        }
        merger.finish()
        diagnostics += merger.diagnostics
        return Corpus(
            digests: merger.digests, papers: merger.papers, entryCount: merger.entryCount, diagnostics: diagnostics)
    }

    /// Warnings for papers whose titles look alike (see `PaperMerger.nearMissWarnings`).
    public static func titleCheck(_ corpus: Corpus) -> [Diagnostic] {
        PaperMerger.nearMissWarnings(corpus.papers)
    }

    /// Loads `bytes` as the site would load a file `fileName` of its digests folder: read by its
    /// extension, dated, normalized and merged; nil for an extension Quire does not read. The
    /// fuzz targets feed it any bytes.
    public func load(bytes: [UInt8], fileName: String) -> Corpus? {
        guard let format = SourceFormat(fileExtension: (fileName as NSString).pathExtension) else { return nil }
        var loader = self
        loader.readFile = { _ throws(InputFile.Failure) in bytes }
        var merger = PaperMerger()
        let digest = loader.loadAnyFormat(Source(path: fileName, fileName: fileName, format: format))
        merger.add(digest)
        merger.finish()
        var corpus = Corpus(
            digests: merger.digests, papers: merger.papers, entryCount: merger.entryCount,
            diagnostics: digest.diagnostics + merger.diagnostics)
        corpus.diagnostics += Self.titleCheck(corpus)
        return corpus
    }

    func load(_ source: Source) -> LoadedDigest {
        var diagnostics: [Diagnostic] = []
        let bytes: [UInt8]
        do {
            bytes = try readFile(source.path)
        } catch {
            diagnostics.append(
                .warning(SourceLocation(path: source.path), "cannot read this digest: \(error.reason); skipped"))
            return LoadedDigest(
                source: source, headerDate: nil, headerLine: nil, date: nil, dateSource: .unknown, entries: [],
                diagnostics: diagnostics)
        }
        let parsed = HFTextDigestParser().parse(bytes, path: source.path)
        diagnostics += parsed.diagnostics
        let dating =
            DigestDating.pinnedDate(
                path: source.path, fileName: source.fileName, headerDate: parsed.headerDate,
                headerLine: parsed.headerLine, pinned: config.digestDates[source.fileName])
            ?? DigestDating.Result(date: nil, source: .unknown)
        diagnostics += dating.diagnostics
        var entries: [NormalizedEntry] = []
        entries.reserveCapacity(parsed.entries.count)
        for entry in parsed.entries {
            let title = TextNormalizer.normalize(entry.title)
            guard !title.isEmpty else {
                diagnostics.append(
                    .warning(entry.location, "the title line holds only control characters; entry skipped"))
                continue
            }
            var key = TitleKeys.key(forTitle: title)
            if key.isEmpty {
                // Kept rather than lost; its own text identifies it, and cannot equal a key made of letters.
                key = title.lowercased()
                diagnostics.append(
                    .warning(
                        entry.location,
                        "title '\(title)' has no letters or digits; the paper is kept, but check that this line is its title"
                    ))
            }
            // The date is resolved once every digest's year is known (`DigestDating.dateSite`).
            entries.append(
                NormalizedEntry(
                    key: key, title: title, abstract: .inMemory(TextNormalizer.normalize(entry.abstract)),
                    byline: entry.byline.map(Self.normalize), date: nil, upvotes: entry.upvotes,
                    location: entry.location, printed: entry.date, dateLine: entry.dateLine))
        }
        return LoadedDigest(
            source: source, headerDate: parsed.headerDate, headerLine: parsed.headerLine, date: dating.date,
            dateSource: dating.source,
            entries: entries, diagnostics: diagnostics)
    }

    static func normalize(_ byline: Byline) -> Byline {
        switch byline {
        case .authors: return byline
        case let .organization(handle, name):
            return .organization(handle: TextNormalizer.normalize(handle), name: TextNormalizer.normalize(name))
        }
    }
}
