import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading
@testable import QuirePublishing

extension RenderingTests {
    @Suite("MarkdownRenderer")
    struct MarkdownRendererTests {
        let renderer = MarkdownRenderer()

        // MARK: - Plain text (abstracts)

        /// `plainParagraph` skips cmark for most abstracts: it must give cmark's bytes whenever it
        /// answers, and leave to cmark every text it would not render alike.
        @Test("a one-line abstract is rendered without cmark exactly as cmark renders it")
        func plainParagraphMatchesCmark() throws {
            let corpus = DigestLoader(config: SiteConfig()).load(directory: TestPaths.seeds)
            var texts = corpus.papers.flatMap { [$0.abstract, MathText.plainText($0.abstract), $0.title] }
            texts += [
                "a *b* _c_ <script>alert(1)</script> & d", "x < y > z & \"q\" 'a'", "1. not a list", "# heading",
                "- item", "> quote", "    code", "a\\b and \\*", "&amp; stays", "ε and Ü", "=", "---", "a  b   c",
                "ends with a backslash\\", "[x]: /url", "see www.example.org", "WWW.EXAMPLE.ORG", "mail a@b.org",
                "https://x.org/a_b", "a\u{00A0}", "\u{00A0}a", "a\u{2028}b", "<!-- c -->", "~~s~~ | t |", "`x`",
                "\\# escaped", "tab\tin", "two\nlines", " lead", "trail ", "&#x27; &copy; &nbsp;",
            ]
            var fast = 0
            for text in texts {
                guard let paragraph = MarkdownRenderer.plainParagraph(text) else { continue }
                fast += 1
                #expect(paragraph == renderer.html(markdown: MarkdownRenderer.escapeMarkdown(text)), "\(text)")
            }
            #expect(fast > corpus.papers.count, "the plain path was taken \(fast) times")
        }

        @Test(
            "plain text keeps Markdown and HTML characters literal, escaped for HTML",
            arguments: [
                (
                    "a *b* _c_ <script>alert(1)</script> & d",
                    "<p>a *b* _c_ &lt;script&gt;alert(1)&lt;/script&gt; &amp; d</p>\n"
                ),
                ("x < y > z & \"q\" 'a'", "<p>x &lt; y &gt; z &amp; &quot;q&quot; 'a'</p>\n"),
                ("1. not a list", "<p>1. not a list</p>\n"),
                ("# not a heading", "<p># not a heading</p>\n"),
                ("- not an item", "<p>- not an item</p>\n"),
                ("`code` ~~s~~ | a | b | [x](y) ![i](j)", "<p>`code` ~~s~~ | a | b | [x](y) ![i](j)</p>\n"),
                ("a\\b and \\*", "<p>a\\b and \\*</p>\n"),
                ("&amp; stays &amp;", "<p>&amp;amp; stays &amp;amp;</p>\n"),
                ("ε and Ü", "<p>ε and Ü</p>\n"),
            ])
        func literalPlainText(text: String, html: String) {
            #expect(renderer.html(plainText: text) == html)
        }

