import Testing

@testable import QuireCore
@testable import QuireLoading

@Suite("arXiv identifiers and API timestamps")
struct ArxivIdentifierTests {
    @Test(
        "every form a source writes gives the id without version, and the version",
        arguments: [
            ("2306.03805", "2306.03805", nil),
            ("2306.03805v2", "2306.03805", 2),
            ("arXiv:2306.03805v12", "2306.03805", 12),
            (" 0704.0001 ", "0704.0001", nil),
            ("http://arxiv.org/abs/2306.03805v2", "2306.03805", 2),
            ("https://arxiv.org/abs/2306.03805", "2306.03805", nil),
            ("https://export.arxiv.org/abs/2306.03805v1/", "2306.03805", 1),
            ("http://arxiv.org/pdf/2306.03805v2.pdf", "2306.03805", 2),
            ("http://arxiv.org/abs/hep-th/9901001v1", "hep-th/9901001", 1),
            ("math.GT/0309136", "math.GT/0309136", nil),
        ] as [(String, String, Int?)])
    func parses(text: String, id: String, version: Int?) {
        #expect(ArxivIdentifier.parse(text) == ArxivReference(id: id, version: version))
    }

    @Test(
        "texts that are not arXiv ids are refused",
        arguments: [
            "", "2306.0380", "2306.038051", "2313.03805", "2306-03805", "https://example.org/abs/2306.03805",
            "https://arxiv.org/list/cs.LG/recent", "hep-th/990100", "HEP-TH/9901001", "2306.03805v", "not-an-id",
        ])
    func refuses(text: String) {
        #expect(ArxivIdentifier.parse(text) == nil)
    }

    @Test("abstract and PDF links leave the version out, so they show the latest one")
    func links() {
        let reference = ArxivReference(id: "2306.03805", version: 2)
        #expect(reference.absURL == "https://arxiv.org/abs/2306.03805")
        #expect(reference.pdfURL == "https://arxiv.org/pdf/2306.03805")
    }

    @Test("categories look like cs.LG, stat.ML, hep-th or a whole archive")
    func categories() {
        for good in ["cs.LG", "stat.ML", "hep-th", "astro-ph.CO", "cs", "q-bio.NC"] {
            #expect(ArxivIdentifier.isCategory(good), "\(good)")
        }
        for bad in ["", "cs.", ".LG", "cs LG", "cs.LG.x", "cs/LG", "42"] {
            #expect(!ArxivIdentifier.isCategory(bad), "\(bad)")
        }
    }

    @Test(
        "timestamps give the UTC day, whatever zone they are written in",
        arguments: [
            ("2023-06-06T17:59:03.000Z", "2023-06-06"),
            ("2023-06-06T17:59:03Z", "2023-06-06"),
            ("2023-06-06", "2023-06-06"),
            ("2003-07-07T13:46:39-04:00", "2003-07-07"),
            ("2024-06-04T23:30:00.000-04:00", "2024-06-05"),
            ("2024-01-01T01:00:00+02:00", "2023-12-31"),
            ("2024-02-28T22:00:00-0300", "2024-02-29"),
            ("2024-06-04T12:00", "2024-06-04"),
            ("2024-06-04 21:59:43.10 -5", "2024-06-05"),
            ("2024-06-04 10:00:00 +02:00", "2024-06-04"),
        ])
    func utcDays(text: String, day: String) {
        #expect(Timestamp.utcDay(text) == Day(iso: day))
    }

    @Test(
        "texts that are not timestamps give no day",
        arguments: [
            "June 5", "2024-13-01", "2024-02-30T00:00:00Z", "2024-06-04T25:00:00Z", "2024-06-04T12:00:00Q",
            "2024-06-04T12:00:00Zx", "2024-06-04T12:00:00 +", "2024-06-04T12:00:00 x", "",
        ])
    func notTimestamps(text: String) {
        #expect(Timestamp.utcDay(text) == nil)
    }
}
