import Foundation

/// `Fixtures/hostile/injection`, whose titles, abstracts, organisation names, config values and
/// even a digest's file name carry script tags, event handlers, attribute breakouts,
/// `javascript:` and `data:` links and `]]>`: what it holds, for the tests that build it and
/// check every written file (QuireSiteTests) and open it in a browser (QuireEndToEndTests).
package enum InjectionSite {
    package static let fixture = TestPaths.fixture("hostile/injection")
    package static let evilFileName = "\"><img src=x onerror=alert(20)>.txt"
    package static let siteTitle = "Quire <script>alert('site title')</script> & \"Co\""
    package static let topicTitle = "<img src=x onerror=alert(6)>Scripts & \"Alerts\""

    /// The fixture's papers by slug, newest first: title and organisation as written.
    package static let papers: [(slug: String, title: String, organization: String?)] = [
        ("a-paper-in-an-evil-file", "A Paper In An Evil File", nil),
        (
            "script-alert-title-script-attention-is-all-you-need",
            "<script>alert(\"title\")</script> Attention Is All You Need",
            "<script>alert(6)</script>"
        ),
        ("cdata-script-alert-7-script-breakout", "CDATA ]]><script>alert(7)</script> Breakout", nil),
        (
            "quotes-onmouseover-alert-8-and-onfocus-alert-9-title",
            "Quotes \" onmouseover=\"alert(8)\" and ' onfocus='alert(9)' Title",
            "\"><svg/onload=alert(17)> Org"
        ),
        ("javascript-alert-18", "javascript:alert(18)", nil),
        // `$x^2_y$` is math: its plain form is `x_y²`.
        (
            "braces-note-input-etc-passwd-misc-evil-write18-rm-rf-1-x-y2",
            #"Braces }} , note = {\input{/etc/passwd}} @misc{evil, % \write18{rm -rf ~} #1 x_y² ~ \"#,
            "}, url = {javascript:alert(21)}, x = {"
        ),
    ]

    /// The fixture site plus a digest with a hostile file name, copied to `site` in `folder`;
    /// returns the site's folder.
    package static func copy(into folder: TemporaryFolder) throws -> String {
        try FileManager.default.copyItem(atPath: fixture, toPath: folder.sub("site"))
        try folder.write(
            "site/digests/" + evilFileName,
            "new\n\nApr 14\n\nA Paper In An Evil File\n\nIts abstract.\n\n  • 2 authors\n·\nJun 7, 2023\n")
        return folder.sub("site")
    }

    /// Group 1 of every match of `pattern` in `text`.
    package static func matches(_ pattern: String, in text: String) -> [String] {
        let expression = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range(at: 1), in: text)!])
        }
    }
}
