import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore

/// Real formulas from arXiv abstracts (`Fixtures/math/arxiv-formulas.txt`, whose header says where
/// they come from): each renders as valid MathML Core, except the tagged ones, which are shown as
/// written for the reason their tag gives.
@Suite("TeX math on real arXiv formulas")
struct TeXMathCorpusTests {
    /// The fixture's formulas to render, and its tagged ones with their tags.
    static let corpus: (rendered: [String], asWritten: [(tag: String, tex: String)]) = {
        let text = try! String(contentsOfFile: TestPaths.fixture("math/arxiv-formulas.txt"), encoding: .utf8)
        var rendered: [String] = []
        var asWritten: [(String, String)] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            if parts.count == 2 {
                asWritten.append((String(parts[0]), String(parts[1])))
            } else {
                rendered.append(String(line))
            }
        }
        return (rendered, asWritten)
    }()

    @Test("the corpus holds thousands of formulas, and few are shown as written")
    func corpusSize() {
        #expect(Self.corpus.rendered.count > 5000)
        #expect(Self.corpus.asWritten.count * 20 < Self.corpus.rendered.count)
        let tags = Set(Self.corpus.asWritten.map(\.tag))
        #expect(tags.isSubset(of: ["macro", "href", "layout", "comment", "text", "other"]), "\(tags)")
    }

    @Test("every untagged formula renders as MathML Core, never as its TeX")
    func everyFormulaRenders() throws {
        var failures: [String] = []
        for tex in Self.corpus.rendered {
            let html = MathText.html("$" + tex + "$")
            guard html.hasPrefix("<math>") else {
                failures.append("shown as written: \(tex)")
                continue
            }
            do {
                try MathMLCore.check(try ParsedXML.parse(Array(html.utf8), name: tex))
            } catch {
                failures.append("\(error): \(tex)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(30).joined(separator: "\n"))")
    }

    @Test("each tagged formula is still shown as written (a tag to remove once Quire renders it)")
    func taggedFormulasFallBack() {
        let rendered = Self.corpus.asWritten.filter { TeXMathParser.parse($0.tex) != nil }
        #expect(rendered.isEmpty, "now rendered: \(rendered.map(\.tex))")
    }

    @Test("every formula has a plain-text form that spells no command name")
    func plainText() {
        for tex in Self.corpus.rendered {
            let plain = MathText.plainText("$" + tex + "$")
            // Whatever renders as MathML is read whole, so its plain text spells no command.
            #expect(plain.firstRange(of: #/\\[A-Za-z]/#) == nil, "\(tex) → \(plain)")
        }
    }
}

/// A check of MathML against MathML Core's elements, attributes and child counts
/// (https://www.w3.org/TR/mathml-core/), for what Quire writes.
enum MathMLCore {
    struct Violation: Error, CustomStringConvertible {
        var description: String
    }

    /// Attributes each element may have.
    static let attributes: [String: Set<String>] = [
        "math": ["display"], "semantics": [], "annotation": ["encoding"], "mrow": [], "mi": ["mathvariant"],
        "mn": [], "mo": ["stretchy", "largeop", "fence", "form", "lspace", "rspace"], "mtext": [],
        "mspace": ["width"], "msub": [], "msup": [], "msubsup": [], "mfrac": ["linethickness"], "msqrt": [],
        "mroot": [], "mover": ["accent"], "munder": ["accentunder"], "munderover": [],
    ]
    /// Elements that take exactly this many children.
    static let childCounts: [String: Int] = [
        "msub": 2, "msup": 2, "msubsup": 3, "mfrac": 2, "mroot": 2, "mover": 2, "munder": 2, "munderover": 3,
    ]
    static let tokens: Set<String> = ["mi", "mn", "mo", "mtext", "annotation"]

    static func check(_ element: ParsedXML.Element) throws {
        guard element.name == "math" else { throw Violation(description: "the root is <\(element.name)>") }
        guard let semantics = element.element("semantics"), element.children.count == 1,
            semantics.children.count == 2, semantics.children[1].name == "annotation"
        else { throw Violation(description: "<math> should hold <semantics> with the formula and its annotation") }
        try checkTree(element)
    }

    private static func checkTree(_ element: ParsedXML.Element) throws {
        guard let allowed = attributes[element.name] else {
            throw Violation(description: "<\(element.name)> is not a MathML Core element Quire writes")
        }
        for (name, value) in element.attributes {
            guard allowed.contains(name) else { throw Violation(description: "<\(element.name) \(name)>") }
            if name == "mathvariant", value != "normal" {
                throw Violation(description: "mathvariant=\"\(value)\": MathML Core knows only normal")
            }
        }
        if let count = childCounts[element.name], element.children.count != count {
            throw Violation(description: "<\(element.name)> has \(element.children.count) children, not \(count)")
        }
        if tokens.contains(element.name) {
            guard element.children.isEmpty else { throw Violation(description: "<\(element.name)> holds elements") }
            if element.name != "mtext", element.text.isEmpty {
                throw Violation(description: "an empty <\(element.name)>")
            }
        }
        if element.name == "mspace", !element.children.isEmpty {
            throw Violation(description: "<mspace> holds elements")
        }
        for child in element.children { try checkTree(child) }
    }
}
