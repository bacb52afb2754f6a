import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading

private func parse(_ yaml: String) -> (SiteConfig, [String]) {
    let (config, diagnostics) = ConfigLoader().parse(yaml, path: "quire.yml")
    return (config, diagnostics.map(\.description))
}

@Suite("ConfigLoader")
struct ConfigLoaderTests {
    @Test("the example site's quire.yml loads with no diagnostics and 15 topics")
    func exampleSite() throws {
        let (config, diagnostics) = ConfigLoader().load(path: TestPaths.exampleSite + "/quire.yml")
        #expect(diagnostics.map(\.description) == [])
        #expect(config.title == "Training Notes")
        #expect(
            config.description
                == "Papers on training, tuning and compressing neural networks, collected from Hugging Face Daily Papers."
        )
        #expect(config.baseURL == "http://localhost:8000/")
        #expect(config.language == "en")
        #expect(config.author == "The Quire project")
        #expect(config.pageSize == 20)
        #expect(config.feedLimit == 50)
        #expect(config.digestDates.isEmpty)
        #expect(config.topics.count == 15)
        #expect(
            config.topics.map(\.slug) == [
                "pruning", "quantization", "distillation", "fine-tuning", "continual-learning",
                "reinforcement-learning", "reasoning",
                "multimodal", "diffusion", "3d-vision", "distributed-training", "machine-unlearning",
                "mixture-of-experts",
                "retrieval-ranking", "curriculum-data",
            ])
        let moe = try #require(config.topics.first { $0.slug == "mixture-of-experts" })
        #expect(
            moe
                == TopicRule(
                    slug: "mixture-of-experts", title: "Mixture of Experts", description: nil,
                    keywords: ["mixture of experts", "mixture-of-experts", "moe", "expert routing"]))
        #expect(config.topics.first?.title == "Pruning & Sparsity")
    }

    @Test("fetch: lists the sources quire fetch fetches; mistakes are reported with their line")
    func fetchSources() {
        let (config, diagnostics) = parse(
            """
            fetch:
              hf: true
              arxiv: ["cat:cs.LG AND abs:pruning", "ti:sparse"]
            """)
        #expect(diagnostics == [])
        #expect(
            config.fetch == FetchSources(huggingFace: true, arxivQueries: ["cat:cs.LG AND abs:pruning", "ti:sparse"]))
        #expect(parse("fetch: {arxiv: \"cat:cs.CV\"}").0.fetch == FetchSources(arxivQueries: ["cat:cs.CV"]))
        #expect(parse("title: x").0.fetch.isEmpty)
        let (wrong, problems) = parse("fetch:\n  hf: often\n  arxive: [x]\n")
        #expect(wrong.fetch.isEmpty)
        #expect(
            problems == [
                "quire.yml:2: warning: 'fetch: hf' should be true or false, found 'often'; Hugging Face is not fetched",
                "quire.yml:3: warning: unknown fetch key 'arxive'; did you mean 'arxiv'?",
            ])
        #expect(
            parse("fetch: yes").1 == [
                "quire.yml:1: warning: 'fetch' should be a mapping such as {hf: true, arxiv: [\"cat:cs.LG\"]}, found 'yes'; nothing is fetched by `quire fetch`"
            ])
    }

    @Test("related, author_pages, author_aliases and author_split are read; mistakes are reported with their line")
    func relatedAndAuthors() {
        let (config, diagnostics) = parse(
            """
            related: 3
            author_pages: 1
            author_aliases:
              "Tri Dao": ["T. Dao", "Tri  Dao"]
              "Christopher Ré": "Chris Ré"
            author_split:
              "Wei Wang": [[2301.00001, "arXiv:2302.00002v2"], [2303.00003]]
              "Li Zhang": [2304.00004]
            """)
        #expect(diagnostics == [])
        #expect(config.relatedCount == 3)
        #expect(config.authorPages == 1)
        #expect(config.authorAliases == ["Tri Dao": ["T. Dao", "Tri  Dao"], "Christopher Ré": ["Chris Ré"]])
        #expect(
            config.authorSplit == [
                "Wei Wang": [["2301.00001", "2302.00002"], ["2303.00003"]], "Li Zhang": [["2304.00004"]],
            ])
        let defaults = parse("title: x").0
        #expect(defaults.relatedCount == 5 && defaults.authorPages == 2)
        let (wrong, problems) = parse(
            """
            related: -1
            author_pages: many
            author_aliases:
              "A B": ["a  b"]
              "A C": ["a  b"]
            author_split:
              "X": [[nonsense], [2301.00001], [2301.00001]]
            """)
        #expect(wrong.relatedCount == 5 && wrong.authorPages == 2)
        #expect(wrong.authorSplit == ["X": [["2301.00001"]]])
        #expect(
            problems == [
                "quire.yml:1: warning: 'related' must be at least 0; the default is used",
                "quire.yml:2: warning: 'author_pages' should be a whole number, found 'many'; the default is used",
                "quire.yml:5: warning: author_aliases: 'a  b' is already a spelling of 'A B'; it stays with 'A B'",
                "quire.yml:7: warning: author_split: 'nonsense' is not an arXiv id such as 2306.03805; it is ignored",
                "quire.yml:7: warning: author_split: 2301.00001 is in two groups of 'X'; the first keeps it",
            ])
    }

    @Test("fetch: arxiv_listing names the categories of the announcement feed; a value that is no category is reported")
    func fetchListing() {
        let (config, diagnostics) = parse("fetch:\n  arxiv_listing: [cs.CL, cs.LG]\n")
        #expect(diagnostics == [])
        #expect(config.fetch == FetchSources(arxivListingCategories: ["cs.CL", "cs.LG"]))
        #expect(!config.fetch.isEmpty)
        #expect(parse("fetch: {arxiv_listing: cs.CL}").0.fetch.arxivListingCategories == ["cs.CL"])
        let (wrong, problems) = parse("fetch:\n  arxiv_listing:\n    - cs.CL\n    - \"cat:cs.LG\"\n")
        #expect(wrong.fetch.arxivListingCategories == ["cs.CL"])
        #expect(
            problems == [
                "quire.yml:4: warning: 'cat:cs.LG' is not an arXiv category such as cs.LG or stat.ML; it is ignored"
            ])
    }

    @Test("arxiv_announce names the announce types that list a paper; new and cross by default; others are reported")
    func announceTypes() {
        #expect(parse("title: x").0.arxivAnnounce == [.new, .cross])
        let (config, diagnostics) = parse("arxiv_announce: [new, cross, replace, replace-cross]\n")
        #expect(diagnostics == [])
        #expect(config.arxivAnnounce == [.new, .cross, .replace, .replaceCross])
        let (wrong, problems) = parse("arxiv_announce:\n  - new\n  - replaced\n")
        #expect(wrong.arxivAnnounce == [.new])
        #expect(
            problems == [
                "quire.yml:3: warning: arxiv_announce: 'replaced' is not an announce type of arXiv's feeds (new, cross, replace, replace-cross, absonly); it is ignored"
            ])
        #expect(
            parse("arxiv_announce: new").1 == [
                "quire.yml:1: warning: 'arxiv_announce' should be a list of announce types such as [new, cross], found 'new'; new and cross list papers"
            ])
    }

    @Test("select and hide are read; an empty select or an unknown select key is reported")
    func selectAndHide() {
        let (config, diagnostics) = parse(
            """
            select:
              keywords: [Pruning, quantization]
              categories: [cs.LG]
              exclude: [survey]
              min_upvotes: 5
            hide: [2306.03805v2, "A Title"]
            """)
        #expect(diagnostics == [])
        #expect(
            config.selection
                == SelectionRule(
                    keywords: ["pruning", "quantization"], categories: ["cs.LG"], exclude: ["survey"], minUpvotes: 5))
        #expect(config.hidden == ["2306.03805", "A Title"])
        let (wrong, problems) = parse("select:\n  keyword: [x]\n")
        #expect(wrong.selection == nil)
        #expect(
            problems == [
                "quire.yml:2: warning: unknown select key 'keyword'; did you mean 'keywords'?",
                "quire.yml:2: warning: select has no keywords, categories, exclude or min_upvotes; every paper is published",
            ])
    }

    @Test("every setting is read with its type")
    func allSettings() {
        let (config, diagnostics) = parse(
            """
            title: "My Papers"
            description: A list.
            base_url: https://example.org/reading
            language: de
            author: Ada
            page_size: 0
            feed_limit: 7
            digest_dates:
              002_a.txt: 2025-07-29
            topics:
              - slug: rl
                title: Reinforcement Learning
                description: Rewards.
                keywords: [PPO, "Reward Model"]
                exclude: [Reward Hacking]
            """)
        #expect(diagnostics == [])
        #expect(config.title == "My Papers")
        #expect(config.description == "A list.")
        #expect(config.baseURL == "https://example.org/reading/")
        #expect(config.language == "de")
        #expect(config.author == "Ada")
        #expect(config.pageSize == 0)
        #expect(config.feedLimit == 7)
        #expect(config.digestDates == ["002_a.txt": day(2025, 7, 29)])
        #expect(
            config.topics == [
                TopicRule(
                    slug: "rl", title: "Reinforcement Learning", description: "Rewards.",
                    keywords: ["ppo", "reward model"], exclude: ["reward hacking"])
            ])
    }

    @Test("an unknown key is reported with its line and the closest known key")
    func unknownKeyWithSuggestion() {
        let (config, diagnostics) = parse("title: Notes\ntitel: Other\npage_sise: 3\n")
        #expect(config.title == "Notes")
        #expect(config.pageSize == 25)
        #expect(
            diagnostics == [
                "quire.yml:2: warning: unknown key 'titel'; did you mean 'title'?",
                "quire.yml:3: warning: unknown key 'page_sise'; did you mean 'page_size'?",
            ])
    }

    @Test("an unknown key far from every known one lists the known keys")
    func unknownKeyWithoutSuggestion() {
        let (_, diagnostics) = parse("title: Notes\n\ncolour: red\n")
        #expect(
            diagnostics == [
                "quire.yml:3: warning: unknown key 'colour'; known keys: title, description, base_url, language, author, page_size, feed_limit, opml_feed_format, digest_dates, topics, trusted_folders, arxiv_announce, fetch, related, author_pages, author_aliases, author_split, select, hide"
            ])
    }

    @Test("an unknown topic key is reported with its line and the closest topic key")
    func unknownTopicKey() {
        let (config, diagnostics) = parse("topics:\n  - slug: rl\n    keyword: [ppo]\n    keywords: [ppo]\n")
        #expect(config.topics.map(\.slug) == ["rl"])
        #expect(diagnostics == ["quire.yml:3: warning: unknown topic key 'keyword'; did you mean 'keywords'?"])
    }

    @Test("values of the wrong type are reported with their line and the defaults are kept")
    func wrongTypes() {
        let (config, diagnostics) = parse(
            """
            title: [a, b]
            page_size: many
            feed_limit: 0
            language: {a: 1}
            base_url: ftp://example.org/
            digest_dates: 2025-07-29
            topics: yes
            """)
        #expect(config.title == "Quire")
        #expect(config.pageSize == 25)
        #expect(config.feedLimit == 50)
        #expect(config.baseURL == "http://localhost:8000/")
        #expect(config.topics == [])
        #expect(
            diagnostics == [
                "quire.yml:1: warning: 'title' should be a string, found a list; the default is used",
                "quire.yml:2: warning: 'page_size' should be a whole number, found 'many'; the default is used",
                "quire.yml:3: warning: 'feed_limit' must be at least 1; the default is used",
                "quire.yml:4: warning: 'language' should be a string, found a mapping; the default is used",
                "quire.yml:5: warning: base_url 'ftp://example.org/' is not an absolute http(s) URL; the default is used",
                "quire.yml:6: warning: 'digest_dates' should be a mapping of file name to YYYY-MM-DD, found '2025-07-29'; the default is used",
                "quire.yml:7: warning: 'topics' should be a list of topics, found 'yes'; the default is used",
            ])
    }

    @Test(
        "a base_url holding what a URL must percent-encode is refused, naming the character",
        arguments: [
            (#"https://example.org/a{b}/"#, "'{'"), (#"https://example.org/a\\b/"#, "'\\'"),
            (#"https://example.org/100%/"#, "'%'"),
            (#"https://example.org/a%2/"#, "'%'"), (#"https://example.org/a\x01b/"#, "U+0001"),
            (#"https://example.org/a\u0085b/"#, "U+0085"),
            (#"https://example.org/a\u00A0b/"#, "U+00A0"), (#"https://example.org/a|b/"#, "'|'"),
            (#"https://example.org/a`b/"#, "'`'"),
        ])
    func baseURLWithUnescapedCharacters(url: String, character: String) {
        let (config, diagnostics) = parse("base_url: \"\(url)\"\n")
        #expect(config.baseURL == "http://localhost:8000/")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.hasPrefix("quire.yml:1: warning: base_url '") == true)
        #expect(
            diagnostics.first?.hasSuffix(
                "' is not an absolute http(s) URL: it holds \(character), which a URL must percent-encode; the default is used"
            ) == true)
    }

    @Test("a base_url with percent-escapes, quotes and letters beyond ASCII is kept")
    func baseURLWithEscapes() {
        let (config, diagnostics) = parse("base_url: \"https://example.org/a%20b/it's/caf\\u00e9\"\n")
        #expect(diagnostics == [])
        #expect(config.baseURL == "https://example.org/a%20b/it's/café/")
    }

    @Test("a negative page size is reported and the default kept")
    func negativePageSize() {
        let (config, diagnostics) = parse("page_size: -1\n")
        #expect(config.pageSize == 25)
        #expect(diagnostics == ["quire.yml:1: warning: 'page_size' must be at least 0; the default is used"])
    }

    @Test("control characters in texts pages show are reported and left out; tabs and newlines stay")
    func controlCharacters() {
        let (config, diagnostics) = parse(
            """
            title: "Notes \\x01& Papers\\e"
            description: "Line one\\nline two\\x85"
            topics:
              - slug: pruning
                title: "Pruning\\b"
                keywords: [pruning]
            """)
        #expect(config.title == "Notes & Papers")
        #expect(config.description == "Line one\nline two")
        #expect(config.topics.map(\.title) == ["Pruning"])
        #expect(
            diagnostics == [
                "quire.yml:1: warning: 'title' holds control characters, which no page or feed can show; they are left out",
                "quire.yml:2: warning: 'description' holds control characters, which no page or feed can show; they are left out",
                "quire.yml:5: warning: 'title' holds control characters, which no page or feed can show; they are left out",
            ])
    }

    @Test("a digest_dates entry that is not YYYY-MM-DD is reported with its line")
    func badDigestDate() {
        let (config, diagnostics) = parse("digest_dates:\n  a.txt: 2025-07-29\n  b.txt: July 29\n  c.txt: 2025-02-30\n")
        #expect(config.digestDates == ["a.txt": day(2025, 7, 29)])
        #expect(
            diagnostics == [
                "quire.yml:3: warning: digest_dates: 'b.txt' needs a date as YYYY-MM-DD",
                "quire.yml:4: warning: digest_dates: 'c.txt' needs a date as YYYY-MM-DD",
            ])
    }

    @Test("YAML that does not parse is an error at the line where the unclosed construct starts")
    func invalidYAML() {
        let (config, diagnostics) = parse("title: Notes\ntopics:\n  - slug: [rl\n    title: RL\n")
        #expect(config.title == "Quire")
        #expect(
            diagnostics == [
                "quire.yml:3: error: invalid YAML: while parsing a flow sequence starting here, did not find expected ',' or ']' at line 4"
            ])
    }

    @Test("a tab used for indentation is an error with its line")
    func tabIndentation() {
        let (_, diagnostics) = parse("title: Notes\ntopics:\n\t- slug: rl\n")
        #expect(diagnostics == ["quire.yml:3: error: invalid YAML: found character that cannot start any token"])
    }

    @Test("a configuration that is not a mapping is an error")
    func notAMapping() {
        let (_, diagnostics) = parse("- title\n- page_size\n")
        #expect(
            diagnostics == [
                "quire.yml:1: error: the configuration must be a mapping of keys (`title: …`), found a list"
            ])
    }

    @Test("a topic without keywords is ignored with a warning at the topic's line")
    func topicWithoutKeywords() {
        let (config, diagnostics) = parse(
            """
            topics:
              - slug: rl
                keywords: [ppo]
              - slug: empty
                title: Empty
              - slug: blank
                keywords: []
            """)
        #expect(config.topics.map(\.slug) == ["rl"])
        #expect(
            diagnostics == [
                "quire.yml:4: warning: topic 'empty' has no keywords and would match nothing; it is ignored",
                "quire.yml:6: warning: topic 'blank' has no keywords and would match nothing; it is ignored",
            ])
    }

    @Test("keywords that are not a list are reported, then the topic is ignored for having none")
    func keywordsNotAList() {
        let (config, diagnostics) = parse("topics:\n  - slug: rl\n    keywords: ppo\n")
        #expect(config.topics == [])
        #expect(
            diagnostics == [
                "quire.yml:3: warning: 'keywords' should be a list of strings, found 'ppo'; the default is used",
                "quire.yml:2: warning: topic 'rl' has no keywords and would match nothing; it is ignored",
            ])
    }

    @Test("a second topic with the same slug is ignored with a warning at its line")
    func duplicateTopicSlug() {
        let (config, diagnostics) = parse(
            """
            topics:
              - slug: rl
                title: First
                keywords: [ppo]
              - slug: rl
                title: Second
                keywords: [dpo]
            """)
        #expect(config.topics.map(\.title) == ["First"])
        #expect(diagnostics == ["quire.yml:5: warning: topic 'rl' is defined twice; the second is ignored"])
    }

    @Test("topics without a slug or with a slug that is not a-z, 0-9 and '-' are ignored")
    func badTopicSlugs() {
        let (config, diagnostics) = parse(
            """
            topics:
              - title: No Slug
                keywords: [a]
              - slug: Big Topic
                keywords: [a]
            """)
        #expect(config.topics == [])
        #expect(
            diagnostics == [
                "quire.yml:2: warning: topic without a slug is ignored",
                "quire.yml:4: warning: topic slug 'Big Topic' may only contain a-z, 0-9 and '-'; the topic is ignored",
            ])
    }

    @Test("a duplicated key is an error at the line of the mapping that holds it")
    func duplicatedKey() {
        // Yams reports where the mapping starts, not where the second key is.
        let (_, diagnostics) = parse("title: A\ntitle: B\n")
        #expect(diagnostics == ["quire.yml:1: error: invalid YAML: duplicate key title"])
    }

    @Test("an empty file gives the defaults and no diagnostics")
    func emptyFile() {
        let (config, diagnostics) = parse("")
        #expect(diagnostics == [])
        #expect(config.title == "Quire")
        #expect(config.pageSize == 25)
        #expect(config.topics.isEmpty)
    }

    @Test("a missing file gives the defaults and a warning naming it")
    func missingFile() throws {
        let folder = try TemporaryFolder("quire-config")
        let path = folder.sub("quire.yml")
        let (config, diagnostics) = ConfigLoader().load(path: path)
        #expect(config.title == "Quire")
        #expect(diagnostics.map(\.severity) == [.warning])
        #expect(diagnostics.map(\.location) == [SourceLocation(path: path)])
        #expect(diagnostics.map(\.message) == ["no configuration file; using defaults"])
    }

    @Test("a file that is not UTF-8 is an error")
    func notUTF8() throws {
        let folder = try TemporaryFolder("quire-config")
        let path = try folder.write("quire.yml", bytes: [0x74, 0x3A, 0x20, 0xFF, 0xFE, 0x0A])
        let (_, diagnostics) = ConfigLoader().load(path: path)
        #expect(
            diagnostics.map(\.description) == [
                "\(path): error: the configuration file is not valid UTF-8; save it as UTF-8"
            ])
    }

    @Test(
        "a topic may match arXiv categories, with or without keywords; a malformed category is reported with its line")
    func categories() {
        let (config, diagnostics) = parse(
            """
            topics:
              - slug: vision
                title: Vision
                categories: [cs.CV, "eess.IV", cs LG, 42]
              - slug: learning
                title: Learning
                keywords: [training]
                categories: [cs]
              - slug: nothing
                categories: []
            """)
        #expect(
            diagnostics == [
                "quire.yml:4: warning: 'cs LG' is not an arXiv category such as cs.LG or stat.ML; it is ignored",
                "quire.yml:4: warning: '42' is not an arXiv category such as cs.LG or stat.ML; it is ignored",
                "quire.yml:9: warning: topic 'nothing' has no keywords and would match nothing; it is ignored",
            ])
        #expect(
            config.topics == [
                TopicRule(slug: "vision", title: "Vision", keywords: [], categories: ["cs.CV", "eess.IV"]),
                TopicRule(slug: "learning", title: "Learning", keywords: ["training"], categories: ["cs"]),
            ])
    }

    @Test("'categories' must be a list")
    func categoriesNotAList() {
        let (config, diagnostics) = parse("topics:\n  - slug: v\n    keywords: [x]\n    categories: cs.CV\n")
        #expect(
            diagnostics == [
                "quire.yml:4: warning: 'categories' should be a list of arXiv categories such as cs.LG, found 'cs.CV'; the default is used"
            ])
        #expect(config.topics.first?.categories == [])
    }
}
