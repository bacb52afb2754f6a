import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireKit
@testable import QuireLoading

/// Messages that once misled, each pinned to what it says now.
@Suite("Messages tell the truth")
struct MessageTests {
    @Test("a YAML error found at the end of a file says so, not a line past its last")
    func yamlErrorAtTheEnd() {
        let text = "title: \"Unclosed\ndescription: two\nauthor: three\n"
        let (_, diagnostics) = ConfigLoader().parse(text, path: "quire.yml")
        #expect(
            diagnostics.map(\.description) == [
                "quire.yml:1: error: invalid YAML: while scanning a quoted scalar starting here, found unexpected end of stream at the end of the file"
            ])
    }

    @Test("a first build refused by --strict says nothing was written, not that a previous output is unchanged")
    func strictFirstBuild() throws {
        let folder = try TemporaryFolder("quire-messages")
        try folder.write("site/quire.yml", "title: Strict\nunknown_key: 1\n")
        try folder.write("site/digests/a.txt", RedirectTests.digest(["A Paper"]))
        let builder = SiteBuilder(
            options: BuildOptions(
                siteDirectory: folder.sub("site"), outputDirectory: folder.sub("out"), strict: true,
                themeDirectory: TestPaths.theme, ledgerFile: folder.sub("ledger.yml")))
        #expect { try builder.build() } throws: {
            ($0 as? BuildFailure)?.reason == "the build failed: --strict and 1 warning; nothing was written"
        }
    }

    @Test("the check report counts one merged duplicate in the singular, and names a date line that is no date")
    func checkReport() throws {
        let folder = try TemporaryFolder("quire-messages")
        try folder.write("site/quire.yml", "title: Check\n")
        try folder.write("site/digests/a.txt", RedirectTests.digest(["A Paper", "A Paper"]))
        try folder.write("site/digests/b.txt", "new\n\nFeb 30\n\nOther Paper\n\nIts abstract.\n")
        let check = SiteBuilder(
            options: BuildOptions(
                siteDirectory: folder.sub("site"), themeDirectory: TestPaths.theme,
                ledgerFile: folder.sub("ledger.yml"))
        ).check()
        let report = check.reportLines.joined(separator: "\n")
        #expect(report.contains("2 (1 merged duplicate)"))
        #expect(
            report.contains(
                "\(folder.sub("site/digests/b.txt")): undated: its date line (line 3) is not a date that exists; pin it with digest_dates"
            ))
    }
}
