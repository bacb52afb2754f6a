import Foundation
import Testing

@testable import QuireCore

@Suite("JSONText")
struct JSONTextTests {
    static let samples = [
        "", "plain words", "\"quoted\" and \\backslash\\", "</script><script>alert(1)</script>", "a & b > c",
        "line\nbreak\r\ttab", String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }),
        "sep\u{2028}arators\u{2029}", "€ 5 – ünïcödé ✓ 😀", "ends with €", "\u{E2}",
    ]

    @Test("every string parses back unchanged and holds no raw < > & U+2028 U+2029 or control character")
    func roundTrip() throws {
        for sample in Self.samples {
            let json = JSONText.string(sample)
            #expect(!json.contains { "<>&\u{2028}\u{2029}".contains($0) }, "\(json)")
            #expect(!json.utf8.contains { $0 < 0x20 }, "\(json)")
            let parsed = try JSONSerialization.jsonObject(with: Data("[\(json)]".utf8)) as? [String]
            #expect(parsed == [sample])
        }
    }

    @Test("escapes are the short ones where JSON has them")
    func shortEscapes() {
        #expect(JSONText.string("a\"b\\c\nd\te<") == #""a\"b\\c\nd\te\u003c""#)
    }

    @Test("numbers in decimal and base 36")
    func numbers() {
        var output: [UInt8] = []
        JSONText.appendInt(0, to: &output)
        output.append(0x20)
        JSONText.appendInt(1234, to: &output)
        output.append(0x20)
        JSONText.appendBase36(71, to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "0 1234 1z")
    }
}
