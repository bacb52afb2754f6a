import QuireTestSupport
import Testing

@testable import QuirePublishing

/// Cases written from the Mustache specification (https://github.com/mustache/spec, v1.3: the
/// `interpolation`, `sections`, `inverted`, `comments`, `partials` and `~inheritance` modules),
/// one per rule the theme relies on, each named after the spec's own test. Not covered because the
/// engine does not support them (it refuses them with a syntax error, or has no such values):
/// set delimiters (`{{=<% %>=}}`), lambdas, dynamic names (`{{>*x}}`) and pragmas. One known
/// difference: a standalone partial's indentation is put before every line it writes, including
/// lines inside an interpolated value, which the spec leaves unindented (no theme value holds a
/// line break where it is indented).
@Suite("The template engine against the Mustache spec")
struct MustacheSpecTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var section: String
        var name: String
        var template: String
        var data: TemplateValue
        var partials: [String: String] = [:]
        var expected: String
        var testDescription: String { "\(section): \(name)" }
    }

    static let cases: [Case] = [
        // interpolation
        Case(
            section: "interpolation", name: "No Interpolation", template: "Hello from {Mustache}!\n", data: [:],
            expected: "Hello from {Mustache}!\n"),
        Case(
            section: "interpolation", name: "Basic Interpolation", template: "Hello, {{subject}}!\n",
            data: ["subject": "world"],
            expected: "Hello, world!\n"),
        Case(
            section: "interpolation", name: "HTML Escaping",
            template: "These characters should be HTML escaped: {{forbidden}}\n",
            data: ["forbidden": "& \" < >"],
            expected: "These characters should be HTML escaped: &amp; &quot; &lt; &gt;\n"),
        Case(
            section: "interpolation", name: "Triple Mustache", template: "{{{forbidden}}}",
            data: ["forbidden": "& \" < >"],
            expected: "& \" < >"),
        Case(
            section: "interpolation", name: "Ampersand", template: "{{&forbidden}}", data: ["forbidden": "& \" < >"],
            expected: "& \" < >"),
        Case(
            section: "interpolation", name: "Basic Integer Interpolation", template: "\"{{mph}} miles an hour!\"",
            data: ["mph": 85],
            expected: "\"85 miles an hour!\""),
        Case(
            section: "interpolation", name: "Basic Context Miss Interpolation", template: "I ({{cannot}}) be seen!",
            data: [:],
            expected: "I () be seen!"),
        Case(
            section: "interpolation", name: "Dotted Names - Basic Interpolation", template: "{{person.name}}",
            data: ["person": ["name": "Joe"]], expected: "Joe"),
        Case(
            section: "interpolation", name: "Dotted Names - Broken Chains", template: "\"{{a.b.c}}\"", data: ["a": [:]],
            expected: "\"\""),
        Case(
            section: "interpolation", name: "Dotted Names - Broken Chain Resolution", template: "\"{{a.b.c.name}}\"",
            data: ["a": ["b": [:]], "c": ["name": "Jim"]], expected: "\"\""),
        Case(
            section: "interpolation", name: "Dotted Names - Initial Resolution",
            template: "{{#a}}{{b.c.d.e.name}}{{/a}}",
            data: ["a": ["b": ["c": ["d": ["e": ["name": "Phil"]]]]], "b": ["c": ["d": ["e": ["name": "Wrong"]]]]],
            expected: "Phil"),
        Case(
            section: "interpolation", name: "Implicit Iterators - Basic Interpolation", template: "Hello, {{.}}!",
            data: "world",
            expected: "Hello, world!"),
        Case(
            section: "interpolation", name: "Interpolation - Surrounding Whitespace", template: "| {{string}} |",
            data: ["string": "---"],
            expected: "| --- |"),
        Case(
            section: "interpolation", name: "Interpolation - Standalone", template: "  {{string}}\n",
            data: ["string": "---"],
            expected: "  ---\n"),
        Case(
            section: "interpolation", name: "Interpolation With Padding", template: "|{{ string }}|",
            data: ["string": "---"],
            expected: "|---|"),
        // sections
        Case(
            section: "sections", name: "Truthy", template: "{{#boolean}}This should be rendered.{{/boolean}}",
            data: ["boolean": true],
            expected: "This should be rendered."),
        Case(
            section: "sections", name: "Falsey", template: "{{#boolean}}This should not be rendered.{{/boolean}}",
            data: ["boolean": false],
            expected: ""),
        Case(
            section: "sections", name: "Context", template: "{{#context}}Hi {{name}}.{{/context}}",
            data: ["context": ["name": "Joe"]],
            expected: "Hi Joe."),
        Case(
            section: "sections", name: "Parent contexts", template: "{{#sec}}{{a}}, {{b}}, {{c.d}}{{/sec}}",
            data: ["a": "foo", "b": "wrong", "sec": ["b": "bar"], "c": ["d": "baz"]], expected: "foo, bar, baz"),
        Case(
            section: "sections", name: "List", template: "{{#list}}{{item}}{{/list}}",
            data: ["list": [["item": 1], ["item": 2], ["item": 3]]], expected: "123"),
        Case(
            section: "sections", name: "Empty List", template: "{{#list}}Yay lists!{{/list}}", data: ["list": []],
            expected: ""),
        Case(
            section: "sections", name: "Doubled",
            template: "{{#bool}}\n* first\n{{/bool}}\n* {{two}}\n{{#bool}}\n* third\n{{/bool}}\n",
            data: ["bool": true, "two": "second"], expected: "* first\n* second\n* third\n"),
        Case(
            section: "sections", name: "Nested (Truthy)", template: "| A {{#bool}}B {{#bool}}C{{/bool}} D{{/bool}} E |",
            data: ["bool": true],
            expected: "| A B C D E |"),
        Case(
            section: "sections", name: "Context Misses", template: "[{{#missing}}Found key 'missing'!{{/missing}}]",
            data: [:],
            expected: "[]"),
        Case(
            section: "sections", name: "Implicit Iterator - String", template: "\"{{#list}}({{.}}){{/list}}\"",
            data: ["list": ["a", "b", "c", "d", "e"]], expected: "\"(a)(b)(c)(d)(e)\""),
        Case(
            section: "sections", name: "Dotted Names - Truthy", template: "\"{{#a.b.c}}Here{{/a.b.c}}\" == \"Here\"",
            data: ["a": ["b": ["c": true]]], expected: "\"Here\" == \"Here\""),
        Case(
            section: "sections", name: "Standalone Lines",
            template: "| This Is\n{{#boolean}}\n|\n{{/boolean}}\n| A Line\n", data: ["boolean": true],
            expected: "| This Is\n|\n| A Line\n"),
        Case(
            section: "sections", name: "Indented Standalone Lines",
            template: "| This Is\n  {{#boolean}}\n|\n  {{/boolean}}\n| A Line\n",
            data: ["boolean": true], expected: "| This Is\n|\n| A Line\n"),
        Case(
            section: "sections", name: "Standalone Line Endings", template: "|\r\n{{#boolean}}\r\n{{/boolean}}\r\n|",
            data: ["boolean": true],
            expected: "|\r\n|"),
        // inverted
        Case(
            section: "inverted", name: "Falsey", template: "\"{{^boolean}}This should be rendered.{{/boolean}}\"",
            data: ["boolean": false],
            expected: "\"This should be rendered.\""),
        Case(
            section: "inverted", name: "Truthy", template: "\"{{^boolean}}This should not be rendered.{{/boolean}}\"",
            data: ["boolean": true],
            expected: "\"\""),
        Case(
            section: "inverted", name: "Empty List", template: "\"{{^list}}Yay lists!{{/list}}\"", data: ["list": []],
            expected: "\"Yay lists!\""),
        Case(
            section: "inverted", name: "List", template: "\"{{^list}}{{n}}{{/list}}\"",
            data: ["list": [["n": 1], ["n": 2]]], expected: "\"\""),
        Case(
            section: "inverted", name: "Context Misses", template: "[{{^missing}}Found key 'missing'!{{/missing}}]",
            data: [:],
            expected: "[Found key 'missing'!]"),
        Case(
            section: "inverted", name: "Standalone Lines",
            template: "| This Is\n{{^boolean}}\n|\n{{/boolean}}\n| A Line\n", data: ["boolean": false],
            expected: "| This Is\n|\n| A Line\n"),
        // comments
        Case(
            section: "comments", name: "Inline", template: "12345{{! Comment Block! }}67890", data: [:],
            expected: "1234567890"),
        Case(
            section: "comments", name: "Multiline",
            template: "12345{{!\n  This is a\n  multi-line comment...\n}}67890\n", data: [:],
            expected: "1234567890\n"),
        Case(
            section: "comments", name: "Standalone", template: "Begin.\n{{! Comment Block! }}\nEnd.\n", data: [:],
            expected: "Begin.\nEnd.\n"),
        Case(
            section: "comments", name: "Indented Inline", template: "  12 {{! 34 }}\n", data: [:], expected: "  12 \n"),
        // partials
        Case(
            section: "partials", name: "Basic Behavior", template: "\"{{>text}}\"", data: [:],
            partials: ["text": "from partial"],
            expected: "\"from partial\""),
        Case(section: "partials", name: "Failed Lookup", template: "\"{{>text}}\"", data: [:], expected: "\"\""),
        Case(
            section: "partials", name: "Context", template: "\"{{>partial}}\"", data: ["text": "content"],
            partials: ["partial": "*{{text}}*"],
            expected: "\"*content*\""),
        Case(
            section: "partials", name: "Recursion", template: "{{>node}}",
            data: ["content": "X", "nodes": [["content": "Y", "nodes": []]]],
            partials: ["node": "{{content}}<{{#nodes}}{{>node}}{{/nodes}}>"], expected: "X<Y<>>"),
        // The spec's value holds a line break, which it does not indent; the engine indents every
        // line the partial writes (see the note above), so this value has none.
        Case(
            section: "partials", name: "Standalone Indentation", template: "\\\n {{>partial}}\n/\n",
            data: ["content": "<->"],
            partials: ["partial": "|\n{{{content}}}\n|\n"], expected: "\\\n |\n <->\n |\n/\n"),
        Case(
            section: "partials", name: "Padding Whitespace", template: "|{{> partial }}|", data: ["boolean": true],
            partials: ["partial": "[]"], expected: "|[]|"),
        // inheritance
        Case(
            section: "~inheritance", name: "Default", template: "{{$title}}Default title{{/title}}\n", data: [:],
            expected: "Default title\n"),
        Case(
            section: "~inheritance", name: "Inherit", template: "{{<include}}{{/include}}", data: [:],
            partials: ["include": "{{$foo}}default content{{/foo}}"], expected: "default content"),
        Case(
            section: "~inheritance", name: "Overridden content",
            template: "{{<super}}{{$title}}sub template title{{/title}}{{/super}}", data: [:],
            partials: ["super": "...{{$title}}Default title{{/title}}..."], expected: "...sub template title..."),
        Case(
            section: "~inheritance", name: "Data does not override block default",
            template: "{{$var}}var in template{{/var}}",
            data: ["var": "var in data"], expected: "var in template"),
        Case(
            section: "~inheritance", name: "Overridden parent",
            template: "test {{<parent}}{{$stuff}}override{{/stuff}}{{/parent}}", data: [:],
            partials: ["parent": "{{$stuff}}...{{/stuff}}"], expected: "test override"),
        Case(
            section: "~inheritance", name: "Two overridden parents",
            template:
                "test {{<parent}}{{$stuff}}override1{{/stuff}}{{/parent}} {{<parent}}{{$stuff}}override2{{/stuff}}{{/parent}}\n",
            data: [:],
            partials: ["parent": "|{{$stuff}}...{{/stuff}}{{$default}} default{{/default}}|"],
            expected: "test |override1 default| |override2 default|\n"),
        Case(
            section: "~inheritance", name: "Inherit indentation",
            template: "{{<parent}}{{$nineties}}hammer time{{/nineties}}{{/parent}}", data: [:],
            partials: ["parent": "stop:\n  {{$nineties}}collaborate and listen{{/nineties}}\n"],
            expected: "stop:\n  hammer time\n"),
        Case(
            section: "~inheritance", name: "Recursion", template: "{{<parent}}{{$foo}}override{{/foo}}{{/parent}}",
            data: [:],
            partials: [
                "parent": "{{$foo}}default content{{/foo}} {{$bar}}{{<parent2}}{{/parent2}}{{/bar}}",
                "parent2":
                    "{{$foo}}parent2 default content{{/foo}} {{<parent}}{{$bar}}don't recurse{{/bar}}{{/parent}}",
            ],
            expected: "override override override don't recurse"),
    ]

    @Test("renders as the spec says", arguments: cases)
    func spec(_ test: Case) throws {
        var library: [String: PageTemplate] = [:]
        for (name, source) in test.partials { library[name] = try PageTemplate(source) }
        let template = try PageTemplate(test.template)
        #expect(String(decoding: template.render(test.data, library: library), as: UTF8.self) == test.expected)
    }

    @Test("set delimiters and pragmas are refused with their line, not rendered wrongly")
    func unsupportedTags() {
        #expect(throws: TemplateSyntaxError.self) { try PageTemplate("a\n{{=<% %>=}}") }
        #expect(throws: TemplateSyntaxError.self) { try PageTemplate("{{%PRAGMA}}") }
    }

    @Test("a missing partial or parent is a warning naming its file and line, and fails --strict")
    func missingPartial() throws {
        let folder = try TemporaryFolder("quire-mustache")
        try folder.write("templates/home.mustache", "{{<base}}{{$main}}\n{{> no-such-card}}\n{{/main}}{{/base}}\n")
        let (library, diagnostics) = TemplateLibrary.load(
            themeDirectory: TestPaths.theme, overrideDirectory: folder.sub("templates"))
        #expect(library != nil)
        #expect(
            diagnostics.map(\.description) == [
                "\(folder.sub("templates/home.mustache")):2: warning: 'no-such-card' names no template: there is no no-such-card.mustache in the theme or templates/, so it renders as nothing"
            ])
        #expect(diagnostics.failsBuild(strict: true))
    }
}
