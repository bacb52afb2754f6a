import Foundation
import QuireCore
import QuireLoading
import QuireOutput
import QuirePublishing

/// What to build and how.
public struct BuildOptions: Sendable {
    public var siteDirectory: String
    /// Defaults to `SITE_DIR/public`.
    public var outputDirectory: String?
    /// Replaces `base_url` from the configuration.
    public var baseURL: String?
    /// Treat warnings as errors.
    public var strict: Bool
    /// The default theme's folder, or nil for the theme compiled into Quire; `SITE_DIR/templates/`
    /// overrides its files.
    public var themeDirectory: String?
    /// Defaults to `SITE_DIR/quire-ledger.yml`.
    public var ledgerFile: String?
    /// Told how far the build has got; called from several threads, a few hundred times at most.
    public var progress: (@Sendable (BuildProgress) -> Void)?
    /// Renders every paper page a rebuild would keep unchanged and fails the build when one
    /// differs from its file: a check, for tests, that a page is kept only when nothing it shows
    /// changed. On when `QUIRE_VERIFY_KEPT_PAGES=1`, as `make test` sets it.
    public var verifiesKeptPages = ProcessInfo.processInfo.environment["QUIRE_VERIFY_KEPT_PAGES"] == "1"

    public init(
        siteDirectory: String, outputDirectory: String? = nil, baseURL: String? = nil, strict: Bool = false,
        themeDirectory: String? = nil, ledgerFile: String? = nil, progress: (@Sendable (BuildProgress) -> Void)? = nil
    ) {
        self.siteDirectory = siteDirectory
        self.outputDirectory = outputDirectory
        self.baseURL = baseURL
        self.strict = strict
        self.themeDirectory = themeDirectory
        self.ledgerFile = ledgerFile
        self.progress = progress
    }

    /// What the build reads, before the configuration names its trusted folders.
    public var inputs: SiteInputs {
        SiteInputs(siteDirectory: siteDirectory, ledgerPath: ledgerFile, themeDirectory: themeDirectory)
    }

    /// What the build reads, the configuration's `trusted_folders` included.
    public func inputs(config: SiteConfig) -> SiteInputs {
        var inputs = inputs
        inputs.trustedFolders = config.trustedFolders
        return inputs
    }

    public var configPath: String { inputs.configPath }
    public var digestsDirectory: String { inputs.digestsDirectory }
    public var pagesDirectory: String { inputs.pagesDirectory }
    public var templatesDirectory: String { inputs.templatesDirectory }
    public var resolvedOutputDirectory: String { outputDirectory ?? siteDirectory + "/public" }
    /// Where the ledger of published papers' slugs and feed ids lives.
    public var ledgerPath: String { inputs.ledgerPath }

    /// The options that change the output besides the inputs, for the up-to-date fingerprint.
    var fingerprintSettings: String {
        "base-url \(baseURL ?? "-") strict \(strict) theme \(themeDirectory ?? DefaultTheme.label)"
    }
}

/// How far a build has got, for a progress bar: the phase, and for pages how many are done.
public struct BuildProgress: Sendable, Equatable {
    /// The steps of a build, in order; the raw value names them in messages.
    public enum Phase: String, Sendable {
        case loading = "loading"
        case rendering = "rendering pages"
        case feeds = "writing feeds"
        case committing = "committing"
    }

    public var phase: Phase
    /// Pages rendered so far (0 outside `.rendering`).
    public var done: Int
    /// Pages to render (0 until they are known).
    public var total: Int

    public init(phase: Phase, done: Int = 0, total: Int = 0) {
        self.phase = phase
        self.done = done
        self.total = total
    }
}

/// The figures of a finished build, for the closing summary.
public struct BuildReport: Sendable, Codable {
    public var outputDirectory: String
    public var digests: Int
    public var entries: Int
    public var papers: Int
    public var mergedDuplicates: Int
    public var pages: Int
    /// Pages kept from the last build because nothing they show changed, and how many of them
    /// are papers' pages.
    public var keptPages = 0
    public var keptPaperPages = 0
    public var files: Int
    public var bytes: Int
    public var unchangedFiles: Int
    /// The search index's files and terms.
    public var searchIndex: SearchIndexWriter.Summary
    public var carriedOver: [String]
    public var diagnostics: [Diagnostic]
    public var seconds: Double
    /// True when nothing had changed since the last build, which was reused as it was.
    public var upToDate = false
}

