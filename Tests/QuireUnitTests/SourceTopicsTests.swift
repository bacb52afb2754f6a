import Testing

@testable import QuireCore

@Suite("Topics from arXiv categories and notes")
struct SourceTopicsTests {
    static let rules = [
        TopicRule(slug: "vision", title: "Vision", keywords: ["image"], categories: ["cs.CV"]),
        TopicRule(slug: "stats", title: "Statistics", keywords: [], exclude: ["survey"], categories: ["stat"]),
        TopicRule(slug: "pruning", title: "Pruning", keywords: ["pruning"]),
    ]

    func topics(
        title: String = "A Paper", abstract: String = "Nothing to match.", categories: [String] = [],
        noteTopics: [String] = []
    ) -> [String] {
        var details = PaperDetails(arxiv: ArxivReference(id: "2406.01234"))
        details.categories = categories
        details.topics = noteTopics
        let record = PaperRecord(
            key: "a paper", title: title, abstract: abstract, date: nil, byline: nil, upvotes: nil,
            appearances: [], details: details)
        let matches = TopicMatcher(rules: Self.rules).match(title: title, abstract: abstract)
        return SourceTopics(rules: Self.rules).add(to: matches, for: record).map {
            "\(Self.rules[$0.topic].slug): \($0.keywords.joined(separator: ", "))"
        }
    }

    @Test("a rule's category matches exactly, ignoring case, and an archive matches its subcategories")
    func categoryMatches() {
        #expect(topics(categories: ["cs.CV"]) == ["vision: cs.CV"])
        #expect(topics(categories: ["CS.cv"]) == ["vision: CS.cv"])
        #expect(topics(categories: ["stat.ML", "cs.LG"]) == ["stats: stat.ML"])
        #expect(topics(categories: ["statistics.XX"]) == [])
        #expect(topics(categories: ["cs.LG"]) == [])
    }

    @Test("a category adds to the keywords that matched the same topic, in rule order")
    func withKeywords() {
        #expect(
            topics(abstract: "An image model with pruning.", categories: ["cs.CV"]) == [
                "vision: image, cs.CV", "pruning: pruning",
            ])
    }

    @Test("an exclude word in the text keeps a category match out")
    func exclusions() {
        #expect(topics(abstract: "A survey of estimators.", categories: ["stat.ME"]) == [])
    }

    @Test("a note's topics always apply, even against an exclude word, once each")
    func noteTopics() {
        #expect(topics(abstract: "A survey.", noteTopics: ["stats", "pruning", "stats"]) == ["stats: ", "pruning: "])
        #expect(topics(abstract: "About pruning.", noteTopics: ["pruning"]) == ["pruning: pruning"])
    }

    @Test("papers from text digests alone are left as the keywords put them")
    func textOnly() {
        let record = PaperRecord(
            key: "x", title: "Image pruning", abstract: "", date: nil, byline: nil, upvotes: nil, appearances: [])
        let matches = TopicMatcher(rules: Self.rules).match(title: record.title, abstract: record.abstract)
        #expect(SourceTopics(rules: Self.rules).add(to: matches, for: record).map(\.topic) == matches.map(\.topic))
    }
}
