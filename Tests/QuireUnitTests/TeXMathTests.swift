import Foundation
import Testing

@testable import QuireCore
@testable import QuireLoading
@testable import QuirePublishing

@Suite("TeX math to MathML and plain text")
struct TeXMathTests {
    /// The formula of a one-formula text as MathML.
    private func mathML(_ text: String) -> String { MathText.html(text) }

    @Test("the issue's formulas become MathML that keeps every brace, and readable Unicode")
    func issueExamples() {
        let tilde = mathML("$\\tilde{O}(ε^{-2})$")
        #expect(tilde.contains(#"<mover accent="true"><mi>O</mi><mo>~</mo></mover>"#))
        #expect(tilde.contains("<msup><mi>ε</mi><mrow><mo>−</mo><mn>2</mn></mrow></msup>"))
        #expect(tilde.contains(#"<annotation encoding="application/x-tex">\tilde{O}(ε^{-2})</annotation>"#))
        #expect(MathText.plainText("$\\tilde{O}(ε^{-2})$") == "Õ(ε⁻²)")

        let fraction = mathML("$\\frac{\\sqrt{n}}{\\varepsilon_2^{2}}$")
        #expect(
            fraction.contains(
                "<mfrac><msqrt><mi>n</mi></msqrt><msubsup><mi>ε</mi><mn>2</mn><mn>2</mn></msubsup></mfrac>"))
        #expect(MathText.plainText("$\\frac{\\sqrt{n}}{\\varepsilon_2^{2}}$") == "√n/ε₂²")