/// The whole pipeline on one screen: config → loader → model → pages → output.
public struct SiteBuilder {
    public let options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    /// Ends the reason of a failed build that had a previous output.
    public static let outputUnchanged = "; the previous output is unchanged"
    /// Ends the reason of a failed first build.
    public static let nothingWritten = "; nothing was written"

    /// Throws away every build of this process that has not been swapped in (on an interrupting
    /// signal); a build in the middle of its swap finishes it first. Returns whether there was one.
    @discardableResult
    public static func discardBuildsInProgress() -> Bool {
        OutputWriter.discardAllInProgress()
    }

    /// What a failed build did to the output: nothing, whether or not there was one.
    private var failureOutcome: String {
        OutputWriter.holdsBuild(options.resolvedOutputDirectory) ? Self.outputUnchanged : Self.nothingWritten
    }

    /// Loads and checks everything without writing: the model and every diagnostic.
    public func load() -> (SiteModel?, SiteURL, [Diagnostic]) {
        var clock = PhaseClock()
        // The ledger is read beside the configuration and digests: nothing needs it before the model.
        // (`wait()` cannot throw here: loading the ledger reports its problems as diagnostics.)
        let ledgerPath = options.ledgerPath
        let ledgerLoad = InBackground { LedgerFile.load(path: ledgerPath) }
        var (config, diagnostics) = ConfigLoader().load(path: options.configPath)
        if let override = options.baseURL {
            if let url = SiteURL(override) {
                config.baseURL = url.description
            } else {
                diagnostics.append(
                    .error(SourceLocation(path: "--base-url"), "'\(override)' \(SiteURL.rejection(of: override))"))
            }
        }
        let siteURL = SiteURL(config.baseURL)!
        if diagnostics.errorCount > 0 {
            return (nil, siteURL, diagnostics + (try! ledgerLoad.wait()).1)
        }
        // The abstracts, a large site's biggest part, go to a scratch file as they are parsed;
        // from here on each is read back a few times.
        var loader = DigestLoader(config: config)
        loader.spool = TextSpool()
        let corpus = loader.loadWithoutTitleCheck(
            directory: options.digestsDirectory,
            boundary: options.inputs(config: config).boundary)
        loader.spool?.seal()
        // Titles that look alike only warn: they are checked beside the model, which has stretches
        // on one core.
        let titleCheck = InBackground { DigestLoader.titleCheck(corpus) }
        clock.lap("load: digests")
        let (ledger, ledgerDiagnostics) = try! ledgerLoad.wait()
        clock.lap("load: ledger (read beside the digests)")
        diagnostics += ledgerDiagnostics
        if ledgerDiagnostics.errorCount > 0 { return (nil, siteURL, diagnostics) }
        var model = SiteModel(corpus: corpus, config: config, ledger: ledger)
        diagnostics += corpus.diagnostics + (try! titleCheck.wait())
        let (pages, pageDiagnostics) = PageLoader.load(
            directory: options.pagesDirectory, boundary: options.inputs(config: config).boundary)
        model.pages = pages
        diagnostics += pageDiagnostics
        clock.lap("load: model")
        for collision in model.slugCollisions {
            let (paper, holder) = (model.papers[collision.paper], model.papers[collision.holder])
            // A paper known from a note alone has no listing: its note is where it was described.
            let (paperAt, holderAt) = (
                paper.record.firstLocation ?? SourceLocation(path: options.digestsDirectory),
                holder.record.firstLocation ?? SourceLocation(path: options.digestsDirectory)
            )
            diagnostics.append(
                .warning(
                    paperAt,
                    "'\(paper.title)' makes the same URL as '\(holder.title)' (\(holderAt)), papers/\(holder.slug)/; it is published at papers/\(paper.slug)/ instead (if the two are one paper, spell their titles alike)"
                ))
        }
        return (model, siteURL, diagnostics)
    }

    /// Loads and checks the site, its feeds and templates as a build would, without writing.
    public func check() -> SiteCheck {
        let (model, siteURL, diagnostics, _) = prepare()
        return SiteCheck(model: model, siteURL: siteURL, diagnostics: diagnostics)
    }

