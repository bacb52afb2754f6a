import Foundation
import QuireTestSupport
import Testing

extension RenderingTests {
    @Suite("Counts of papers and listings")
    struct CountWordingTests {
        @Test("a count of one reads '1 paper' or '1 listing' on every page, and larger counts stay plural")
        func singular() throws {
            let site = try BuiltSite(site: TestPaths.fixture("sites/cjk"))
            func page(_ path: String) -> String { SiteInspection.text(site.output + "/" + path) }
            // Each of these has exactly one paper (see the fixture's quire.yml and b.txt).
            #expect(page("topics/attention/index.html").contains(#"<p class="count-line">1 paper · keywords"#))
            #expect(page("topics/index.html").contains(#"<p class="count-line">1 paper</p>"#))
            #expect(page("dates/2024/05/03/index.html").contains(#"<p class="count-line">1 paper listed"#))
            #expect(page("dates/2024/05/index.html").contains(#"<p class="count-line">1 listing</p>"#))
            #expect(page("digests/index.html").contains(#"<span class="count">1 paper</span>"#))
            #expect(page("digests/index.html").contains(#"<span class="count">5 papers</span>"#))
            #expect(page("dates/2024/index.html").contains(#"<p class="count-line">6 listings</p>"#))
            #expect(page("search/index.html").contains("organisations of 6 papers</label>"))
            let plural = try NSRegularExpression(pattern: #"(?<![0-9.,])1 (papers|listings)\b"#)
            for file in SiteInspection.files(in: site.output) where file.hasSuffix(".html") {
                let text = page(file)
                #expect(plural.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil, "\(file)")
            }
        }
    }
}
