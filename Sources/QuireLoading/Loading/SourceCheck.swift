import QuireCore

/// A downloaded answer read by the loader's own parsers before `quire fetch` writes it among the
/// digests, so that only what a build reads in full is ever written.
public struct SourceCheck: Sendable {
    /// A paper the answer lists.
    public struct Listed: Hashable, Sendable {
        public var arxivID: String?
        public var title: String
    }

    /// The papers, in the answer's order.
    public var papers: [Listed] = []
    /// Why the answer cannot be a digest, or nil when it can: what it is instead ("an HTML or
    /// XML page, not JSON"), or the loader's complaint.
    public var failure: String?

    /// A Hugging Face daily-papers answer: valid when it is a JSON list whose every item is a
    /// paper the loader reads (field-level oddities the loader repairs are allowed).
    public static func dailyPapers(_ bytes: [UInt8], path: String) -> SourceCheck {
        var check = SourceCheck()
        let root: JSONValue
        do {
            root = try JSONValue.parse(bytes)
        } catch {
            let start = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
            check.failure =
                start == UInt8(ascii: "<")
                ? "an HTML or XML page, not JSON"
                : bytes.isEmpty ? "an empty answer" : "JSON that does not parse (\(error.message))"
            return check
        }
        guard case .array(let items) = root else {
            check.failure = "\(root.kind), not a list of papers"
            return check
        }
        let parsed = HFDailyPapersParser().parse(bytes, path: path)
        guard parsed.entries.count == items.count else {
            let problem = parsed.diagnostics.first.map { "\($0.location): \($0.message)" } ?? "an item is not a paper"
            check.failure = "a list whose items are not all papers (\(problem))"
            return check
        }
        check.papers = parsed.entries.map { Listed(arxivID: $0.details.arxiv?.id, title: $0.title) }
        return check
    }

    /// An arXiv announcement feed (RSS or Atom): valid when the loader reads it as one, with every
    /// item a paper and no complaint; arXiv's error feed carries its message. `announced` is the
    /// feed's announcement day, and `updates` the papers it only announces as new versions.
    public static func arxivListing(_ bytes: [UInt8], path: String) -> (
        check: SourceCheck, announced: Day?, updates: Int
    ) {
        var check = SourceCheck()
        let parsed = ArxivAtomParser().parse(bytes, path: path)
        if let problem = parsed.diagnostics.first {
            check.failure = problem.location.line == nil ? problem.message : "\(problem.location): \(problem.message)"
            return (check, nil, 0)
        }
        guard parsed.format == .arxivListing else {
            check.failure = "an arXiv API export, not an announcement feed"
            return (check, nil, 0)
        }
        check.papers = parsed.entries.map { Listed(arxivID: $0.details.arxiv?.id, title: $0.title) }
        let updates = parsed.entries.count {
            $0.announceType != nil && !ArxivAnnounceType.listedByDefault.contains($0.announceType!)
        }
        return (check, parsed.ownDate, updates)
    }

    /// An arXiv API answer: valid when it is an Atom feed whose every entry the loader reads
    /// without a complaint; arXiv's error answers carry its message.
    public static func arxivExport(_ bytes: [UInt8], path: String) -> SourceCheck {
        var check = SourceCheck()
        let parsed = ArxivAtomParser().parse(bytes, path: path)
        if let problem = parsed.diagnostics.first {
            check.failure = problem.location.line == nil ? problem.message : "\(problem.location): \(problem.message)"
            return check
        }
        check.papers = parsed.entries.map { Listed(arxivID: $0.details.arxiv?.id, title: $0.title) }
        return check
    }
}
