import Testing

@testable import QuireCore
@testable import QuireLoading

@Suite("TextNormalizer and LatexRepair")
struct TextNormalizerTests {
    @Test(
        "unambiguous LaTeX leftovers are repaired",
        arguments: [
            (#"a gain of 13\% overall"#, "a gain of 13% overall"),
            (#"T\"ULU 3"#, "TÜLU 3"),
            (#"Rozi\`ere et al."#, "Rozière et al."),
            (#"Ma\~{n}ana and caf\'e"#, "Mañana and café"),
            (#"a {\delta} margin"#, "a δ margin"),
            (#"a {\"o} umlaut"#, "a ö umlaut"),
            (#"\alpha{} and \Omega"#, "α and Ω"),
            (#"model \textit{agnostic} method"#, "model agnostic method"),
            (#"\textbf{bold \emph{and} nested}"#, "bold and nested"),
            (#"code at \url{https://x.org}"#, "code at https://x.org"),
            (#"released\footnote{https://a.io/.}"#, "released (https://a.io/.)"),
            (#"released \footnote{https://a.io/.}"#, "released (https://a.io/.)"),
            (#"see \href{https://a.io}{the site}"#, "see the site (https://a.io)"),
            ("code: https://github.com/a/B{https://github.com/a/B}", "code: https://github.com/a/B"),
            (
                "code: https://github.com/a/B{https://github.com/a/C}",
                "code: https://github.com/a/B{https://github.com/a/C}"
            ),
            (#"a ``back-off" strategy"#, "a “back-off” strategy"),
            ("the ``seesaw'' effect", "the “seesaw” effect"),
            ("a `single' quote", "a ‘single’ quote"),
            ("e.g.~on images", "e.g. on images"),
            ("i.e.~3 models", "i.e. 3 models"),
            ("a gain of ~14% only", "a gain of ~14% only"),
            ("word~word", "word~word"),
            (#"our \model beats \model-L"#, #"our \model beats \model-L"#),
            (##"\$5 and 1\_000 and \#1 and R\&D"##, "$5 and 1_000 and #1 and R&D"),
            ("{plain braces} stay", "{plain braces} stay"),
            ("a trailing backslash \\", "a trailing backslash \\"),
            ("don't touch apostrophes", "don't touch apostrophes"),
            ("WordNet synsets such as `cat.n.01` and `dog.n.01`", "WordNet synsets such as `cat.n.01` and `dog.n.01`"),
            ("a `single' quote and `code`", "a ‘single’ quote and `code`"),
            (#"GPT-4o\'s answers"#, "GPT-4o's answers"),
            (#"the models\' outputs, 2024\'s best, we can\'t"#, "the models' outputs, 2024's best, we can't"),
            (#"caf\'e and Caf\'{e}"#, "café and Café"),
            (#"na\"{\i}vely and na\"\i ve"#, "naïvely and naï ve"),
            (#"na\"{i}ve"#, "naïve"),
            (#"10\,000 tokens"#, "10 000 tokens"),
            (#"a 7B\nobreakdash-parameter model"#, "a 7B-parameter model"),
            (#"accuracy 71.2 \pm 0.4"#, "accuracy 71.2 ± 0.4"),
            (#"within $\pm 1$"#, #"within $\pm 1$"#),
        ])
    func latexRepair(input: String, expected: String) {
        #expect(TextNormalizer.normalize(input) == expected)
    }

    @Test("a tie after a full stop before a command becomes a space")
    func tieBeforeCommand() {
        #expect(TextNormalizer.normalize(#"cf.~\textit{magnitude} pruning"#) == "cf. magnitude pruning")
    }

    @Test("runs of whitespace collapse to one space and the ends are trimmed")
    func whitespace() {
        #expect(TextNormalizer.normalize("  a \t b\n\n c\u{00A0}\u{2003}d  ") == "a b c d")
        #expect(TextNormalizer.normalize("one two") == "one two")
        #expect(TextNormalizer.normalize("   ") == "")
        #expect(TextNormalizer.normalize("") == "")
    }

    @Test("control characters are dropped")
    func controlCharacters() {
        #expect(TextNormalizer.normalize("a\u{0007}b\u{001B}c") == "abc")
    }

    @Test("decomposed letters are composed to NFC")
    func nfc() {
        let composed = TextNormalizer.normalize("TU\u{0308}LU")
        #expect(composed == "TÜLU")
        #expect(Array(composed.unicodeScalars) == ["T", "\u{00DC}", "L", "U"])
        #expect(Array(TextNormalizer.normalize("Nystro\u{0308}m").unicodeScalars).count == 7)
    }

    @Test("non-ASCII letters are kept as they are")
    func nonASCIIKept() {
        let title = "DεpS: Delayed ε-Shrinking for Faster Once-For-All Training"
        #expect(TextNormalizer.normalize(title) == title)
        #expect(TextNormalizer.normalize("TÜLU 3: Pushing Frontiers") == "TÜLU 3: Pushing Frontiers")
        #expect(
            TextNormalizer.normalize("NLoRA: Nyström-Initiated Low-Rank Adaptation")
                == "NLoRA: Nyström-Initiated Low-Rank Adaptation")
    }

    @Test("a seed title with dollar signs and an unknown macro is left as written")
    func hyperZTitle() {
        let title = #"HyperZ$\cdot$Z$\cdot$W Operator Connects Slow-Fast Networks for Full Context Interaction"#
        #expect(TextNormalizer.normalize(title) == title)
    }

    @Test("the merge key ignores case, punctuation and spacing")
    func mergeKey() {
        #expect(TitleKeys.key(forTitle: "Deep Model Assembling") == "deep model assembling")
        #expect(TitleKeys.key(forTitle: "  deep   MODEL-assembling! ") == "deep model assembling")
        #expect(TitleKeys.key(forTitle: "Don't Stop Pretraining?") == "don t stop pretraining")
        #expect(TitleKeys.key(forTitle: "TÜLU 3: Pushing Frontiers") == "tülu 3 pushing frontiers")
        #expect(TitleKeys.key(forTitle: "DεpS: Delayed ε-Shrinking") == "dεps delayed ε shrinking")
        #expect(TitleKeys.key(forTitle: "?!…") == "")
        #expect(
            TitleKeys.key(forTitle: "Qwen2.5 Technical Report") != TitleKeys.key(forTitle: "Qwen2 5x Technical Report"))
    }
}