    private func prepare() -> (SiteModel?, SiteURL, [Diagnostic], TemplateLibrary?) {
        var (model, siteURL, diagnostics) = load()
        let (templates, templateDiagnostics) = TemplateLibrary.load(
            theme: options.themeDirectory.map { .directory($0) } ?? DefaultTheme.theme,
            overrideDirectory: options.templatesDirectory,
            boundary: options.inputs(config: model?.config ?? SiteConfig()).boundary)
        diagnostics += templateDiagnostics
        return (model, siteURL, diagnostics, templates)
    }

    /// Builds the site. Throws `BuildFailure` (with every diagnostic) when the input has errors,
    /// or warnings under `strict`; the previous output is then left untouched.
    ///
    /// The output folder is checked and locked first, so a refused folder or a build already
    /// running is reported at once, before any loading.
    public func build() throws -> BuildReport {
        let start = DispatchTime.now()
        // Taken before anything is read: an input edited during the build makes the next one run.
        let inputs = options.inputs(config: ConfigLoader().load(path: options.configPath).0)
        let fingerprint = BuildState.fingerprint(of: inputs, settings: options.fingerprintSettings)
        if var previous = BuildState.report(
            BuildReport.self, inputs: inputs, output: options.resolvedOutputDirectory,
            fingerprint: fingerprint)
        {
            previous.upToDate = true
            previous.unchangedFiles = previous.files
            previous.seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            return previous
        }
        BuildState.clear(output: options.resolvedOutputDirectory)
        var clock = PhaseClock()
        let output = try OutputWriter(
            outputPath: options.resolvedOutputDirectory, siteDirectory: options.siteDirectory,
            inputs: inputs.all)
        clock.lap("output folder")
        options.progress?(BuildProgress(phase: .loading))
        StopPoint.reach("loading")
        let (model, siteURL, loadDiagnostics, templates) = prepare()
        var diagnostics = loadDiagnostics
        Platform.releaseFreeMemory()  // the parsers' intermediate text is gone; rendering is next
        clock.lap("load, in all")
        // Curator notes are rendered once, here, for the pages, the feeds and the search index.
        let notes = model.map { RenderedNotes(model: $0) }
        let feeds = model.map { FeedWriter(model: $0, siteURL: siteURL, notes: notes) }
        clock.lap("feed items")
        guard let model, let notes, let feeds, let templates, !diagnostics.failsBuild(strict: options.strict) else {
            output.discard()
            let errors = diagnostics.errorCount
            let reason =
                errors > 0
                ? "the build failed with \(errors) error\(errors == 1 ? "" : "s")"
                : "the build failed: --strict and \(diagnostics.warningCount) warning\(diagnostics.warningCount == 1 ? "" : "s")"
            throw BuildFailure(reason + failureOutcome, diagnostics: diagnostics)
        }

        let pages: Int
        let keptPages: Int
        let keptPaperPages: Int
        // What the paper pages were rendered from, and the ledger to record: made beside the commit.
        let renderedBytes: InBackground<[UInt8]>
        let ledgerBytes: InBackground<[UInt8]?>
        let searchIndex: SearchIndexWriter.Summary
        let summary: OutputWriter.Summary
        let related = RelatedPapers(model: model, limit: model.config.relatedCount)
        Platform.releaseFreeMemory()  // the term vectors are gone; only the lists are kept
        clock.lap("related papers")
        // The search index first, on every core, and gone before the pages' contexts are made:
        // the two together were a large site's peak of memory.
        do {
            searchIndex = try SearchIndexWriter(model: model, notes: notes).write(into: output)
        } catch {
            output.discard()
            throw BuildFailure("\(error)" + failureOutcome, diagnostics: diagnostics)
        }
        Platform.releaseFreeMemory()
        clock.lap("search index")
        let renderer = PageRenderer(
            model: model, siteURL: siteURL, templates: templates, notes: notes, related: related)
        // The sitemap's list of pages (a million entries at a million papers) is let go as soon
        // as the sitemap is written, early in the pages.
        let sitemap = SitemapList(renderer.sitemapPages())
        // Every page an earlier build published and this one does not write gets a redirect.
        // (The set of what this build writes goes before the pages, which need the memory.)
        let published: PublishedPages = {
            // Paper pages are left out: none is ever recorded, or a folder above one that is.
            var writing = Set(sitemap.pages.lazy.map(\.path).filter { !$0.hasPrefix("papers/") })
            writing.formUnion([SitePaths.home, SitePaths.search])
            for asset in templates.assets where asset.path == "index.html" || asset.path.hasSuffix("/index.html") {
                writing.insert(String(asset.path.dropLast("index.html".count)))
            }
            writing.formUnion(feeds.atomPaths)
            return PublishedPages(
                model: model, writing: writing, earlier: model.publishedPages,
                previousOutput: output.previousPagePaths(where: PublishedPages.isRecorded)
                    + output.previousFiles(where: SitePaths.isRetiredArchive))
        }()
        // What the last build made its paper pages and feed documents from: those whose inputs
        // are unchanged are kept.
        let renderedPath = BuildState.renderedPagesPath(forOutput: options.resolvedOutputDirectory)
        let earlier = RenderedPages(
            bytes: (try? InputFile.read(renderedPath)) ?? [], templates: templates, quire: BuildState.quireIdentity)
        let fingerprints = PaperFingerprints(model: model, notes: notes)
        let verify = options.verifiesKeptPages
        // Feeds and the sitemap are written beside the pages rather than after them: their serial
        // stretches (one feed after another) then overlap with page rendering.
        let otherFiles = InBackground {
            // GitHub Pages runs Jekyll over a folder unless it holds `.nojekyll`; Jekyll would
            // drop files starting with `_` (Quire writes none) and rewrite nothing useful.
            try output.write(".nojekyll", [])
            try SitemapWriter(siteURL: siteURL, pages: sitemap.take()).write(into: output)
            try RedirectPages(
                papers: model.redirects, pages: published.redirects, files: published.retiredArchives, siteURL: siteURL
            ).write(into: output)
            try RetiredArchives(
                archives: published.retiredArchives, siteURL: siteURL, siteTitle: model.config.title
            ).write(into: output)
            try RemovalPages(removed: model.removed, siteURL: siteURL, siteTitle: model.config.title).write(
                into: output)
            return try feeds.writeAll(into: output, earlier: earlier, papers: fingerprints, verify: verify).rendered
        }
        do {
            StopPoint.reach("rendering")
            var renderedPages: RenderedPages
            (pages, keptPages, keptPaperPages, renderedPages) = try renderer.renderAll(
                into: output, earlier: earlier, papers: fingerprints, verify: verify,
                progress: options.progress.map(Self.pageCounter))
            clock.lap("pages")
            options.progress?(BuildProgress(phase: .feeds))
            renderedPages.add(try otherFiles.wait())
            renderedBytes = InBackground { [renderedPages] in renderedPages.bytes }
            let (ledgerPath, update) = (options.ledgerPath, model.ledgerUpdate)
            ledgerBytes = InBackground { [published] in
                guard var ledger = try update ?? (published.changed ? Self.unchangedLedger(at: ledgerPath) : nil)
                else { return nil }
                ledger.pages = published.record
                return LedgerFile.bytes(ledger)
            }
            clock.lap("feeds and sitemap")
            // The pages' contexts are gone; the commit's manifest is next.
            Platform.releaseFreeMemory()
            options.progress?(BuildProgress(phase: .committing))
            StopPoint.reach("committing")
            summary = try output.commit()
            clock.lap("commit")
        } catch {
            _ = try? otherFiles.wait()  // nothing may write into the staging folder once it is gone
            output.discard()
            throw BuildFailure("\(error)" + failureOutcome, diagnostics: diagnostics)
        }
        StopPoint.reach("committed")
        // What the paper pages were rendered from, for the next build to keep the unchanged ones.
        // A copy from an older build, if this one is not saved, still holds true: it maps inputs
        // to the pages they render to.
        try? FileOutput.writeAtomically(renderedBytes.wait(), to: renderedPath)
        // Only now are the new papers and pages published: record their slugs, feed ids and paths.
        do {
            if let bytes = try ledgerBytes.wait() { try LedgerFile.write(bytes, to: options.ledgerPath) }
        } catch {
            diagnostics.append(
                .warning(
                    SourceLocation(path: options.ledgerPath),
                    "cannot write the ledger (\(error)); the new papers' slugs are not recorded and may change in a later build"
                ))
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        var report = BuildReport(
            outputDirectory: output.outputPath, digests: model.digests.count, entries: model.entryCount,
            papers: model.papers.count, mergedDuplicates: model.entryCount - model.papers.count,
            pages: pages, files: summary.files, bytes: summary.bytes, unchangedFiles: summary.unchanged,
            searchIndex: searchIndex,
            carriedOver: summary.carriedOver, diagnostics: diagnostics, seconds: seconds)
        report.keptPages = keptPages
        report.keptPaperPages = keptPaperPages
        BuildState.save(report, fingerprint: fingerprint, inputs: inputs, output: options.resolvedOutputDirectory)
        return report
    }
}

extension SiteBuilder {
    /// The ledger as the build read it, when no paper changed it but its pages must be recorded
    /// (the model keeps no copy of an unchanged ledger).
    private static func unchangedLedger(at path: String) throws -> PaperLedger {
        let (ledger, diagnostics) = LedgerFile.load(path: path)
        if let error = diagnostics.first(where: { $0.severity == .error }) {
            throw BuildFailure("the ledger changed during the build: \(error.message)", diagnostics: diagnostics)
        }
        return ledger
    }

