import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading

/// `Fixtures/sources/merge`: one paper described by a text digest (`a.txt`), an HF JSON file
/// (`b.json`), an arXiv export (`c.atom`) and a note (`d.md`) under a different title; two arXiv
/// papers with one title; and a paper only a text digest and a note (`e.md`) know.
@Suite("Merging papers across the four formats")
struct SourceMergeTests {
    static let folder = TestPaths.fixture("sources/merge")
    static let config: SiteConfig = {
        var config = SiteConfig()
        config.topics = [TopicRule(slug: "pruning", title: "Pruning", keywords: ["pruning"])]
        return config
    }()

    func load(_ folder: String = folder) -> Corpus {
        DigestLoader(config: Self.config).load(directory: folder)
    }

    @Test("a paper in all four formats is one record that keeps every listing and the note")
    func oneRecord() throws {
        let corpus = load()
        #expect(corpus.entryCount == 9)
        #expect(
            corpus.papers.map(\.title) == [
                "Sparse Experts are Fast Learners", "Scaling Laws Revisited", "Quiet Listing", "Scaling Laws Revisited",
            ])
        #expect(corpus.digests.map(\.fileName) == ["a.txt", "b.json", "c.atom"])
        #expect(corpus.digests.map(\.format) == [.hfText, .hfJSON, .arxivAtom])
        #expect(corpus.digests.map(\.papers) == [[0, 1, 2], [0], [0, 1, 3]])
        let paper = corpus.papers[0]
        #expect(
            paper.appearances.map(\.location.description) == [
                "\(Self.folder)/a.txt:7", "\(Self.folder)/b.json:/0", "\(Self.folder)/c.atom:13",
            ])
        #expect(paper.details?.notes.map(\.location.description) == ["\(Self.folder)/d.md:1"])
        #expect(paper.details?.notes.map(\.markdown) == ["The routing section is the reason to read this."])
        #expect(paper.details?.otherTitleKeys == ["sparse experts learn fast"])
    }

    @Test(
        "the richest source's title, abstract, date and authors win; counts take the highest; an organisation beats a count"
    )
    func fields() throws {
        let paper = load().papers[0]
        #expect(paper.key == "sparse experts are fast learners")
        #expect(
            paper.abstract
                == "We train a sparse mixture of experts and find that it learns quickly. Routing stays balanced without an auxiliary loss."
        )
        #expect(paper.date == Day(iso: "2024-06-03"))
        #expect(paper.upvotes == 9)
        #expect(paper.byline == .organization(handle: "nordlab", name: "Nord Lab"))
        let details = try #require(paper.details)
        #expect(details.arxiv == ArxivReference(id: "2406.01234", version: 2))
        #expect(details.authors == ["Mara Lindqvist", "Tomás Okafor", "Lena Vogt", "Sam Reyes"])
        #expect(details.categories == ["cs.LG", "cs.CL"])
        #expect(details.doi == "10.1234/example.5678")
        #expect(details.keywords == ["mixture of experts", "routing"])
        #expect(details.commentCount == 2)
        #expect(details.submittedBy == "Mara Lindqvist")
        #expect(details.topics == ["pruning"] && details.tags == ["moe"])
    }

    @Test(
        "two arXiv papers with one title stay apart; a listing without an id joins the first, and a note joins by title"
    )
    func titles() throws {
        let corpus = load()
        #expect(corpus.papers[1].arxiv?.id == "2406.11111")
        #expect(corpus.papers[3].arxiv?.id == "2406.22222")
        #expect(corpus.papers[1].appearances.map(\.digest) == [0, 2])
        #expect(corpus.papers[2].arxiv == nil)
        #expect(corpus.papers[2].date == Day(iso: "2024-06-01"))
        #expect(corpus.papers[2].details?.notes.count == 1)
        #expect(
            corpus.diagnostics.map(\.description) == [
                "\(Self.folder)/c.atom:43: note: 'Scaling Laws Revisited' is arXiv 2406.22222 here but a paper of the same title is arXiv 2406.11111 at \(Self.folder)/a.txt:15; they are kept as two papers"
            ])
    }

    @Test("the same papers come out whatever order the files are read in")
    func orderDoesNotMatter() throws {
        let folder = try TemporaryFolder("quire-merge-order")
        for (index, name) in ["e.md", "d.md", "c.atom", "b.json", "a.txt"].enumerated() {
            try folder.write("digests/\(index)-\(name)", bytes: try TestPaths.bytes(Self.folder + "/" + name))
        }
        /// A file's name without the order prefix.
        func name(_ path: String) -> String {
            String(path.split(separator: "/").last!.split(separator: "-").last!)
        }
        func grouping(_ corpus: Corpus) -> Set<[String]> {
            Set(
                corpus.papers.map { paper in
                    let listings = paper.appearances.map { name(corpus.digests[$0.digest].path) }
                    let notes = (paper.details?.notes ?? []).map { name($0.location.path) }
                    return [paper.title, paper.arxiv?.id ?? "-"] + (listings + notes).sorted()
                })
        }
        let reversed = load(folder.sub("digests"))
        #expect(grouping(reversed) == grouping(load()))
        #expect(reversed.papers.count == 4)
    }

    @Test(
        "a note that names its paper only by arXiv id takes the title of another source, and is skipped when none has it"
    )
    func noteByID() throws {
        let folder = try TemporaryFolder("quire-merge-id")
        try folder.write(
            "digests/a.json", String(decoding: try TestPaths.bytes(Self.folder + "/b.json"), as: UTF8.self))
        try folder.write("digests/n.md", "---\narxiv: 2406.01234v1\n---\nRead the routing section.\n")
        try folder.write("digests/orphan.md", "---\narxiv: 2406.99999\n---\nNo other source has this one.\n")
        let corpus = load(folder.sub("digests"))
        #expect(corpus.papers.map(\.title) == ["Sparse Experts Are Fast Learners"])
        #expect(corpus.papers.first?.details?.notes.map(\.markdown) == ["Read the routing section."])
        #expect(
            corpus.diagnostics.map(\.description) == [
                "\(folder.sub("digests"))/orphan.md:1: warning: no source gives a title for arXiv 2406.99999: add 'title' to this note; skipped"
            ])
    }

    @Test("text digests alone merge exactly as before: the seeds still give 276 papers")
    func textOnly() {
        #expect(SeedCorpus.corpus.papers.count == 276)
        #expect(SeedCorpus.corpus.papers.allSatisfy { $0.details == nil })
    }
}
