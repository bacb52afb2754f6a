import Foundation
import Testing

@testable import QuireCore

@Suite("Percent-encoding a title for a search query")
struct PercentEncodingTests {
    @Test(
        "the query encoder gives what Foundation's gives with the unreserved set",
        arguments: [
            "Attention Is All You Need", "L$^2$M: 100% & more?", "Schrödinger’s δ-sparsity #1",
            "模型 框架 / a+b=c", "tab\there~._-", "",
        ])
    func matchesFoundation(title: String) {
        let unreserved = CharacterSet(
            charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        #expect(PercentEncoding.queryValue(title) == title.addingPercentEncoding(withAllowedCharacters: unreserved))
    }
}