    /// Turns the renderer's "this many more pages" calls, made from several threads, into
    /// running totals for `progress`, told in increasing order.
    static func pageCounter(_ progress: @escaping @Sendable (BuildProgress) -> Void)
        -> @Sendable (_ finished: Int, _ total: Int) -> Void
    {
        let counter = RunningCount()
        return { finished, total in
            counter.add(finished) { done in progress(BuildProgress(phase: .rendering, done: done, total: total)) }
        }
    }
}

/// The sitemap's pages, held until the one thread that writes the sitemap takes them.
final class SitemapList: @unchecked Sendable {
    private(set) var pages: [PageRenderer.SitemapPage]

    init(_ pages: [PageRenderer.SitemapPage]) { self.pages = pages }

    /// The pages, no longer held here.
    func take() -> [PageRenderer.SitemapPage] {
        defer { pages = [] }
        return pages
    }
}

/// Work started on another thread at once; `wait()` returns its result or rethrows its error.
final class InBackground<Value>: @unchecked Sendable {
    private let done = DispatchGroup()
    private var result: Result<Value, Error>?

    init(_ work: @escaping @Sendable () throws -> Value) {
        done.enter()
        DispatchQueue.global().async {
            self.result = Result(catching: work)
            self.done.leave()
        }
    }

