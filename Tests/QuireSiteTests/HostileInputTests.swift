import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireKit
@testable import QuireLoading
@testable import QuireOutput

/// The corpus of broken and hostile digests, one file per case.
private let hostile = TestPaths.fixture("hostile/digests")

private func path(_ name: String) -> String { hostile + "/" + name }

/// Loads one digest the way a build does: read, parse, date, normalize.
private func load(_ name: String, folder: String = hostile, reader: InputFile.Reader? = nil)
    -> DigestLoader.LoadedDigest
{
    var loader = DigestLoader(config: SiteConfig())
    if let reader { loader.readFile = reader }
    // Dated as a site of this one file would be.
    var digests = [loader.load(DigestLoader.Source(path: folder + "/" + name, fileName: name))]
    DigestDating.dateSite(&digests)
    return digests[0]
}

private func lines(_ diagnostics: [Diagnostic]) -> [String] { diagnostics.map(\.description) }

private func titles(_ digest: DigestLoader.LoadedDigest) -> [String] { digest.entries.map(\.title) }

/// Every hostile digest starts with this entry (lines 5 to 11), so that its year is known.
private let sound = "A Sound Paper"

@Suite("Hostile and broken digests")
struct HostileDigestTests {
    // MARK: - Encodings and line endings

    @Test("invalid UTF-8 is replaced with U+FFFD and reported on each line that has it")
    func invalidUTF8() {
        let digest = load("invalid-utf8.txt")
        #expect(titles(digest) == [sound, "Caf\u{FFFD} Models in Latin-1"])
        #expect(digest.entries.last?.abstract.text == "An abstract saved as Latin-1: na\u{FFFD}ve caf\u{FFFD}s.")
        #expect(
            lines(digest.diagnostics) == [
                "\(path("invalid-utf8.txt")):13: warning: invalid UTF-8 replaced with U+FFFD (is the file in another encoding?)",
                "\(path("invalid-utf8.txt")):15: warning: invalid UTF-8 replaced with U+FFFD (is the file in another encoding?)",
            ])
    }

    @Test("NUL bytes are dropped and reported on each line that has them")
    func nulBytes() {
        let digest = load("nul-bytes.txt")
        #expect(titles(digest) == [sound, "Null Bytes in a Title"])
        #expect(digest.entries.last?.abstract.text == "An abstract with NUL bytes.")
        #expect(
            lines(digest.diagnostics) == [
                "\(path("nul-bytes.txt")):13: warning: NUL bytes dropped",
                "\(path("nul-bytes.txt")):15: warning: NUL bytes dropped",
            ])
    }

    @Test(
        "CRLF line endings with a byte-order mark, and old Mac CR line endings, load as if clean",
        arguments: ["crlf-bom.txt", "cr-only.txt"])
    func lineEndings(name: String) throws {
        let bytes = try TestPaths.bytes(path(name))
        if name == "crlf-bom.txt" {
            #expect(
                bytes.starts(with: [0xEF, 0xBB, 0xBF]) && bytes.contains(0x0D)
                    && bytes.filter { $0 == 0x0A }.count == bytes.filter { $0 == 0x0D }.count)
        } else {
            #expect(!bytes.contains(0x0A) && bytes.contains(0x0D))
        }
        let digest = load(name)
        #expect(titles(digest) == [sound, "Windows Line Endings"])
        let entry = try #require(digest.entries.last)
        #expect(entry.abstract.text == "Saved by an editor that adds a byte-order mark.")
        #expect(entry.byline == .authors(count: 2))
        #expect(entry.date == day(2024, 4, 2))
        #expect(entry.upvotes == 7)
        #expect(entry.location.line == 13)
        #expect(digest.date == day(2024, 4, 13))
        #expect(lines(digest.diagnostics) == [])
    }

    @Test("a UTF-16 file is read as UTF-16 and reported")
    func utf16() {
        let digest = load("utf16.txt")
        #expect(titles(digest) == [sound, "Windows Line Endings"])
        #expect(digest.entries.last?.date == day(2024, 4, 2))
        #expect(
            lines(digest.diagnostics) == [
                "\(path("utf16.txt")):1: warning: the file is UTF-16 (little-endian); it was read as such, but save it as UTF-8"
            ])
    }

    // MARK: - Structure

    @Test("an empty file gives one warning naming the file, with no line")
    func emptyFile() {
        let digest = load("empty.txt")
        #expect(digest.entries.isEmpty)
        #expect(lines(digest.diagnostics) == ["\(path("empty.txt")): warning: empty digest: no header and no entries"])
    }

    @Test("a header with no entries is reported at its last line, and nothing more: there is no digest to date")
    func headerOnly() {
        let digest = load("header-only.txt")
        #expect(digest.entries.isEmpty)
        #expect(
            lines(digest.diagnostics) == [
                "\(path("header-only.txt")):7: warning: digest has no entries"
            ])
    }

    @Test("a title with no abstract is kept with an empty abstract, and the next entry is unharmed")
    func titleWithoutAbstract() throws {
        let digest = load("title-without-abstract.txt")
        #expect(titles(digest) == [sound, "Title Without Abstract", "Next Paper"])
        let entry = digest.entries[1]
        #expect(entry.abstract.text == "")
        #expect(entry.byline == .authors(count: 3))
        #expect(entry.date == day(2023, 6, 7))
        #expect(digest.entries[2].abstract.text == "Its abstract.")
        #expect(
            lines(digest.diagnostics) == [
                "\(path("title-without-abstract.txt")):13: warning: entry 'Title Without Abstract' has no abstract"
            ])
    }

    @Test("an abstract with no title is skipped with its meta block, and the next entry is unharmed")
    func abstractWithoutTitle() {
        let digest = load("abstract-without-title.txt")
        #expect(titles(digest) == [sound, "Next Paper"])
        #expect(digest.entries[1].abstract.text == "Its abstract.")
        #expect(digest.entries[1].byline == nil)
        #expect(
            lines(digest.diagnostics) == [
                "\(path("abstract-without-title.txt")):13: warning: a paragraph of 363 characters stands where a title should be: an abstract with no title? It is skipped; add the title on a line of its own before it"
            ])
    }

    @Test("a meta block cut off after '·' at the end of the file keeps its authors and reports the missing date")
    func metaCutOffAfterSeparator() {
        let digest = load("meta-cut-off.txt")
        #expect(titles(digest) == [sound, "Paper Cut Off"])
        #expect(digest.entries[1].byline == .authors(count: 3))
        #expect(digest.entries[1].date == nil)
        #expect(
            lines(digest.diagnostics) == [
                "\(path("meta-cut-off.txt")):18: warning: meta block of entry 'Paper Cut Off' is cut off after '·': no date"
            ])
    }

    @Test("a meta block cut off after its authors line is read as a meta block, not as the next title")
    func metaCutOffAfterAuthors() {
        let digest = load("meta-cut-off-after-authors.txt")
        #expect(titles(digest) == [sound, "Paper Cut Off Earlier"])
        #expect(digest.entries[1].byline == .authors(count: 3))
        #expect(
            lines(digest.diagnostics) == [
                "\(path("meta-cut-off-after-authors.txt")):17: warning: meta block of entry 'Paper Cut Off Earlier' is cut off after its authors line: no '·' and no date"
            ])
    }

    @Test("'• x authors' is reported and the entry keeps its date but no byline")
    func xAuthors() {
        let digest = load("x-authors.txt")
        #expect(titles(digest) == [sound, "Paper With X Authors"])
        #expect(digest.entries[1].byline == nil)
        #expect(digest.entries[1].date == day(2023, 6, 7))
        #expect(
            lines(digest.diagnostics) == [
                "\(path("x-authors.txt")):17: warning: cannot read the author count in '• x authors'; expected '• N authors'"
            ])
    }

    @Test(
        "dates that do not exist are reported with the reason and the entry is kept undated",
        arguments: [
            ("feb-30.txt", "Paper Of February Thirtieth", "'Feb 30, 2023' is not a date (February has no day 30)"),
            ("jun-99.txt", "Paper Of June Ninety-Ninth", "'Jun 99' is not a date (June has no day 99)"),
        ])
    func impossibleDates(name: String, title: String, problem: String) {
        let digest = load(name)
        #expect(titles(digest) == [sound, title])
        #expect(digest.entries[1].date == nil)
        #expect(digest.entries[1].byline == .authors(count: 3))
        #expect(
            lines(digest.diagnostics) == ["\(path(name)):19: warning: \(problem); the entry is kept without a date"])
    }

    @Test("a header date that does not exist is reported and not read as a title")
    func impossibleHeaderDate() {
        let digest = load("header-jun-99.txt")
        #expect(titles(digest) == ["A Paper Under A Bad Header"])
        #expect(digest.date == nil)
        #expect(
            lines(digest.diagnostics) == [
                "\(path("header-jun-99.txt")):3: warning: the digest's date 'Jun 99' is not a date (June has no day 99); the digest is undated unless digest_dates or its file name gives one"
            ])
    }

    @Test("a lone '·' is reported as a meta block with no authors and no date")
    func loneSeparator() {
        let digest = load("lone-separator.txt")
        #expect(titles(digest) == [sound, "Paper With A Lone Separator", "Next Paper"])
        #expect(
            lines(digest.diagnostics) == [
                "\(path("lone-separator.txt")):17: warning: meta block of entry 'Paper With A Lone Separator' has no authors or organisation line",
                "\(path("lone-separator.txt")):17: warning: meta block of entry 'Paper With A Lone Separator' is cut off after '·': no date",
            ])
    }

    // MARK: - Titles

    @Test(
        "a title of only punctuation or emoji is kept, with a warning asking to check it",
        arguments: [
            ("punctuation-title.txt", "?!… -- ***"),
            ("emoji-title.txt", "🚀🔥✨"),
        ])
    func titlesWithoutLetters(name: String, title: String) {
        let digest = load(name)
        #expect(titles(digest) == [sound, title])
        #expect(digest.entries[1].key == title)
        #expect(
            lines(digest.diagnostics) == [
                "\(path(name)):13: warning: title '\(title)' has no letters or digits; the paper is kept, but check that this line is its title"
            ])
    }

    @Test("right-to-left titles load as they are, with no warning")
    func rightToLeftTitles() {
        let digest = load("rtl-title.txt")
        #expect(titles(digest) == [sound, "نماذج اللغة الكبيرة", "מודלים גדולים"])
        #expect(digest.entries.map(\.key) == ["a sound paper", "نماذج اللغة الكبيرة", "מודלים גדולים"])
        #expect(lines(digest.diagnostics) == [])
    }

    @Test("two different papers whose titles make the same slug: the newer one gets a suffix and a warning naming both")
    func sameSlug() throws {
        let folder = try TemporaryFolder("quire-hostile")
        try FileManager.default.createDirectory(atPath: folder.sub("site/digests"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: path("same-slug.txt"), toPath: folder.sub("site/digests/same-slug.txt"))
        let (model, _, diagnostics) = SiteBuilder(
            options: BuildOptions(siteDirectory: folder.sub("site"), themeDirectory: TestPaths.theme)
        ).load()
        let papers = try #require(model).papers
        #expect(papers.map(\.title) == [sound, "Über Models", "Uber Models"])
        #expect(papers.map(\.slug) == ["a-sound-paper", "uber-models", "uber-models-2"])
        let digest = folder.sub("site/digests/same-slug.txt")
        #expect(
            lines(diagnostics) == [
                "\(folder.sub("site/quire.yml")): warning: no configuration file; using defaults",
                "\(digest):21: warning: 'Uber Models' makes the same URL as 'Über Models' (\(digest):13), papers/uber-models/; it is published at papers/uber-models-2/ instead (if the two are one paper, spell their titles alike)",
            ])
    }

    // MARK: - Huge input, generated here rather than committed

    @Test("a 10 MB single-line abstract is kept whole and reported, and loads in reasonable time")
    func hugeAbstract() throws {
        let folder = try TemporaryFolder("quire-hostile")
        let abstract = String(repeating: "Scaling laws hold again. ", count: 400_000)  // 10,000,000 bytes
        try folder.write(
            "huge-abstract.txt",
            "new\n\nApr 13\n\nA Paper With A Huge Abstract\n\n\(abstract)\n\n  • 4 authors\n·\nJun 6, 2023\n")
        let start = Date()
        let digest = load("huge-abstract.txt", folder: folder.path)
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(titles(digest) == ["A Paper With A Huge Abstract"])
        #expect(digest.entries[0].abstract.text.utf8.count == 9_999_999)  // the final space is trimmed
        #expect(digest.entries[0].byline == .authors(count: 4))
        #expect(
            lines(digest.diagnostics) == [
                "\(folder.path)/huge-abstract.txt:7: warning: abstract of entry 'A Paper With A Huge Abstract' is 10000000 characters long (arXiv allows 1,920); kept, but check for blank lines lost between entries"
            ])
    }

    @Test("a title of 2,000 characters followed by its abstract is kept as the title and reported")
    func hugeTitle() throws {
        let folder = try TemporaryFolder("quire-hostile")
        let title = String(repeating: "Long Title ", count: 182) + "Ends Here"  // 2,011 characters
        try folder.write(
            "huge-title.txt",
            "new\n\nApr 13\n\n\(title)\n\nIts abstract.\n\n  • 4 authors\n·\nJun 6, 2023\n\nNext Paper\n\nNext abstract.\n"
        )
        let digest = load("huge-title.txt", folder: folder.path)
        #expect(titles(digest) == [title, "Next Paper"])
        #expect(digest.entries[0].abstract.text == "Its abstract.")
        #expect(digest.entries[0].byline == .authors(count: 4))
        #expect(
            lines(digest.diagnostics) == [
                "\(folder.path)/huge-title.txt:5: warning: title of 2011 characters (titles are rarely over 300); kept, but check that this line is the title"
            ])
    }

    // MARK: - The digests folder

    @Test(
        "a folder named like a digest, a named pipe, a broken symlink and a symlink loop are each reported and skipped")
    func unreadableEntries() throws {
        let folder = try TemporaryFolder("quire-hostile")
        // A relative path, as `quire build Site` gives: resolving symlinks in one did not see the loop.
        let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
        let digests = String(repeating: "../", count: depth) + folder.sub("digests").dropFirst()
        try folder.write(
            "digests/good.txt", "new\n\nApr 13\n\nGood Paper\n\nIts abstract.\n\n  • 4 authors\n·\nJun 6, 2023\n")
        try FileManager.default.createDirectory(atPath: digests + "/folder.txt", withIntermediateDirectories: true)
        #expect(mkfifo(digests + "/pipe.txt", 0o644) == 0)
        try FileManager.default.createSymbolicLink(
            atPath: digests + "/dangling.txt", withDestinationPath: "nowhere.txt")
        try FileManager.default.createSymbolicLink(atPath: digests + "/itself.txt", withDestinationPath: "itself.txt")
        try FileManager.default.createSymbolicLink(atPath: digests + "/loop", withDestinationPath: ".")
        try FileManager.default.createDirectory(atPath: digests + "/sub", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: digests + "/sub/up", withDestinationPath: "..")
        let corpus = DigestLoader(config: SiteConfig()).load(directory: digests)
        #expect(corpus.papers.map(\.title) == ["Good Paper"])
        #expect(corpus.digests.map(\.fileName) == ["good.txt"])
        #expect(
            lines(corpus.diagnostics) == [
                "\(digests)/dangling.txt: warning: broken symlink: its target does not exist; skipped",
                "\(digests)/folder.txt: warning: this digest is a folder, not a file; skipped",
                "\(digests)/itself.txt: warning: symlink loop: the link leads back to itself; skipped",
                "\(digests)/loop: warning: symlink loop: this is the folder \(digests), already read; skipped",
                "\(digests)/pipe.txt: warning: cannot read this digest: it is a named pipe, not a regular file; skipped",
                "\(digests)/sub/up: warning: symlink loop: this is the folder \(digests), already read; skipped",
            ])
    }

    @Test("the rebuild fingerprint reads a folder with a symlink loop once")
    func fingerprintSymlinkLoop() throws {
        let folder = try TemporaryFolder("quire-hostile")
        try folder.write("digests/a.txt", "Apr 13\n")
        try FileManager.default.createSymbolicLink(atPath: folder.sub("digests/loop"), withDestinationPath: ".")
        // A relative path, as `quire build Site` gives: resolving symlinks in one did not see the loop.
        let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
        let relative = String(repeating: "../", count: depth) + folder.sub("digests").dropFirst()
        var fingerprint = BuildState.Fingerprint()
        fingerprint.addTree(relative, boundary: InputBoundary(folders: [folder.path]))
        let text = String(decoding: fingerprint.bytes, as: UTF8.self)
        #expect(text.contains("loop(path: \"\(relative)/loop\""))
        #expect(text.components(separatedBy: "\0a.txt ").count == 2)
        #expect(!text.contains("loop/"))
    }

    @Test("a digest whose read fails is reported with the system's reason and the others still load")
    func readError() throws {
        let failing: InputFile.Reader = { path throws(InputFile.Failure) in
            if path.hasSuffix("/jun-99.txt") { throw InputFile.Failure.errno(EIO) }
            return try InputFile.read(path)
        }
        let digest = load("jun-99.txt", reader: failing)
        #expect(digest.entries.isEmpty)
        #expect(
            lines(digest.diagnostics) == [
                "\(path("jun-99.txt")): warning: cannot read this digest: Input/output error; skipped"
            ])
        #expect(titles(load("feb-30.txt", reader: failing)) == [sound, "Paper Of February Thirtieth"])
    }

    @Test("a digests folder that is a file is reported and the site has no papers")
    func digestsFolderIsAFile() throws {
        let folder = try TemporaryFolder("quire-hostile")
        let digests = try folder.write("digests", "not a folder")
        let corpus = DigestLoader(config: SiteConfig()).load(directory: digests)
        #expect(corpus.papers.isEmpty)
        #expect(
            lines(corpus.diagnostics) == [
                "\(digests): warning: this should be a folder holding the digests (.txt, .json, .jsonl, .xml, .atom, .rss and .md files), but it is a file; the site will have no papers"
            ])
    }

    @Test("control characters and bidirectional overrides from the input are escaped in diagnostics")
    func diagnosticsCannotDriveTheTerminal() {
        let text = "new\n\nApr 13\n\nEvil \u{1B}]0;owned\u{07}\u{1B}[2J Title \u{202E}txt.exe\n"
        let parsed = HFTextDigestParser().parse(Array(text.utf8), path: "d.txt")
        #expect(
            lines(parsed.diagnostics) == [
                "d.txt:5: warning: entry 'Evil \\u{1B}]0;owned\\u{7}\\u{1B}[2J Title \\u{202E}txt.exe' has no abstract"
            ])
    }
}

