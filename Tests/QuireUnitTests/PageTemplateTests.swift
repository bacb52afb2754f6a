import Foundation
import Mustache
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuirePublishing

@Suite("PageTemplate: Quire's compiled Mustache renderer")
struct PageTemplateTests {
    func render(_ source: String, _ context: TemplateValue, partials: [String: String] = [:]) throws -> String {
        var library: [String: PageTemplate] = [:]
        for (name, text) in partials { library[name] = try PageTemplate(text) }
        return String(decoding: try PageTemplate(source).render(context, library: library), as: UTF8.self)
    }

    @Test("variables are HTML-escaped; triple mustaches and ampersands are not")
    func escaping() throws {
        let context: TemplateValue = ["x": "<a href=\"x\">Tom & Jerry's</a>"]
        #expect(try render("{{x}}", context) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        #expect(
            try render("{{{x}}}|{{& x}}", context) == "<a href=\"x\">Tom & Jerry's</a>|<a href=\"x\">Tom & Jerry's</a>")
    }

    @Test("dotted names look up the first part through the context stack and the rest inside it")
    func dottedNames() throws {
        let context: TemplateValue = ["site": ["root": "/r/"], "items": [["name": "a"], ["name": "b"]]]
        #expect(try render("{{#items}}{{site.root}}{{name}};{{/items}}", context) == "/r/a;/r/b;")
        #expect(try render("{{site.missing.deeper}}|{{nothing}}", context) == "|")
    }

    @Test("sections iterate lists, push objects, test flags; inverted sections render when falsy")
    func sections() throws {
        let context: TemplateValue = [
            "list": [1, 2, 3], "empty": [], "yes": true, "no": false, "object": ["v": "o"], "n": 7,
        ]
        #expect(try render("{{#list}}{{.}},{{/list}}", context) == "1,2,3,")
        #expect(try render("{{#empty}}x{{/empty}}{{^empty}}none{{/empty}}", context) == "none")
        #expect(
            try render("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}!{{/no}}{{^missing}}m{{/missing}}", context) == "Y!m")
        #expect(try render("{{#object}}{{v}}{{/object}}{{#n}}[{{n}}]{{/n}}", context) == "o[7]")
    }

    @Test("a tag alone on its line takes the line with it; a standalone partial indents each line")
    func standaloneLines() throws {
        let source = "<ul>\n  {{#items}}\n  <li>{{.}}</li>\n  {{/items}}\n</ul>\n  {{> two}}\nend\n"
        let output = try render(source, ["items": ["a", "b"]], partials: ["two": "one\ntwo\n"])
        #expect(output == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n  one\n  two\nend\n")
        #expect(try render("a {{! note }} b\n{{! alone }}\nc", [:]) == "a  b\nc")
    }

    @Test("a parent's blocks are replaced by the child's, and keep their defaults otherwise")
    func inheritance() throws {
        let base = "<title>{{$title}}Default{{/title}}</title>\n<main>\n{{$content}}{{/content}}\n</main>\n"
        let child = "{{<base}}\n{{$content}}\n<p>{{text}}</p>\n{{/content}}\n{{/base}}\n"
        #expect(
            try render(child, ["text": "hi"], partials: ["base": base])
                == "<title>Default</title>\n<main>\n<p>hi</p>\n\n</main>\n")
    }

    @Test("names of any length resolve, and packed names read back as written")
    func longNames() throws {
        let context: TemplateValue = [
            "a": "1", "exactlysixteen16": "2", "a-name-longer-than-sixteen-bytes": "3", "ünï": "4",
        ]
        #expect(try render("{{a}}{{exactlysixteen16}}{{a-name-longer-than-sixteen-bytes}}{{ünï}}", context) == "1234")
        for name in ["a", "exactlysixteen16", "a-name-longer-than-sixteen-bytes", "ünï"] {
            #expect(TemplateName(name).description == name)
        }
        #expect(TemplateName("abc") != TemplateName("abd"))
    }

    @Test("a long name is numbered, yet compares and fingerprints by its text; every name takes 16 bytes")
    func numberedLongNames() {
        let first = "sixteen-bytes-in-common-then-one"
        let second = "sixteen-bytes-in-common-then-two"
        #expect(MemoryLayout<TemplateName>.size == 16)
        #expect(TemplateName(first) == TemplateName(first))
        #expect(TemplateName(first) != TemplateName(second))
        #expect(TemplateName(second).description == second)
        // The fingerprint is the packed first 16 bytes and the text, as before names were
        // numbered: whichever number a run gives the name, a kept page stays kept.
        func fingerprint(_ name: TemplateName) -> Fingerprint128 {
            var hasher = StreamHasher()
            name.fingerprint(into: &hasher)
            return hasher.value
        }
        var expected = StreamHasher()
        let packed = TemplateName.pack(first)
        expected.add(packed.low)
        expected.add(packed.high)
        expected.add(first)
        #expect(fingerprint(TemplateName(first)) == expected.value)
        var short = StreamHasher()
        short.add(TemplateName.pack("title").low)
        short.add(UInt64(0))
        short.add("")
        #expect(fingerprint(TemplateName("title")) == short.value)
    }

    @Test("syntax errors name their line")
    func syntaxErrors() {
        func error(_ source: String) -> TemplateSyntaxError? {
            do { _ = try PageTemplate(source) } catch let error as TemplateSyntaxError { return error } catch {}
            return nil
        }
        #expect(error("a\n{{#open}}\nb")?.description == "section 'open' is never closed")
        #expect(error("a\n{{#open}}\nb")?.line == 2)
        #expect(error("{{#a}}\n\n{{/b}}")?.description == "'{{/b}}' closes '{{#a}}' opened on line 1")
        #expect(error("{{/a}}")?.description == "'{{/a}}' closes a section that was never opened")
        #expect(error("x\ny {{name")?.line == 2)
        #expect(
            error("{{=<% %>=}}")?.description
                == "'{{=…}}' (set delimiters or pragmas) is not supported by Quire's templates")
        #expect(
            error("{{<base}}\n<p>text</p>\n{{/base}}")?.description
                == "inside '{{<base}}' only '{{$block}}' sections may stand")
    }
}

