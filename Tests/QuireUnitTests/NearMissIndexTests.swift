import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading

/// `NearMissIndex` finds, without comparing every pair, the pairs `TitleKeys.isNearMiss` accepts
/// whose keys differ in one word at most (or by a subtitle).
@Suite("Near-miss titles in linear time")
struct NearMissIndexTests {
    func pairs(_ titles: [String]) -> [[String]] {
        let keys = titles.map { TitleKeys.key(forTitle: $0) }
        return NearMissIndex.pairs(keys).map { [titles[$0.0], titles[$0.1]] }
    }

    @Test("a subtitle left out, a typo, a dropped or joined word and a swapped short word are each found")
    func eachEdit() {
        let base = "Sparse Mixtures of Experts Learn Quickly at Scale"
        #expect(pairs([base, base + ": A Survey"]) == [[base, base + ": A Survey"]])
        #expect(pairs([base, "Sparse Mixtures of Experts Lern Quickly at Scale"]).count == 1)
        #expect(pairs([base, "Sparse Mixtures of Experts Learn Quickly at a Scale"]).count == 1)
        #expect(
            pairs(["Efficient Pre Training of Sparse Mixtures", "Efficient Pretraining of Sparse Mixtures"]).count == 1)
        #expect(
            pairs([
                "Modular Multimodal Large Language Models for Time Series Forecasting",
                "Modular Multimodal Large Language Models via Time Series Forecasting",
            ]).count == 1)
    }

    @Test("titles that only share their opening or their ending are not paired")
    func commonOpenings() {
        let titles =
            (0..<200).map { "A Survey on Large Language Models for Task Number \($0 * 7919 % 1000) in Vision" }
            + (0..<200).map { "Supervised Fine-Tuning for Domain \($0) and Beyond" }
        let found = NearMissIndex.pairs(titles.map { TitleKeys.key(forTitle: $0) })
        // Every pair found is a real near miss (numbers a digit apart), never two unrelated titles.
        #expect(
            found.allSatisfy {
                TitleKeys.isNearMiss(TitleKeys.key(forTitle: titles[$0.0]), TitleKeys.key(forTitle: titles[$0.1]))
            })
    }

    @Test("on the seeds with one word of every title misspelt, it finds exactly what comparing every pair finds")
    func sameAsEveryPair() {
        var keys = SeedCorpus.corpus.papers.map(\.key)
        // A copy of each key with a letter of its fourth word doubled: a one-letter typo.
        keys += keys.compactMap { key in
            var words = key.split(separator: " ").map(String.init)
            guard words.count >= 4, let letter = words[3].first else { return nil }
            words[3].insert(letter, at: words[3].startIndex)
            return words.joined(separator: " ")
        }
        var everyPair: [[Int]] = []
        for a in keys.indices {
            for b in keys.indices
            where a < b && keys[a].split(separator: " ").count >= 3
                && keys[b].split(separator: " ").count >= 3 && TitleKeys.isNearMiss(keys[a], keys[b])
            {
                everyPair.append([a, b])
            }
        }
        #expect(everyPair.count >= 200)
        #expect(NearMissIndex.pairs(keys).map { [$0.0, $0.1] } == everyPair)
    }
}