    func wait() throws -> Value {
        done.wait()
        return try result!.get()
    }
}

/// Points where a build stops itself (SIGSTOP) when `QUIRE_STOP_AT` names one: `loading`,
/// `rendering`, `committing` (before the swap), `committed` (after it, before the ledger). The
/// tests of killed builds kill it there, at a known moment, rather than after a guessed sleep.
enum StopPoint {
    private static let requested = ProcessInfo.processInfo.environment["QUIRE_STOP_AT"]

    static func reach(_ name: String) {
        if requested == name { raise(SIGSTOP) }
    }
}

/// A total that several threads add to.
final class RunningCount: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0

    /// Adds `amount` and hands the new total to `report`, under the lock, so reports come in
    /// the order of the totals.
    func add(_ amount: Int, then report: (Int) -> Void) {
        lock.withLock {
            total += amount
            report(total)
        }
    }
}

/// Prints how long each phase of a build took (wall and CPU time of the whole process) and the
/// memory resident and allocated at its end when `QUIRE_TIMINGS` is set, for profiling.
struct PhaseClock {
    private let enabled = ProcessInfo.processInfo.environment["QUIRE_TIMINGS"] != nil
    private var last = DispatchTime.now()
    private var lastCPU = PhaseClock.cpuMilliseconds()

    mutating func lap(_ phase: String) {
        guard enabled else { return }
        let now = DispatchTime.now()
        let milliseconds = Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e6
        let cpu = Self.cpuMilliseconds()
        let memory =
            (Platform.residentMegabytes().map { ", resident \($0) MB" } ?? "")
            + (Platform.heapMegabytes().map { ", heap \($0) MB" } ?? "")
        FileHandle.standardError.write(
            Data("quire: \(phase) \(Int(milliseconds)) ms (CPU \(cpu - lastCPU) ms\(memory))\n".utf8))
        last = now
        lastCPU = cpu
    }

    /// CPU time of the whole process so far, user and system, which other processes on the
    /// machine do not inflate as they do wall time.
    static func cpuMilliseconds() -> Int { Platform.cpuMilliseconds() }
}
