import Foundation

/// What to build and how.
public struct BuildOptions: Sendable {
    public var siteDirectory: String
    /// Defaults to `SITE_DIR/public`.
    public var outputDirectory: String?
    /// Replaces `base_url` from the configuration.
    public var baseURL: String?
    /// Treat warnings as errors.
    public var strict: Bool
    /// The default theme; `SITE_DIR/templates/` overrides its files.
    public var themeDirectory: String
    /// Defaults to `SITE_DIR/quire-ledger.yml`.
    public var ledgerFile: String?

    public init(siteDirectory: String, outputDirectory: String? = nil, baseURL: String? = nil, strict: Bool = false,
                themeDirectory: String, ledgerFile: String? = nil) {
        self.siteDirectory = siteDirectory
        self.outputDirectory = outputDirectory
        self.baseURL = baseURL
        self.strict = strict
        self.themeDirectory = themeDirectory
        self.ledgerFile = ledgerFile
    }

    public var configPath: String { siteDirectory + "/" + ConfigLoader.fileName }
    public var digestsDirectory: String { siteDirectory + "/digests" }
    public var templatesDirectory: String { siteDirectory + "/templates" }
    public var resolvedOutputDirectory: String { outputDirectory ?? siteDirectory + "/public" }
    /// Where the ledger of published papers' slugs and feed ids lives.
    public var ledgerPath: String { ledgerFile ?? siteDirectory + "/" + LedgerFile.fileName }
}

/// The figures of a finished build, for the closing summary.
public struct BuildReport: Sendable, Codable {
    public var outputDirectory: String
    public var digests: Int
    public var entries: Int
    public var papers: Int
    public var mergedDuplicates: Int
    public var pages: Int
    public var files: Int
    public var bytes: Int
    public var unchangedFiles: Int
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

    /// Loads and checks everything without writing: the model and every diagnostic.
    public func load() -> (SiteModel?, SiteURL, [Diagnostic]) {
        var (config, diagnostics) = ConfigLoader().load(path: options.configPath)
        if let override = options.baseURL {
            if let url = SiteURL(override) {
                config.baseURL = url.description
            } else {
                diagnostics.append(.error(SourceLocation(path: "--base-url"), "'\(override)' is not an absolute http(s) URL"))
            }
        }
        let siteURL = SiteURL(config.baseURL)!
        let (ledger, ledgerDiagnostics) = LedgerFile.load(path: options.ledgerPath)
        diagnostics += ledgerDiagnostics
        if diagnostics.errorCount > 0 { return (nil, siteURL, diagnostics) }
        var clock = PhaseClock()
        let corpus = DigestLoader(config: config).load(directory: options.digestsDirectory)
        clock.lap("digests")
        diagnostics += corpus.diagnostics
        let model = SiteModel(corpus: corpus, config: config, ledger: ledger)
        clock.lap("model")
        return (model, siteURL, diagnostics)
    }

    /// Builds the site. Throws `BuildFailure` (with every diagnostic) when the input has errors,
    /// or warnings under `strict`; the previous output is then left untouched.
    public func build() throws -> BuildReport {
        let start = DispatchTime.now()
        if var previous = BuildState.upToDate(options) {
            previous.upToDate = true
            previous.unchangedFiles = previous.files
            previous.seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            return previous
        }
        BuildState.clear(options)
        var clock = PhaseClock()
        var (model, siteURL, diagnostics) = load()
        clock.lap("load")
        let feeds = model.map { FeedWriter(model: $0, siteURL: siteURL) }
        diagnostics += feeds?.undatedPaperDiagnostics() ?? []
        clock.lap("feed items")
        let (templates, templateDiagnostics) = TemplateLibrary.load(themeDirectory: options.themeDirectory,
                                                                    overrideDirectory: options.templatesDirectory)
        diagnostics += templateDiagnostics
        guard let model, let feeds, let templates, !diagnostics.failsBuild(strict: options.strict) else {
            let errors = diagnostics.errorCount
            let reason = errors > 0 ? "the build failed with \(errors) error\(errors == 1 ? "" : "s")"
                                    : "the build failed: --strict and \(diagnostics.warningCount) warning\(diagnostics.warningCount == 1 ? "" : "s")"
            throw BuildFailure(reason + "; the previous output is unchanged", diagnostics: diagnostics)
        }

        let output = try OutputWriter(outputPath: options.resolvedOutputDirectory, siteDirectory: options.siteDirectory,
                                      inputs: [options.configPath, options.digestsDirectory, options.templatesDirectory, options.themeDirectory,
                                               options.ledgerPath])
        let pages: Int
        let summary: OutputWriter.Summary
        do {
            pages = try PageRenderer(model: model, siteURL: siteURL, templates: templates).renderAll(into: output)
            clock.lap("pages")
            _ = try feeds.writeAll(into: output)
            clock.lap("feeds")
            summary = try output.commit()
            clock.lap("commit")
        } catch {
            output.discard()
            throw BuildFailure("\(error); the previous output is unchanged", diagnostics: diagnostics)
        }
        // Only now are the new papers published: record their slugs and feed ids.
        do {
            if model.ledger.hasChanges { try LedgerFile.write(model.ledger, to: options.ledgerPath) }
        } catch {
            diagnostics.append(.warning(SourceLocation(path: options.ledgerPath),
                                        "cannot write the ledger (\(error)); the new papers' slugs are not recorded and may change in a later build"))
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let report = BuildReport(outputDirectory: output.outputPath, digests: model.digests.count, entries: model.entryCount,
                                 papers: model.papers.count, mergedDuplicates: model.entryCount - model.papers.count,
                                 pages: pages, files: summary.files, bytes: summary.bytes, unchangedFiles: summary.unchanged,
                                 carriedOver: summary.carriedOver, diagnostics: diagnostics, seconds: seconds)
        BuildState.save(report, options: options)
        return report
    }
}

/// Prints how long each phase of a build took (wall and CPU time of the whole process) when
/// `QUIRE_TIMINGS` is set, for profiling.
struct PhaseClock {
    private let enabled = ProcessInfo.processInfo.environment["QUIRE_TIMINGS"] != nil
    private var last = DispatchTime.now()
    private var lastCPU = PhaseClock.cpuSeconds()

    mutating func lap(_ phase: String) {
        guard enabled else { return }
        let now = DispatchTime.now()
        let cpu = Self.cpuSeconds()
        let milliseconds = Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e6
        FileHandle.standardError.write(Data("quire: \(phase) \(Int(milliseconds)) ms (cpu \(Int((cpu - lastCPU) * 1000)) ms)\n".utf8))
        last = now
        lastCPU = cpu
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
