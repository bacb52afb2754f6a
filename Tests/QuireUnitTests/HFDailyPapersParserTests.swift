import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading

/// Parses `Fixtures/sources/hf/<name>`; diagnostics name it `hf/<name>`.
private func parse(_ name: String) throws -> ParsedSource {
    HFDailyPapersParser().parse(try TestPaths.bytes(TestPaths.fixture("sources/hf/" + name)), path: "hf/" + name)
}

@Suite("HFDailyPapersParser")
struct HFDailyPapersParserTests {
    @Test(
        "a daily-papers response gives each paper's id, authors, UTC date, upvotes, comments, organisation and keywords"
    )
    func fullEntry() throws {
        let parsed = try parse("daily-papers.json")
        #expect(parsed.diagnostics == [])
        #expect(
            parsed.entries.map(\.location.description) == [
                "hf/daily-papers.json:/0", "hf/daily-papers.json:/1", "hf/daily-papers.json:/2",
            ])
        let first = try #require(parsed.entries.first)
        #expect(first.title == "Sparse Experts Are Fast Learners")
        #expect(
            first.abstract
                == "We train a sparse mixture of experts and find that it learns quickly.\nRouting stays balanced without an auxiliary loss."
        )
        #expect(first.date == Day(iso: "2024-06-03"))
        #expect(first.upvotes == 9)
        #expect(first.byline == .organization(handle: "nordlab", name: "Nord Lab"))
        #expect(first.details.arxiv == ArxivReference(id: "2406.01234"))
        // Names are normalized; a hidden author (an unclaimed HF account) is still an author.
        #expect(first.details.authors == ["Mara Lindqvist", "Tomás Okafor"])
        #expect(first.details.keywords == ["mixture of experts", "routing", "auxiliary loss"])
        #expect(first.details.commentCount == 2)
        #expect(first.details.submittedBy == "Mara Lindqvist")
    }

    @Test("optional fields may be missing, and the entry's own title and summary stand in for the paper's")
    func sparseEntries() throws {
        let parsed = try parse("daily-papers.json")
        let second = parsed.entries[1], third = parsed.entries[2]
        // 23:30 at UTC-4 is the next day in UTC.
        #expect(second.date == Day(iso: "2024-06-05"))
        #expect(second.byline == .authors(count: 3))
        #expect(second.details.keywords == [] && second.details.submittedBy == nil)
        #expect(third.title == "Title Only At The Top")
        #expect(third.abstract == "The entry's own title and summary stand in for the paper's.")
        #expect(third.byline == nil)
        #expect(third.upvotes == 3 && third.details.commentCount == 1)
    }

    @Test("the entry's own title is shown when it is the paper's title with its math, which the paper's lacks")
    func titleWithMath() throws {
        let parsed = try parse("title-with-math.json")
        #expect(parsed.diagnostics == [])
        #expect(
            parsed.entries.map(\.title) == [
                "L$^2$M: Mutual Information Scaling Law for Long-Context Language Modeling",
                "Routing Tokens by Their Difficulty",
            ])
        // The paper keeps the key of `paper.title`, which every earlier version recorded.
        #expect(
            parsed.entries.map(\.keyTitle) == [
                "L^2M: Mutual Information Scaling Law for Long-Context Language Modeling", nil,
            ])
        let folder = try TemporaryFolder("quire-hf-title")
        try folder.write(
            "digests/2025-03-07.json", bytes: try TestPaths.bytes(TestPaths.fixture("sources/hf/title-with-math.json")))
        let corpus = DigestLoader(config: SiteConfig()).load(directory: folder.sub("digests"))
        let paper = try #require(corpus.papers.first { $0.arxiv?.id == "2503.04725" })
        #expect(paper.title == "L$^2$M: Mutual Information Scaling Law for Long-Context Language Modeling")
        #expect(paper.key == "l 2m mutual information scaling law for long context language modeling")
    }

    @Test("the file is dated by the day Hugging Face listed its papers, or by a day dump's 'date'")
    func ownDate() throws {
        let list = try parse("daily-papers.json")
        #expect(list.ownDate == Day(iso: "2024-06-05"))
        #expect(list.ownDateDescription == "the day Hugging Face listed its papers (their 'publishedAt')")
        let day = try parse("day.json")
        #expect(day.ownDate == Day(iso: "2024-06-05"))
        #expect(day.entries.map(\.location.description) == ["hf/day.json:/dailyPapers/0"])
        #expect(day.diagnostics == [])
    }

    @Test("a bare paper object (/api/papers/{id}) is read as one entry")
    func barePaper() throws {
        let parsed = try parse("bare-paper.json")
        #expect(parsed.diagnostics == [])
        #expect(parsed.entries.map(\.title) == ["Pruning Without Retraining"])
        #expect(parsed.entries.first?.details.arxiv?.id == "2406.02468")
        #expect(parsed.entries.first?.location.description == "hf/bare-paper.json")
    }

    @Test("fields of the wrong type are reported with their JSON pointer; the rest of the entry is kept")
    func wrongTypes() throws {
        let parsed = try parse("wrong-types.json")
        let file = "hf/wrong-types.json"
        #expect(
            parsed.diagnostics.map(\.description) == [
                "\(file):/0/paper/title: warning: 'title' should be a string, found a number; entry skipped",
                "\(file):/1/paper/id: warning: 'not-an-id' is not an arXiv id such as 2306.03805; the paper is identified by its title",
                "\(file):/1/paper/authors: warning: 'authors' should be a list, found a string; ignored",
                "\(file):/1/paper/publishedAt: warning: 'June 5' is not a date and time such as 2023-06-06T17:59:03.000Z; ignored",
                "\(file):/1/paper/upvotes: warning: 'upvotes' should be a whole number of at least 0, found a string; ignored",
                "\(file):/1/numComments: warning: 'numComments' should be a whole number of at least 0, found -1; ignored",
                "\(file):/1/paper/ai_keywords/1: warning: an item of 'ai_keywords' should be a string, found a number; ignored",
                "\(file):/1/organization: warning: 'organization' should be an object, found a string; ignored",
                "\(file):/1/submittedBy: warning: 'submittedBy' should be an object, found a list; ignored",
                "\(file):/2: warning: an entry should be an object, found a string; skipped",
                "\(file):/3/paper: warning: 'paper' should be an object, found a list; entry skipped",
                "\(file):/4: warning: entry has no title ('paper.title'); skipped",
                "\(file):/5/paper/title: warning: the title is empty; entry skipped",
                "\(file):/6/paper/authors/1: warning: an author should be an object with a 'name', found a number; skipped",
            ])
        #expect(parsed.entries.map(\.title) == ["Fields Of The Wrong Type", "Authors Of Mixed Kinds"])
        #expect(parsed.entries[0].details.arxiv == nil && parsed.entries[0].details.keywords == ["pruning"])
        #expect(parsed.entries[1].details.authors == ["Ines Duarte", "Kofi Mensah"])
    }

    @Test(
        "a file that is not a daily-papers response is reported and skipped",
        arguments: [
            (
                "syntax-error.json",
                "hf/syntax-error.json:5: warning: not valid JSON (Invalid value); expected a Hugging Face daily-papers API response (a JSON list of papers); skipped"
            ),
            (
                "truncated.json",
                "hf/truncated.json: warning: not valid JSON (Unexpected end of file during JSON parse); expected a Hugging Face daily-papers API response (a JSON list of papers); skipped"
            ),
            (
                "not-a-list.json",
                "hf/not-a-list.json: warning: expected a Hugging Face daily-papers API response (a JSON list of papers), found an object with 'error'; skipped"
            ),
            (
                "wrong-shape.json",
                "hf/wrong-shape.json: warning: expected a Hugging Face daily-papers API response (a JSON list of papers), found a list of objects without 'paper' (with 'arxiv_url', 'summary', 'title', 'translation', 'url'); skipped"
            ),
            (
                "empty.json",
                "hf/empty.json: warning: empty file; expected a Hugging Face daily-papers API response (a JSON list of papers)"
            ),
        ])
    func notAResponse(name: String, diagnostic: String) throws {
        let parsed = try parse(name)
        #expect(parsed.entries.isEmpty)
        #expect(parsed.diagnostics.map(\.description) == [diagnostic])
    }

    @Test("in a list of entries, an object with neither a 'paper' object nor a paper's 'id' is skipped")
    func entryWithoutPaper() {
        let json = #"""
            [{"paper": {"id": "2406.01234", "title": "Margins"}},
             {"title": "A Curator's Line", "summary": "Not an entry.", "url": "https://example.org/x"}]
            """#
        let parsed = HFDailyPapersParser().parse(Array(json.utf8), path: "hf/mixed.json")
        #expect(parsed.entries.map(\.title) == ["Margins"])
        #expect(parsed.skippedEntries == 1)
        #expect(
            parsed.diagnostics.map(\.description) == ["hf/mixed.json:/1: warning: entry has no 'paper' object; skipped"]
        )
    }

    @Test("a URL broken over lines is joined; a value that is still no http(s) URL is left out, with its pointer")
    func sourceURLs() {
        let json = #"""
            [{"paper": {"id": "2406.01234", "title": "Margins",
              "githubRepo": "https://github.com/sirano1004/\nMargin-Aware",
              "projectPage": "javascript:alert(1)",
              "mediaUrls": ["https://a.io/x.png", "not a url", "https:// a.io /y.png"]}}]
            """#
        let parsed = HFDailyPapersParser().parse(Array(json.utf8), path: "hf/links.json")
        #expect(
            parsed.diagnostics.map(\.description) == [
                "hf/links.json:/0/paper/projectPage: warning: 'projectPage' should be an http(s) URL, found 'javascript:alert(1)'; ignored",
                "hf/links.json:/0/paper/mediaUrls/1: warning: 'mediaUrls' should be an http(s) URL, found 'not a url'; ignored",
            ])
        let details = parsed.entries.first?.details
        #expect(details?.githubRepo == "https://github.com/sirano1004/Margin-Aware")
        #expect(details?.projectPage == nil)
        #expect(details?.mediaURLs == ["https://a.io/x.png", "https://a.io/y.png"])
    }

    @Test("SourceURL keeps only absolute http(s) URLs, without the whitespace inside them")
    func sourceURLCheck() {
        #expect(
            SourceURL.checked("https://github.com/sirano1004/\nMargin-Aware")
                == "https://github.com/sirano1004/Margin-Aware")
        #expect(SourceURL.checked(" HTTP://a.io/x\t ") == "HTTP://a.io/x")
        for bad in [
            "javascript:alert(1)", "garbage", "https://", "ftp://a.io", "https://a.io/\"onmouseover=x", "//a.io",
        ] {
            #expect(SourceURL.checked(bad) == nil, "\(bad)")
        }
    }
}
