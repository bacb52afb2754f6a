import Testing

@testable import QuireCore

@Suite("Paper fingerprints: every field a source gives changes them")
struct PaperFingerprintTests {
    static func fingerprint(_ record: PaperRecord, digestPath: String = "digests/a.txt") -> Fingerprint128 {
        var hasher = StreamHasher()
        record.fingerprint(into: &hasher) { _ in digestPath }
        return hasher.value
    }

    static func record(_ details: PaperDetails? = nil) -> PaperRecord {
        PaperRecord(
            key: "sparse attention", title: "Sparse Attention", abstract: "We study $x^2$.",
            date: Day(year: 2025, month: 3, day: 4)!, byline: .authors(count: 3), upvotes: 7,
            appearances: [
                Appearance(
                    digest: 0, location: SourceLocation(path: "digests/a.txt", line: 12),
                    listed: ListingTime(day: Day(year: 2025, month: 3, day: 5)!))
            ],
            details: details)
    }

    /// The fingerprint functions name each stored property; these counts make a field added
    /// later fail here until it is fingerprinted (and counted) too.
    @Test("the fingerprinted types have the fields the fingerprint covers")
    func fieldCounts() {
        let counts: [(String, Int, Int)] = [
            ("PaperRecord", Mirror(reflecting: Self.record()).children.count, 8),
            ("PaperDetails", Mirror(reflecting: PaperDetails()).children.count, 24),
            ("ArxivReference", Mirror(reflecting: ArxivReference(id: "2501.00001")).children.count, 2),
            (
                "MachineSummary",
                Mirror(reflecting: MachineSummary(text: "t", language: nil, writer: "w")).children.count, 3
            ),
            ("CuratorNote", Mirror(reflecting: CuratorNote(markdown: "", location: .init(path: ""))).children.count, 2),
            ("Appearance", Mirror(reflecting: Self.record().appearances[0]).children.count, 3),
            ("SourceLocation", Mirror(reflecting: SourceLocation(path: "")).children.count, 3),
            ("ListingTime", Mirror(reflecting: ListingTime(day: Day(year: 2025, month: 1, day: 1)!)).children.count, 2),
        ]
        for (name, fields, covered) in counts {
            #expect(fields == covered, "\(name) has \(fields) stored properties; its fingerprint covers \(covered)")
        }
    }

    @Test("changing any one field of a record or its details changes the fingerprint")
    func everyFieldCounts() {
        var base = PaperDetails(arxiv: ArxivReference(id: "2501.00001", version: 1))
        base.authors = ["A. One", "B. Two"]
        base.affiliations = ["A. One": ["Lab"]]
        base.machineSummaries = [MachineSummary(text: "short", language: "en", writer: "HF")]
        base.notes = [CuratorNote(markdown: "Good.", location: SourceLocation(path: "digests/n.md", line: 1))]
        let edits: [(inout PaperDetails) -> Void] = [
            { $0.arxiv = ArxivReference(id: "2501.00002", version: 1) },
            { $0.arxiv = ArxivReference(id: "2501.00001", version: 2) },
            { $0.authors.append("C. Three") }, { $0.categories = ["cs.CL"] }, { $0.primaryCategory = "cs.CL" },
            { $0.doi = "10.1/x" }, { $0.journalRef = "J" }, { $0.updated = Day(year: 2025, month: 1, day: 2)! },
            { $0.arxivComment = "9 pages" }, { $0.link = "https://example.org" }, { $0.commentCount = 2 },
            { $0.submittedBy = "someone" }, { $0.keywords = ["k"] }, { $0.githubRepo = "https://github.com/a/b" },
            { $0.githubStars = 5 }, { $0.projectPage = "https://p.example" },
            { $0.machineSummaries[0].text = "longer" }, { $0.machineSummaries[0].language = "de" },
            { $0.machineSummaries[0].writer = "other" }, { $0.thumbnail = "https://t.example/x.png" },
            { $0.mediaURLs = ["https://m.example/v.mp4"] }, { $0.affiliations["A. One"] = ["Other lab"] },
            { $0.tags = ["t"] }, { $0.featured = true }, { $0.topics = ["pruning"] },
            { $0.notes[0].markdown = "Better." }, { $0.notes[0].location.line = 2 }, { $0.otherTitleKeys = ["x"] },
        ]
        var fingerprints = [Self.fingerprint(Self.record(base))]
        for edit in edits {
            var details = base
            edit(&details)
            fingerprints.append(Self.fingerprint(Self.record(details)))
        }
        let recordEdits: [(inout PaperRecord) -> Void] = [
            { $0.key = "other" }, { $0.title = "Other" }, { $0.abstract = "We study $x^3$." },
            { $0.date = nil }, { $0.byline = .authors(count: 4) },
            { $0.byline = .organization(handle: "lab", name: "Lab") }, { $0.upvotes = nil },
            { $0.appearances[0].location.line = 13 }, { $0.appearances[0].listed = nil },
            { $0.appearances[0].listed?.secondsOfDay = 3600 }, { $0.details = nil },
        ]
        for edit in recordEdits {
            var record = Self.record(base)
            edit(&record)
            fingerprints.append(Self.fingerprint(record))
        }
        fingerprints.append(Self.fingerprint(Self.record(base), digestPath: "digests/b.txt"))
        #expect(Set(fingerprints).count == fingerprints.count)
        #expect(Self.fingerprint(Self.record(base)) == Self.fingerprint(Self.record(base)))
    }
}