        #expect(mathML("$\\mathbf{x}$").contains("<mi>𝐱</mi>"))
        #expect(MathText.plainText("a $δ$-function") == "a δ-function")
        #expect(MathText.plainText("HyperZ$\\cdot$Z$\\cdot$W") == "HyperZ⋅Z⋅W")
    }

    @Test("all four delimiters are read, displayed math gets display=block")
    func delimiters() {
        #expect(mathML("\\(x\\)").hasPrefix("<math><semantics>"))
        #expect(mathML("\\[x\\]").hasPrefix(#"<math display="block">"#))
        #expect(mathML("$$x$$").hasPrefix(#"<math display="block">"#))
        #expect(mathML("$x$").hasPrefix("<math><semantics>"))
    }

    @Test("prices and escaped dollars are text, not math")
    func notMath() {
        #expect(MathSpans.all(in: "it costs $5 to $10 per run").isEmpty)
        #expect(MathSpans.all(in: "between $ 5 and 6 $").isEmpty)
        #expect(MathSpans.all(in: "a \\$ sign and $x$").count == 1)
        #expect(MathText.html("$5 & up") == "$5 &amp; up")
    }

    @Test("a formula outside the subset is shown as written, in full")
    func outsideSubset() {
        let html = mathML("a $\\begin{pmatrix} a & b \\end{pmatrix}$ b")
        #expect(html == #"a <span class="tex">$\begin{pmatrix} a &amp; b \end{pmatrix}$</span> b"#)
        #expect(mathML("$\\frac{1}{2$") == #"<span class="tex">$\frac{1}{2$</span>"#)
    }

    @Test("left/right, accents, fonts, operators and text are in the subset")
    func subset() {
        for tex in [
            "\\left( \\frac{a}{b} \\right)", "\\hat{y}_i", "\\bar{x}", "\\vec{v}", "\\mathcal{L}", "\\mathbb{E}[X]",
            "\\text{if } x > 0", "\\sum_{i=1}^{n} x_i", "\\log n \\leq \\alpha", "\\sqrt[3]{x}", "\\|x\\|_2",
            "\\operatorname{softmax}(z)", "a \\times b \\cdot c", "\\Omega(n^2)", "x' \\to \\infty",
        ] {
            #expect(TeXMathParser.parse(tex) != nil, "\(tex)")
        }
        #expect(MathText.plainText("$\\mathbb{R}^d$") == "ℝᵈ")
        #expect(MathText.plainText("$O(n \\log n)$") == "O(n log n)")
        #expect(MathText.plainText("$\\lambda \\geq 0$") == "λ ≥ 0")
    }

    @Test("issue 23's formulas: \\colon, an operator's braced argument, \\operatorname* and \\mathrm in a script")
    func issue23Formulas() {
        let colon = mathML("$f\\colon\\mathbb R^n\\to\\mathbb R$")
        #expect(
            colon.contains(#"<mi>f</mi><mo lspace="0em" rspace="0.1667em">:</mo><msup><mi>ℝ</mi><mi>n</mi></msup>"#))
        #expect(MathText.plainText("$f\\colon\\mathbb R^n\\to\\mathbb R$") == "f: ℝⁿ → ℝ")

        let log = mathML("$O(K^2\\log{(N/K)}/p^3)$")
        #expect(log.contains(#"<mi>log</mi><mrow><mo stretchy="false">(</mo><mi>N</mi>"#))
        #expect(log.contains(#"<mi>N</mi><mo lspace="0em" rspace="0em" stretchy="false">/</mo><mi>K</mi>"#))
        #expect(MathText.plainText("$O(K^2\\log{(N/K)}/p^3)$") == "O(K² log (N/K)/p³)")

        let argmax = mathML("$\\operatorname*{arg\\,max}_x f(x)$")
        #expect(argmax.contains("<msub><mi>arg max</mi><mi>x</mi></msub><mi>f</mi>"))
        #expect(MathText.plainText("$\\operatorname*{arg\\,max}_x f(x)$") == "arg maxₓ f(x)")

        #expect(mathML("$x_{\\mathrm{max}}$").contains("<msub><mi>x</mi><mi>max</mi></msub>"))
        #expect(mathML("$\\mathcal{O}_{\\rm KL}$").contains("<msub><mi>𝒪</mi><mi>KL</mi></msub>"))
    }

    @Test("a braced group is one node, and a braced symbol is spaced as a letter, as in TeX")
    func groups() {
        #expect(mathML("${D}^{3}$").contains("<msup><mrow><mi>D</mi></mrow><mn>3</mn></msup>"))
        let number = mathML("$N{=}1{,}918$")
        #expect(number.contains(#"<mrow><mo lspace="0em" rspace="0em">,</mo></mrow><mn>918</mn>"#))
        #expect(MathText.plainText("$N{=}1{,}918$") == "N=1,918")
        #expect(MathText.plainText("${\\sim}20$") == "∼20")
        #expect(TeXMathParser.parse("{a}}") == nil)
    }

    @Test("binomials, negations, \\pmod, \\unicode, old font switches and text inside text")
    func moreCommands() {
        #expect(
            mathML("$\\binom{n}{k}$").contains(
                #"<mo fence="true" form="prefix">(</mo><mfrac linethickness="0"><mi>n</mi><mi>k</mi></mfrac>"#))
        #expect(MathText.plainText("$\\binom{n}{k}$") == "(n choose k)")
        #expect(MathText.plainText("$p \\not\\equiv 1 \\pmod{4}$") == "p ≢ 1 (mod 4)")
        #expect(MathText.plainText("$a \\not= b, x \\not\\in S$") == "a ≠ b, x ∉ S")
        #expect(mathML("$a\\unicode{x2013}b$").contains("<mi>a</mi><mo>–</mo><mi>b</mi>"))
        #expect(TeXMathParser.parse("\\unicode{x0}") == nil)
        #expect(mathML("${\\rm d}x$").contains(#"<mrow><mi mathvariant="normal">d</mi></mrow><mi>x</mi>"#))
        #expect(mathML("$\\bm{x}$").contains("<mi>𝒙</mi>"))
        #expect(mathML("$\\text{\\textbf{Recall} 50\\%}$").contains("<mtext>Recall 50%</mtext>"))
        #expect(mathML("$a \\text{ vs  } b$").contains("<mtext>\u{A0}vs\u{A0}\u{A0}</mtext>"))
        #expect(mathML("$ψ_{\\mbox{\\tiny b}}$").contains("<msub><mi>ψ</mi><mtext>b</mtext></msub>"))
        #expect(mathML("$\\xrightarrow{f}$").contains("<mover><mo>→</mo><mi>f</mi></mover>"))
        #expect(MathText.plainText("$a\\mkern18mu b$") == "a b")
    }

    @Test("an operator right before a digit still closes its formula: `$\\le$32B`, `1.76$\\pm$0.08`")
    func operatorBeforeDigit() {
        let text = "mid-size models ($\\le$32B parameters) reach GPT-4o ($\\sim$90\\%), 1.76$\\pm$0.08 px"
        #expect(MathSpans.all(in: text).count == 3)
        #expect(MathText.plainText(text) == "mid-size models (≤32B parameters) reach GPT-4o (∼90\\%), 1.76±0.08 px")
        #expect(MathSpans.all(in: "from $5-$10 a month").isEmpty)
    }

    @Test("the loader's LaTeX repair leaves math exactly as written and still repairs the text around it")
    func repairSkipsMath() {
        #expect(
            TextNormalizer.normalize("We use $\\mathbf{x}$ and {\\delta}, pruning 13\\% of weights.")
                == "We use $\\mathbf{x}$ and δ, pruning 13% of weights.")
        #expect(
            TextNormalizer.normalize("\\(\\frac{\\sqrt{n}}{\\varepsilon_2^{2}}\\) is \\emph{tight}")
                == "\\(\\frac{\\sqrt{n}}{\\varepsilon_2^{2}}\\) is tight")
    }

    @Test("abstracts keep their autolinks and escaping around MathML")
    func abstractHTML() {
        let html = MathText.html(
            "See https://x.org for $a_1 * b$ and <tags>.", rendering: MarkdownRenderer().html(plainText:))
        #expect(html.contains(#"<a href="https://x.org">https://x.org</a>"#))
        #expect(html.contains("<msub><mi>a</mi><mn>1</mn></msub><mo>∗</mo><mi>b</mi>"))
        #expect(html.contains("&lt;tags&gt;"))
    }

    @Test("twelve formulas in one abstract each come back in their place, two-digit placeholders included")
    func manyFormulas() {
        let text = (0..<12).map { "step \($0): $x_{\($0)} + \\alpha$;" }.joined(separator: " ")
        // With escaping as the renderer, the paragraph must equal the one-line rendering.
        #expect(MathText.html(text, rendering: HTMLEscaping.escaped) == MathText.html(text))
        #expect(MathText.html(text, rendering: HTMLEscaping.escaped).contains("<mn>11</mn>"))
        // Private-use characters the text itself holds are not formulas, and stay.
        let privateUse = "a \u{E000}\u{E011}\u{E001} and \u{E000}\u{E010}\u{E011}\u{E001} $y$"
        #expect(MathText.html(privateUse, rendering: HTMLEscaping.escaped) == MathText.html(privateUse))
    }

    @Test("slugs hold no TeX command name")
    func slugs() {
        #expect(SiteModel.baseSlug(MathText.plainText("HyperZ$\\cdot$Z$\\cdot$W Operator")) == "hyperz-z-w-operator")
        #expect(SiteModel.baseSlug(MathText.plainText("MedS$^3$: Small Models")) == "meds3-small-models")
        #expect(
            SiteModel.baseSlug(MathText.plainText("Learning $\\mathbf{x}$ in $\\mathbb{R}^d$")) == "learning-x-in-rd")
    }

    @Test("the quick check for math finds $, \\( and \\[ anywhere, and nothing in text without them")
    func quickCheck() {
        #expect(MathSpans.mayContainMath("costs $5"))
        #expect(MathSpans.mayContainMath("a \\(x\\) b"))
        #expect(MathSpans.mayContainMath(String(repeating: "é", count: 300) + "\\[x\\]"))
        #expect(!MathSpans.mayContainMath("\\"))
        #expect(!MathSpans.mayContainMath("a \\textit{b} \\ c\\"))
        #expect(!MathSpans.mayContainMath(""))
    }
}
