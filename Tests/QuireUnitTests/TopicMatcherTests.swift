import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading

/// What a matcher found, as comparable values: (topic slug, matched keywords).
private func matches(_ rules: [TopicRule], title: String, abstract: String = "") -> [String] {
    TopicMatcher(rules: rules).match(title: title, abstract: abstract).map { match in
        "\(rules[match.topic].slug): \(match.keywords.joined(separator: ", "))"
    }
}

private let rl = TopicRule(slug: "rl", title: "RL", keywords: ["reward model", "ppo"])
private let moe = TopicRule(slug: "moe", title: "MoE", keywords: ["MoE", "mixture of experts"])
private let pruning = TopicRule(slug: "pruning", title: "Pruning", keywords: ["pruning"])

@Suite("TopicMatcher")
struct TopicMatcherTests {
    @Test(
        "a keyword matches only as a whole word",
        arguments: [
            ("We train a reward model.", ["rl: reward model"]),
            ("We train reward models.", []),
            ("A rewardmodel is not a reward model split", ["rl: reward model"]),
            ("Structured pruning.", ["pruning: pruning"]),
            ("(pruning)", ["pruning: pruning"]),
            ("pruning-aware training", ["pruning: pruning"]),
            ("unpruning and prunings", []),
            ("pruning2 and 2pruning", []),
            ("pruning_aware", ["pruning: pruning"]),
        ])
    func wholeWords(text: String, expected: [String]) {
        #expect(matches([rl, pruning], title: text) == expected)
    }

    @Test("matching ignores ASCII case on both sides")
    func caseInsensitive() {
        #expect(matches([moe], title: "A moe layer") == ["moe: MoE"])
        #expect(matches([moe], title: "A MOE layer") == ["moe: MoE"])
        #expect(matches([moe], title: "Sparse Mixture Of Experts") == ["moe: mixture of experts"])
        #expect(matches([pruning], title: "PRUNING") == ["pruning: pruning"])
    }

    @Test("a multi-word keyword needs its words with single spaces between them")
    func multiWord() {
        #expect(matches([moe], title: "a mixture of experts model") == ["moe: mixture of experts"])
        #expect(matches([moe], title: "a mixture  of experts model") == [])
        #expect(matches([moe], title: "a mixture-of-experts model") == [])
        #expect(matches([moe], title: "a mixture of expertsmodel") == [])
    }

    @Test("an exclude keyword removes the topic even when a keyword matches")
    func exclude() {
        let rule = TopicRule(
            slug: "diffusion", title: "Diffusion", keywords: ["diffusion"], exclude: ["diffusion of innovations"])
        #expect(
            matches([rule, pruning], title: "Diffusion models", abstract: "pruning") == [
                "diffusion: diffusion", "pruning: pruning",
            ])
        #expect(
            matches([rule, pruning], title: "Diffusion models", abstract: "The diffusion of innovations; pruning.") == [
                "pruning: pruning"
            ])
        #expect(matches([rule], title: "The diffusion of innovationsx") == ["diffusion: diffusion"])
    }

    @Test("title and abstract are separate: a keyword does not match across the line between them")
    func titleAbstractBoundary() {
        #expect(matches([rl], title: "Training a reward", abstract: "model for agents") == [])
        #expect(matches([pruning], title: "Title", abstract: "pruning") == ["pruning: pruning"])
        #expect(matches([pruning], title: "pruning", abstract: "Abstract") == ["pruning: pruning"])
        #expect(matches([pruning], title: "un", abstract: "pruning") == ["pruning: pruning"])
        #expect(matches([pruning], title: "pruning", abstract: "") == ["pruning: pruning"])
    }

    @Test("matched keywords are returned in rule order, once each, and topics in rule order")
    func ruleOrder() {
        let rule = TopicRule(slug: "rl", title: "RL", keywords: ["ppo", "reward model", "dpo", "grpo"])
        #expect(
            matches(
                [pruning, rule], title: "GRPO beats PPO", abstract: "and a reward model, and ppo again, and pruning")
                == ["pruning: pruning", "rl: ppo, reward model, grpo"])
        #expect(TopicMatcher(rules: [pruning, rule]).match(title: "ppo pruning", abstract: "").map(\.topic) == [0, 1])
    }

    @Test("keywords that share a prefix all match where they end on a word boundary")
    func sharedPrefixes() {
        let rule = TopicRule(slug: "d", title: "D", keywords: ["distill", "distillation", "distilled"])
        #expect(
            matches([rule], title: "We distill; distillation of distilled models") == [
                "d: distill, distillation, distilled"
            ])
        #expect(matches([rule], title: "distilling") == [])
    }

    @Test("non-ASCII letters around a keyword count as word boundaries (ASCII-only folding)")
    func nonASCII() {
        #expect(matches([pruning], title: "épruning") == ["pruning: pruning"])
        #expect(matches([moe], title: "MOÉ") == [])
    }

    @Test("a paper matching no rule has no topics, and no rules match nothing")
    func noMatch() {
        #expect(matches([rl, moe, pruning], title: "Attention is all you need") == [])
        #expect(TopicMatcher(rules: []).match(title: "pruning", abstract: "").isEmpty)
    }

    @Test("the example site's rules put papers under their topics and the rest under Other")
    func exampleSiteTopics() throws {
        let (config, diagnostics) = ConfigLoader().load(path: TestPaths.exampleSite + "/quire.yml")
        #expect(diagnostics.isEmpty)
        let model = SiteModel(corpus: SeedCorpus.corpus, config: config)
        #expect(model.topics.map(\.rule.slug) == config.topics.map(\.slug) + ["other"])
        #expect(model.topics.last?.isFallback == true)
        let matcher = TopicMatcher(rules: config.topics)
        for paper in model.papers {
            let expected = matcher.match(title: paper.title, abstract: paper.record.abstract).map(\.topic)
            #expect(
                paper.topics.map(\.topic) == (expected.isEmpty ? [config.topics.count] : expected), "\(paper.title)")
        }
        let essential = model.papers.first { $0.title.hasPrefix("The Emergence of Essential Sparsity") }
        #expect(
            essential.map {
                $0.topics.map { "\(model.topics[$0.topic].rule.slug): \($0.keywords.joined(separator: ", "))" }
            }
                == [
                    "pruning: pruning, prune, sparsity, sparsification, lottery ticket",
                    "curriculum-data: pre-training data",
                ])
    }
}