/// The broken configurations, one file per case.
@Suite("Hostile and broken configurations")
struct HostileConfigTests {
    static func path(_ name: String) -> String { TestPaths.fixture("hostile/configs/" + name) }

    @Test("values of the wrong type are each reported at their line and the defaults are kept")
    func wrongTypes() {
        let path = Self.path("wrong-types.yml")
        let (config, diagnostics) = ConfigLoader().load(path: path)
        #expect(config.title == "Quire")
        #expect(config.pageSize == 25)
        #expect(config.feedLimit == 50)
        #expect(config.topics == [])
        #expect(
            lines(diagnostics) == [
                "\(path):2: warning: 'title' should be a string, found a list; the default is used",
                "\(path):3: warning: 'page_size' should be a whole number, found 'many'; the default is used",
                "\(path):4: warning: 'feed_limit' must be at least 1; the default is used",
                "\(path):5: warning: base_url 'ftp://example.org/' is not an absolute http(s) URL; the default is used",
                "\(path):6: warning: 'digest_dates' should be a mapping of file name to YYYY-MM-DD, found '2024-01-01'; the default is used",
                "\(path):10: warning: 'keywords' should be a list of strings, found 'pruning'; the default is used",
                "\(path):8: warning: topic 'pruning' has no keywords and would match nothing; it is ignored",
                "\(path):11: warning: 'a topic' should be a mapping with slug, title and keywords, found 'just a string'; it is ignored",
                "\(path):12: warning: language 'en\"><script>alert(1)</script>' is not a language tag such as 'en' or 'pt-BR'; the default is used",
            ])
        #expect(config.language == "en")
    }

    @Test(
        "language tags are accepted as BCP 47 spells them, anything else is reported",
        arguments: [
            ("en", true), ("pt-BR", true), ("zh-Hant-TW", true), ("de-CH-1996", true), ("x", false), ("en_US", false),
            ("en-", false), ("-en", false), ("englishlanguage", false), ("1en", false), ("en US", false), ("", false),
        ])
    func languageTags(tag: String, valid: Bool) {
        let (config, diagnostics) = ConfigLoader().parse("language: \"\(tag)\"\n", path: "quire.yml")
        #expect(config.language == (valid ? tag : "en"))
        #expect(
            lines(diagnostics)
                == (valid
                    ? []
                    : [
                        "quire.yml:1: warning: language '\(tag)' is not a language tag such as 'en' or 'pt-BR'; the default is used"
                    ]))
    }

    @Test("unknown keys are reported at their line with the closest known key or the list of known keys")
    func unknownKeys() {
        let path = Self.path("unknown-keys.yml")
        let (config, diagnostics) = ConfigLoader().load(path: path)
        #expect(config.title == "A Site")
        #expect(config.topics.map(\.slug) == ["rl"])
        #expect(
            lines(diagnostics) == [
                "\(path):3: warning: unknown key 'tittle'; did you mean 'title'?",
                "\(path):4: warning: unknown key 'theme'; known keys: title, description, base_url, language, author, page_size, feed_limit, opml_feed_format, digest_dates, topics, trusted_folders, arxiv_announce, fetch, related, author_pages, author_aliases, author_split, select, hide",
                "\(path):9: warning: unknown topic key 'colour'; known keys: slug, title, description, keywords, exclude, categories",
            ])
    }

    @Test("invalid YAML is an error at the line where the unterminated construct starts")
    func invalidYAML() {
        let path = Self.path("invalid-yaml.yml")
        let (_, diagnostics) = ConfigLoader().load(path: path)
        #expect(
            lines(diagnostics) == [
                "\(path):2: error: invalid YAML: while scanning a quoted scalar starting here, found unexpected end of stream at the end of the file"
            ])
    }

    @Test("a configuration that is a folder is an error that says so")
    func configIsAFolder() throws {
        let folder = try TemporaryFolder("quire-hostile")
        try FileManager.default.createDirectory(atPath: folder.sub("quire.yml"), withIntermediateDirectories: true)
        let (_, diagnostics) = ConfigLoader().load(path: folder.sub("quire.yml"))
        #expect(
            lines(diagnostics) == [
                "\(folder.sub("quire.yml")): error: cannot read the configuration file: it is a folder, not a regular file"
            ])
    }
}
