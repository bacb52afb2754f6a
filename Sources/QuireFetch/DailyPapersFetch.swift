import Foundation
import QuireCore
import QuireLoading

/// `quire fetch hf`: each day's Hugging Face daily papers
/// (`GET {endpoint}/api/daily_papers?date=YYYY-MM-DD`) into `digests/hf/YYYY-MM-DD.json`,
/// byte for byte as served, once the loader's own parser has read every paper in it.
public struct DailyPapersFetch: Sendable {
    public var folder: DigestFolder
    public var days: [Day]
    /// Fetch days already on disk again, replacing their files.
    public var refresh: Bool
    public var endpoint: URL
    public var settings: FetchSettings

    public static let defaultEndpoint = URL(string: "https://huggingface.co")!

    public init(
        folder: DigestFolder, days: [Day], refresh: Bool = false, endpoint: URL = defaultEndpoint,
        settings: FetchSettings
    ) {
        self.folder = folder
        self.days = days
        self.refresh = refresh
        self.endpoint = endpoint
        self.settings = settings
    }

    /// The file a day is written to.
    public func path(for day: Day) -> String {
        folder.huggingFace + "/\(day).json"
    }

    /// `SITE_DIR/.quire-hf-empty-days`: the past days Hugging Face listed no papers for, one
    /// `YYYY-MM-DD` a line, so that they are not asked for again (today's list may still fill).
    public var emptyDaysPath: String { folder.siteDirectory + "/.quire-hf-empty-days" }

    /// How one day went.
    private enum Outcome {
        case written, skipped, empty, failed
    }

    /// Fetches every day; false when any day failed (the others are still written).
    public func run(output: FetchOutput) async -> Bool {
        let fetcher = HTTPFetcher(endpoint: endpoint, settings: settings, log: output.detail)
        let knownEmpty = Set(
            (try? InputFile.read(emptyDaysPath)).map { String(decoding: $0, as: UTF8.self) }?
                .split(separator: "\n").compactMap { Day(iso: $0) } ?? [])
        var empty = knownEmpty
        var succeeded = true
        let today = Day.todayUTC
        for (number, day) in days.enumerated() {
            output.progress("fetch hf: \(day) (\(number + 1)/\(days.count))")
            if !refresh && knownEmpty.contains(day) {
                output.note("fetch hf: \(day): had no papers when last asked; skipped (--refresh asks again)")
                continue
            }
            switch await fetch(day, with: fetcher, output: output) {
            case .failed: succeeded = false
            case .empty: if day < today { empty.insert(day) }
            case .written: empty.remove(day)
            case .skipped: break
            }
        }
        await fetcher.shutdown()
        if empty != knownEmpty {
            let text = empty.sorted().map { "\($0)\n" }.joined()
            do {
                try folder.write(Array(text.utf8), to: emptyDaysPath)
            } catch {
                output.problem(
                    "fetch: cannot write \(folder.shown(emptyDaysPath)) (\(error.localizedDescription)); empty days will be asked for again"
                )
            }
        }
        return succeeded
    }

    private func fetch(_ day: Day, with fetcher: HTTPFetcher, output: FetchOutput) async -> Outcome {
        let path = path(for: day)
        if !refresh && folder.exists(path) {
            output.note(
                "fetch hf: \(day): \(folder.shown(path)) is already on disk; skipped (--refresh fetches it again)")
            return .skipped
        }
        let url = trimmedEndpoint(endpoint) + "/api/daily_papers?date=\(day)"
        func fail(_ reason: String) -> Outcome {
            output.problem("fetch: Hugging Face \(reason) for \(day); nothing written")
            return .failed
        }
        let response: FetchedResponse
        do {
            response = try await fetcher.get(url)
        } catch let error as FetchError {
            return fail("\(error)")
        } catch {
            return fail("could not be asked (\(error))")
        }
        guard response.status == 200 else { return fail("answered \(response.status)") }
        let bytes = [UInt8](response.body)
        let check = SourceCheck.dailyPapers(bytes, path: url)
        if let failure = check.failure { return fail("answered \(failure),") }
        guard !check.papers.isEmpty else {
            output.note("fetch hf: \(day): no papers that day; nothing written")
            return .empty
        }
        do {
            try folder.write(bytes, to: path)
        } catch {
            return fail("was read, but \(folder.shown(path)) could not be written (\(error.localizedDescription)),")
        }
        output.note(
            "fetch hf: \(day): wrote \(folder.shown(path)) (\(check.papers.count) paper\(check.papers.count == 1 ? "" : "s"))"
        )
        return .written
    }
}
