import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuirePublishing

@Suite("RenderedPages: what earlier builds rendered, saved beside the output")
struct RenderedPagesTests {
    static func theme(paper: String = "{{page.path}}", home: String = "") throws -> TemplateLibrary {
        let folder = try TemporaryFolder("quire-rendered")
        for name in TemplateLibrary.requiredTemplates {
            try folder.write(
                "theme/\(name).mustache", name == "home" ? home : name == "paper" ? paper : "{{page.path}}")
        }
        let (library, diagnostics) = TemplateLibrary.load(themeDirectory: folder.sub("theme"), overrideDirectory: nil)
        #expect(diagnostics.isEmpty)
        return try #require(library)
    }

    static func fingerprint(_ value: TemplateValue) -> Fingerprint128 {
        var hasher = StreamHasher()
        value.fingerprint(into: &hasher)
        return hasher.value
    }

    @Test("saved records read back for the same Quire and paper template, and for no other")
    func roundTrip() throws {
        let templates = try Self.theme()
        var pages = RenderedPages(templates: templates, quire: "quire 1")
        pages["index.html"] = .init(values: Self.fingerprint("a"), hash: 42, size: 7)
        pages["papers/é/index.html"] = .init(values: Self.fingerprint(1), hash: 43, size: 8)
        let bytes = pages.bytes
        #expect(RenderedPages(bytes: bytes, templates: templates, quire: "quire 1").records == pages.records)
        #expect(RenderedPages(bytes: bytes, templates: templates, quire: "quire 2").isEmpty)
        #expect(RenderedPages(bytes: bytes, templates: try Self.theme(paper: "changed"), quire: "quire 1").isEmpty)
        // Templates the paper page does not read leave the records valid.
        #expect(
            RenderedPages(bytes: bytes, templates: try Self.theme(home: "changed"), quire: "quire 1").records
                == pages.records)
    }

    @Test("a damaged or truncated copy is ignored, never trusted")
    func damaged() throws {
        let templates = try Self.theme()
        var pages = RenderedPages(templates: templates, quire: "q")
        pages["index.html"] = .init(values: Self.fingerprint("a"), hash: 42, size: 7)
        let bytes = pages.bytes
        var flipped = bytes
        flipped[bytes.count - 20] ^= 1
        for damaged in [flipped, Array(bytes.dropLast(9)), [], Array("not a cache".utf8)] {
            #expect(RenderedPages(bytes: damaged, templates: templates, quire: "q").isEmpty)
        }
    }

    @Test("values fingerprint alike only when they are alike, structure included")
    func valuesFingerprint() {
        let values: [TemplateValue] = [
            "", "a", "ab", 0, 1, true, false, [], ["a"], ["a", "b"], [["a", "b"]], ["ab"],
            ["x": "a"], ["y": "a"], ["x": "a", "y": "b"], ["x": ["y": "b"]], ["a_name_longer_than_sixteen": 1],
            ["a_name_longer_than_seventeen": 1],
        ]
        let fingerprints = values.map(Self.fingerprint)
        #expect(Set(fingerprints).count == values.count)
        #expect(Self.fingerprint(["x": "a", "y": ["b", 2]]) == Self.fingerprint(["x": "a", "y": ["b", 2]]))
    }
}

/// An output that holds files in memory and keeps any file it holds with the hash asked for.
final class MemorySink: OutputSink, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var files: [String: [UInt8]] = [:]
    private(set) var keptPaths: [String] = []

    init(_ files: [String: [UInt8]] = [:]) { self.files = files }

    func write(_ relativePath: String, _ bytes: [UInt8]) throws {
        lock.withLock { files[relativePath] = bytes }
    }

    func keep(_ relativePath: String, hash: UInt64, size: Int) -> Bool {
        lock.withLock {
            guard let bytes = files[relativePath], ContentHash.of(bytes) == hash, bytes.count == size else {
                return false
            }
            keptPaths.append(relativePath)
            return true
        }
    }
}

extension RenderedPagesTests {
    @Test("a file made from the same inputs is kept without being made; with verify, made and compared")
    func keepOrWrite() throws {
        let templates = try Self.theme()
        let inputs = Self.fingerprint("inputs")
        let page = Array("<p>page</p>".utf8)
        var pages = RenderedPages(templates: templates, quire: "q")
        let first = try pages.keepOrWrite("a/index.html", values: inputs, verify: false, into: MemorySink()) { page }
        #expect(!first.kept)
        pages.records[first.path] = first.record
        let output = MemorySink(["a/index.html": page])
        var made = 0
        let kept = try pages.keepOrWrite("a/index.html", values: inputs, verify: false, into: output) {
            made += 1
            return page
        }
        #expect(kept.kept && made == 0 && output.keptPaths == ["a/index.html"])
        // Other inputs: made again and written.
        let changed = try pages.keepOrWrite(
            "a/index.html", values: Self.fingerprint("other"), verify: false, into: output
        ) { Array("<p>new</p>".utf8) }
        #expect(!changed.kept && output.files["a/index.html"] == Array("<p>new</p>".utf8))
        // The same inputs, but the page comes out differently: verification names the file.
        #expect(throws: KeptFileMismatch.self) {
            try pages.keepOrWrite(
                "a/index.html", values: inputs, verify: true, into: MemorySink(["a/index.html": page])
            ) {
                Array("<p>other</p>".utf8)
            }
        }
        #expect(
            try pages.keepOrWrite(
                "a/index.html", values: inputs, verify: true, into: MemorySink(["a/index.html": page])
            ) {
                page
            }.kept)
    }
}
