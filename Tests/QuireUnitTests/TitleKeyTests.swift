import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuireLoading

/// The one title key: the loader merges by it, the ledger finds published papers by it, near-miss
/// warnings compare it, and `quire enrich` looks titles up by it.
@Suite("The title key")
struct TitleKeyTests {
    @Test("a formula is read as text: `$\\alpha$-Net` and arXiv's `α-Net` give one key")
    func mathAsText() {
        #expect(TitleKeys.key(forTitle: #"$\alpha$-Net: Sparse Routing"#) == "α net sparse routing")
        #expect(TitleKeys.key(forTitle: "α-Net: Sparse Routing") == "α net sparse routing")
        #expect(
            TitleKeys.key(forTitle: #"MedS$^3$: Medical Reasoning"#)
                == TitleKeys.key(forTitle: "MedS³: Medical Reasoning"))
    }

    @Test("ledgers written before formulas were read as text still find their paper")
    func recordedBeforeMath() {
        #expect(
            TitleKeys.keyRecordedBeforeMath(forTitle: #"$\alpha$-Net: Sparse Routing"#) == "alpha net sparse routing")
        #expect(TitleKeys.keyRecordedBeforeMath(forTitle: "Plain Title Without Math") == nil)
    }

    @Test("a formula earlier versions could not read keeps the key they recorded within reach")
    func recordedBeforeSubsetGrew() {
        // Real arXiv titles whose formulas (a braced group, `\rm`) earlier versions kept as TeX.
        for (title, recorded, now) in [
            (
                #"SGG-R$^{\rm 3}$: From Next-Token Prediction"#, "sgg r rm 3 from next token prediction",
                "sgg r³ from next token prediction"
            ),
            (
                #"${C}^{3}$-GS: Learning Context-aware Features"#, "c 3 gs learning context aware features",
                "c³ gs learning context aware features"
            ),
        ] {
            #expect(TitleKeys.key(forTitle: title) == now)
            #expect(TitleKeys.keyRecordedBeforeMath(forTitle: title) == recorded)
        }
    }

    @Test("a text digest titled `$\\alpha$-Net: X` and an arXiv export titled `α-Net: X` merge into one paper")
    func mergesAcrossFormats() throws {
        let folder = try TemporaryFolder("quire-title-key")
        try folder.write(
            "digests/2024-06-05.txt",
            """
            Daily Papers

            $\\alpha$-Net: Sparse Routing for Mixtures of Experts

            We route tokens sparsely.

            """)
        try folder.write(
            "digests/export.atom",
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
              <title type="html">ArXiv Query: search_query=&amp;id_list=2406.01234</title>
              <id>http://arxiv.org/api/x</id>
              <updated>2024-06-06T00:00:00-04:00</updated>
              <entry>
                <id>http://arxiv.org/abs/2406.01234v1</id>
                <updated>2024-06-04T09:00:00Z</updated>
                <published>2024-06-04T09:00:00Z</published>
                <title>α-Net: Sparse Routing for Mixtures of Experts</title>
                <summary>We route tokens sparsely, and show it.</summary>
                <author><name>Mara Lindqvist</name></author>
              </entry>
            </feed>
            """)
        let corpus = DigestLoader(config: SiteConfig()).load(directory: folder.sub("digests"))
        #expect(corpus.entryCount == 2)
        #expect(corpus.papers.count == 1)
        #expect(corpus.papers.first?.arxiv?.id == "2406.01234")
        #expect(corpus.papers.first?.appearances.count == 2)
    }
}
