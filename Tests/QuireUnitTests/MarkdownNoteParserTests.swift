import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading

/// Parses `Fixtures/sources/notes/<name>` for a site with the topics `pruning` and `agents`.
private func parse(_ name: String) throws -> ParsedSource {
    MarkdownNoteParser(knownTopics: ["pruning", "agents"])
        .parse(try TestPaths.bytes(TestPaths.fixture("sources/notes/" + name)), path: "notes/" + name)
}

@Suite("MarkdownNoteParser")
struct MarkdownNoteParserTests {
    @Test(
        "front matter gives title, arXiv id (here from a URL), link, date, topics, authors and tags; the body is the note"
    )
    func valid() throws {
        let parsed = try parse("valid.md")
        #expect(parsed.diagnostics == [])
        let entry = try #require(parsed.entries.first)
        #expect(entry.title == "Sparse Experts Are Fast Learners")
        #expect(entry.location.description == "notes/valid.md:2")
        #expect(entry.date == Day(iso: "2024-06-03"))
        #expect(entry.byline == .authors(count: 2))
        var expected = PaperDetails(arxiv: ArxivReference(id: "2406.01234", version: 2))
        expected.authors = ["Mara Lindqvist", "Tomás Okafor"]
        expected.link = "https://example.org/sparse-experts"
        expected.tags = ["moe", "reading group"]
        expected.topics = ["pruning", "agents"]
        expected.notes = [
            CuratorNote(
                markdown: "Worth reading for the **routing** section alone.\n\n- No auxiliary loss.",
                location: SourceLocation(path: "notes/valid.md", line: 1))
        ]
        #expect(entry.details == expected)
    }

    @Test("a note may name its paper by arXiv id alone, and a single topic may be written without brackets")
    func idOnly() throws {
        let parsed = try parse("id-only.md")
        #expect(parsed.diagnostics == [])
        let entry = try #require(parsed.entries.first)
        #expect(entry.title == "")
        #expect(entry.details.arxiv?.id == "2406.02468")
        #expect(entry.details.topics == ["pruning"])
        #expect(entry.details.notes.map(\.markdown) == ["A note on a paper that another source names."])
    }

    @Test("bad fields are reported with their line and left out; the note itself is kept")
    func problems() throws {
        let parsed = try parse("problems.md")
        #expect(
            parsed.diagnostics.map(\.description) == [
                "notes/problems.md:3: warning: '2406.123' is not an arXiv id such as 2306.03805 (or an arxiv.org/abs URL); ignored",
                "notes/problems.md:4: warning: 'June 3' is not a date such as 2023-06-06; ignored",
                "notes/problems.md:5: warning: url 'javascript:alert(1)' is not an absolute http(s) URL; ignored",
                "notes/problems.md:6: warning: unknown topic 'prunning' is ignored; did you mean 'pruning'?",
                "notes/problems.md:6: warning: unknown topic 'robotics' is ignored; the topics in quire.yml are pruning, agents",
                "notes/problems.md:7: warning: 'authors' should be a list, found a mapping; ignored",
                "notes/problems.md:8: warning: unknown front matter key 'tagz' is ignored; did you mean 'tags'?",
            ])
        let entry = try #require(parsed.entries.first)
        #expect(entry.title == "A Note With Problems")
        #expect(
            entry.date == nil && entry.details.arxiv == nil && entry.details.link == nil && entry.details.authors == [])
        #expect(entry.details.topics == ["pruning"] && entry.details.tags == ["kept"])
        #expect(entry.details.notes.map(\.markdown) == ["The note itself is fine."])
    }

    @Test(
        "a note that cannot be read is reported and skipped",
        arguments: [
            (
                "no-front-matter.md",
                "notes/no-front-matter.md:1: warning: no front matter: a note starts with a '---' line, then its fields (title, arxiv, date, …), then another '---' line; skipped"
            ),
            (
                "unclosed.md",
                "notes/unclosed.md:1: warning: the front matter is not closed: add a '---' line after its fields; skipped"
            ),
            (
                "bad-yaml.md",
                "notes/bad-yaml.md:3: warning: invalid YAML in the front matter: while parsing a flow sequence starting here, did not find expected ',' or ']' at line 4; skipped"
            ),
            (
                "list-front-matter.md",
                "notes/list-front-matter.md:1: warning: the front matter should be fields such as 'title: …', found a list; skipped"
            ),
            (
                "toml-front-matter.md",
                "notes/toml-front-matter.md:1: warning: TOML front matter ('+++') is not read: write the fields as YAML between '---' lines; skipped"
            ),
            (
                "no-title.md",
                "notes/no-title.md:1: warning: a note needs a title or an arxiv id to say which paper it is about; skipped"
            ),
        ])
    func unreadable(name: String, diagnostic: String) throws {
        let parsed = try parse(name)
        #expect(parsed.entries.isEmpty)
        #expect(parsed.diagnostics.map(\.description) == [diagnostic])
    }
}