/// Every page of the default theme, rendered by Quire's renderer and by swift-mustache, the
/// reference implementation it replaces for speed, must be byte-identical.
extension RenderingTests {
    @Suite("PageTemplate agrees with swift-mustache")
    struct ReferenceAgreement {
        static func mustacheValue(_ value: TemplateValue) -> Any {
            switch value {
            case .string(let text): return text
            case .int(let number): return number
            case .bool(let flag): return flag
            case .list(let items): return items.map(mustacheValue)
            case .object(let fields):
                return Dictionary(fields.map { ($0.0.description, mustacheValue($0.1)) }, uniquingKeysWith: { $1 })
            }
        }

        func compareEveryPage(siteDirectory: String) throws {
            let (model, siteURL) = try FixtureModel.load(siteDirectory: siteDirectory)
            let (templates, diagnostics) = TemplateLibrary.load(themeDirectory: TestPaths.theme, overrideDirectory: nil)
            #expect(diagnostics.isEmpty)
            let library = try #require(templates)
            let renderer = PageRenderer(model: model, siteURL: siteURL, templates: library)
            let reference = try MustacheLibrary(
                templates: TemplateLibrary.listFiles(
                    TestPaths.theme, boundary: InputBoundary(folders: [TestPaths.theme])
                )
                .filter { $0.hasSuffix(".mustache") }
                .reduce(into: [String: MustacheTemplate]()) { templates, name in
                    let text = try String(contentsOfFile: TestPaths.theme + "/" + name, encoding: .utf8)
                    templates[String(name.dropLast(".mustache".count))] = try MustacheTemplate(string: text)
                })
            let jobs = renderer.jobs()
            #expect(jobs.count > 30, "the site should have pages of every kind to compare")
            for job in jobs {
                let (template, context) = renderer.context(for: job)
                let ours = String(decoding: library.render(template, context), as: UTF8.self)
                let theirs = try #require(reference.render(Self.mustacheValue(context), withTemplate: template))
                #expect(ours == theirs, "page \(job) differs")
            }
        }

        @Test("on every page of the example site")
        func exampleSite() throws {
            try compareEveryPage(siteDirectory: TestPaths.exampleSite)
        }

        @Test("on every page of the small fixture site")
        func smallSite() throws {
            try compareEveryPage(siteDirectory: TestPaths.fixture("sites/small"))
        }
    }
}