        @Test(
            "URLs in plain text become links, keeping underscores and leaving a trailing full stop out",
            arguments: [
                (
                    "Code at https://github.com/VITA-Group/essential_sparsity.",
                    #"<p>Code at <a href="https://github.com/VITA-Group/essential_sparsity">https://github.com/VITA-Group/essential_sparsity</a>.</p>"#
                        + "\n"
                ),
                (
                    "See (https://a.io/x_y) now",
                    #"<p>See (<a href="https://a.io/x_y">https://a.io/x_y</a>) now</p>"# + "\n"
                ),
                (
                    "Demo: www.example.org/a_b.",
                    #"<p>Demo: <a href="http://www.example.org/a_b">www.example.org/a_b</a>.</p>"# + "\n"
                ),
                (
                    "https://x.org/a*b*c first",
                    #"<p><a href="https://x.org/a*b*c">https://x.org/a*b*c</a> first</p>"# + "\n"
                ),
                ("released (https://a.io/.)", #"<p>released (<a href="https://a.io/">https://a.io/</a>.)</p>"# + "\n"),
                (
                    "q https://x.org/?a=1&b=2 end",
                    #"<p>q <a href="https://x.org/?a=1&amp;b=2">https://x.org/?a=1&amp;b=2</a> end</p>"# + "\n"
                ),
            ])
        func links(text: String, html: String) {
            #expect(renderer.html(plainText: text) == html)
        }

        @Test("a URL right after a character other than a space or '(' is linked without escape backslashes")
        func linkAfterPunctuation() {
            let html = renderer.html(plainText: "Code:https://github.com/a/b_c.")
            #expect(html == #"<p>Code:<a href="https://github.com/a/b_c">https://github.com/a/b_c</a>.</p>"# + "\n")
            for text in [#"Code: "https://x.org/a_b"."#, "Code [https://x.org/a_b]."] {
                let quoted = renderer.html(plainText: text)
                #expect(!quoted.contains("\\") && !quoted.contains("%5C"), "\(quoted)")
            }
        }

        @Test("a URL directly followed by '<' is linked without a trailing backslash, and the text after it kept")
        func linkBeforeAngleBracket() {
            let html = renderer.html(plainText: "Code https://x.org/a_b<br> next")
            // The autolink extension would take the backslash escaping '<' into the link, so the
            // escaper separates the two with a space.
            #expect(html == #"<p>Code <a href="https://x.org/a_b">https://x.org/a_b</a> &lt;br&gt; next</p>"# + "\n")
        }

        @Test("escapeMarkdown leaves a URL after a space verbatim, whatever punctuation it holds")
        func escapeKeepsURLs() {
            let escaped = MarkdownRenderer.escapeMarkdown("a_b *c* https://x.org/a_b.c*d~e d.")
            #expect(escaped.contains(" https://x.org/a_b.c*d~e "))
            #expect(!escaped.contains("a_b *c*"))
        }

        // MARK: - Markdown

        @Test("Markdown renders emphasis, autolinks and strikethrough")
        func markdown() {
            #expect(
                renderer.html(markdown: "*em* **strong** ~~gone~~ http://x.org")
                    == #"<p><em>em</em> <strong>strong</strong> <del>gone</del> <a href="http://x.org">http://x.org</a></p>"#
                    + "\n")
        }

        @Test("raw HTML in Markdown is dropped, inline and as a block")
        func rawHTMLDropped() {
            #expect(
                renderer.html(markdown: "<b>bold</b> and <script>x</script>")
                    == "<p><!-- raw HTML omitted -->bold<!-- raw HTML omitted --> and <!-- raw HTML omitted -->x<!-- raw HTML omitted --></p>\n"
            )
            #expect(renderer.html(markdown: "<div onclick=\"x()\">\nblock\n</div>") == "<!-- raw HTML omitted -->\n")
        }

        @Test(
            "javascript:, vbscript: and non-image data: links lose their target",
            arguments: [
                "[x](javascript:alert(1))", "[x](JAVASCRIPT:alert(1))", "[x](vbscript:msgbox)",
                "[x](data:text/html,hi)",
            ])
        func unsafeLinks(markdown: String) {
            #expect(renderer.html(markdown: markdown) == "<p><a href=\"\">x</a></p>\n")
        }

        @Test("image data: URLs are kept")
        func imageDataURL() {
            #expect(
                renderer.html(markdown: "![i](data:image/png;base64,AA)")
                    == "<p><img src=\"data:image/png;base64,AA\" alt=\"i\" /></p>\n")
        }

        @Test("renders the same HTML on many threads at once")
        func concurrentRendering() {
            let text = "We release code at https://github.com/a/b_c and a demo at www.example.org now."
            let expected =
                #"<p>We release code at <a href="https://github.com/a/b_c">https://github.com/a/b_c</a> and a demo at <a href="http://www.example.org">www.example.org</a> now.</p>"#
                + "\n"
            #expect(renderer.html(plainText: text) == expected)
            let count = 20_000
            let matches = UnsafeMutableBufferPointer<Bool>.allocate(capacity: count)
            defer { matches.deallocate() }
            let slots = UnsafeSendable(matches)
            DispatchQueue.concurrentPerform(iterations: count) { index in
                slots.value[index] = MarkdownRenderer().html(plainText: text) == expected
            }
            let wrong = matches.filter { !$0 }.count
            // cmark-gfm edits a process-wide table of special characters around every parse;
            // MarkdownRenderer serializes parsing so that concurrent renderings keep their links.
            #expect(wrong == 0, "\(wrong) of \(count) renderings lost their links")
        }

        @Test("empty input gives empty output")
        func empty() {
            #expect(renderer.html(markdown: "") == "")
            #expect(renderer.html(plainText: "") == "")
        }
    }
}
