/// The topics a paper gets from what its sources say rather than from its text: rules whose
/// `categories` name one of its arXiv categories (`cs.LG`, or a whole archive such as `cs`), unless
/// one of the rule's `exclude` words occurs in its title or abstract; and the topics a note names
/// in its front matter, which always apply.
struct SourceTopics: Sendable {
    private let rules: [TopicRule]
    private let indexBySlug: [String: Int]
    /// The rules' categories, lowercased, per topic.
    private let categories: [[String]]
    /// Finds the rules' exclusion words, for papers that match a rule by category alone.
    private let exclusions: TopicMatcher

    init(rules: [TopicRule]) {
        self.rules = rules
        indexBySlug = Dictionary(rules.enumerated().map { ($1.slug, $0) }, uniquingKeysWith: { first, _ in first })
        categories = rules.map { $0.categories.map { $0.lowercased() } }
        exclusions = TopicMatcher(rules: rules.map { TopicRule(slug: $0.slug, title: $0.title, keywords: $0.exclude) })
    }

    /// `matches` (from the paper's text) with the topics of its categories and notes added, in rule order.
    func add(to matches: TopicMatcher.Matches, for record: PaperRecord) -> TopicMatcher.Matches {
        guard let details = record.details, !details.categories.isEmpty || !details.topics.isEmpty else {
            return matches
        }
        var result = matches
        var excluded: Set<Int>?
        for (topic, ruleCategories) in categories.enumerated() where !ruleCategories.isEmpty {
            let found = details.categories.filter { category in
                let lowered = category.lowercased()
                return ruleCategories.contains { lowered == $0 || lowered.hasPrefix($0 + ".") }
            }
            guard !found.isEmpty else { continue }
            if let existing = result.firstIndex(where: { $0.topic == topic }) {
                result[existing].keywords += found
                continue
            }
            if !rules[topic].exclude.isEmpty {
                if excluded == nil {
                    excluded = Set(exclusions.match(title: record.title, abstract: record.abstract).map(\.topic))
                }
                if excluded!.contains(topic) { continue }
            }
            result.append((topic, found))
        }
        for slug in details.topics {
            guard let topic = indexBySlug[slug], !result.contains(where: { $0.topic == topic }) else { continue }
            result.append((topic, []))
        }
        return result.sorted { $0.topic < $1.topic }
    }
}
