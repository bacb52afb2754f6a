import Foundation
import QuireCore
import QuireLoading

/// Where `quire fetch` and `quire enrich` report: the command line routes each kind of line.
public struct FetchOutput: Sendable {
    /// A line of the normal report (what was written or skipped).
    public var note: @Sendable (String) -> Void
    /// A line only `--verbose` shows (every request).
    public var detail: @Sendable (String) -> Void
    /// A failure or warning, always shown.
    public var problem: @Sendable (String) -> Void
    /// The current step, for a progress line that the next one replaces.
    public var progress: @Sendable (String) -> Void

    public init(
        note: @escaping @Sendable (String) -> Void, detail: @escaping @Sendable (String) -> Void,
        problem: @escaping @Sendable (String) -> Void, progress: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.note = note
        self.detail = detail
        self.problem = problem
        self.progress = progress
    }
}

/// The site folder's places `quire fetch` and `quire enrich` write to, and how they write.
public struct DigestFolder: Sendable {
    public var siteDirectory: String

    public init(siteDirectory: String) {
        self.siteDirectory = siteDirectory
    }

    /// `SITE_DIR/digests/hf`.
    var huggingFace: String { siteDirectory + "/digests/hf" }
    /// `SITE_DIR/digests/arxiv`.
    var arxiv: String { siteDirectory + "/digests/arxiv" }
    /// `SITE_DIR/digests/arxiv-listing`.
    var arxivListing: String { siteDirectory + "/digests/arxiv-listing" }

    /// `path` relative to the site folder, for messages: `digests/hf/2024-06-05.json`.
    func shown(_ path: String) -> String {
        path.hasPrefix(siteDirectory + "/") ? String(path.dropFirst(siteDirectory.count + 1)) : path
    }

    /// Writes `bytes` to `path` atomically, creating the folder if needed: a reader sees the old
    /// file or the new one, never a part.
    func write(_ bytes: [UInt8], to path: String) throws {
        try FileOutput.writeAtomically(bytes, to: path, creatingFolders: true)
    }

    /// Whether anything, even a broken link, is at `path`.
    func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }
}

extension Day {
    /// Today in UTC.
    public static var todayUTC: Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// The day after this one.
    var next: Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(from: DateComponents(year: year, month: month, day: day))!
        let parts = calendar.dateComponents(
            [.year, .month, .day], from: calendar.date(byAdding: .day, value: 1, to: date)!)
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// Every day from `first` to `last`, both included.
    public static func range(from first: Day, to last: Day) -> [Day] {
        var days: [Day] = []
        var day = first
        while day <= last {
            days.append(day)
            day = day.next
        }
        return days
    }
}

/// The endpoint without a trailing slash, so paths can be appended.
func trimmedEndpoint(_ endpoint: URL) -> String {
    var text = endpoint.absoluteString
    while text.hasSuffix("/") { text.removeLast() }
    return text
}
