import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore
@testable import QuirePublishing

@Suite("Search index")
struct SearchIndexTests {
    static let smallSite = TestPaths.fixture("sites/small")

    static func smallModel() throws -> SiteModel {
        try FixtureModel.load(siteDirectory: smallSite).model
    }

    /// The postings of a shard file's terms, decoded: term → [(document, fields)]; a capped
    /// term's marker (`~`) is dropped.
    static func decode(shard bytes: [UInt8]) throws -> [String: [(document: Int, fields: Int)]] {
        try decodeMarked(shard: bytes).mapValues(\.postings)
    }

    /// Each term's postings, decoded, and whether they are capped.
    static func decodeMarked(shard bytes: [UInt8]) throws -> [String: (
        postings: [(document: Int, fields: Int)], capped: Bool
    )] {
        let flat = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String])
        var terms: [String: ([(Int, Int)], Bool)] = [:]
        for position in stride(from: 0, to: flat.count, by: 2) {
            var document = 0
            let capped = flat[position + 1].hasPrefix("~")
            terms[flat[position]] = (
                flat[position + 1].drop { $0 == "~" }.split(separator: ",").map { part in
                    let value = Int(part, radix: 36)!
                    document += value >> 3
                    return (document, value & 7)
                }, capped
            )
        }
        return terms
    }

    @Test("terms are lowercased, folded to ASCII where Latin, joined over apostrophes and split at punctuation")
    func tokenizer() {
        #expect(
            SearchTokenizer.terms("TÜLU 3: Don't stop—pruning ×2 naïve Straße, model’s δ-Sparsity!")
                == ["tulu", "dont", "stop", "pruning", "naive", "strasse", "models", "δ", "sparsity"])
        #expect(SearchTokenizer.terms("a I x 7 ok") == ["ok"])
        #expect(SearchTokenizer.terms(String(repeating: "x", count: 41) + " fine") == ["fine"])
        #expect(SearchTokenizer.terms("ΑΒΓ résumé CO₂") == ["αβγ", "resume", "co"])
    }

    @Test("runs of Han, kana and Hangul are split into overlapping pairs, a lone character kept, none too long")
    func tokenizerCJK() {
        #expect(SearchTokenizer.terms("批评者") == ["批评", "评者"])
        #expect(SearchTokenizer.terms("模") == ["模"])
        #expect(SearchTokenizer.terms("GPT模型 x模、型") == ["gpt", "模型", "模", "型"])
        #expect(SearchTokenizer.terms("カタカナとかな") == ["カタ", "タカ", "カナ", "ナと", "とか", "かな"])
        #expect(SearchTokenizer.terms("한국어 모델") == ["한국", "국어", "모델"])
        #expect(SearchTokenizer.terms("人々・〇") == ["人々", "〇"])
        // A run far longer than the longest Latin term is still indexed, pair by pair.
        let long = String(repeating: "语言模型", count: 10)
        #expect(SearchTokenizer.terms(long).count == 39)
        #expect(SearchTokenizer.terms(long).allSatisfy { $0.unicodeScalars.count == 2 })
        // Apostrophes still join Latin words only.
        #expect(SearchTokenizer.terms("模型's don't") == ["模型", "dont"])
    }

    /// The documents of `index` that hold every term of `query`, as `search.js` requires them.
    static func documents(matching query: String, in index: SearchIndex) throws -> Set<Int> {
        let shards = SearchIndexWriter.shards(of: index, targetBytes: 1 << 20)
        try #require(shards.count == 1)
        let terms = try decode(shard: SearchIndexWriter.shardJSON(shards[0].terms, index))
        let words = SearchTokenizer.terms(query)
        try #require(!words.isEmpty)
        return words.map { Set((terms[$0] ?? []).map(\.document)) }.reduce(Set(0..<index.documents.count)) {
            $0.intersection($1)
        }
    }

    @Test("Chinese, Japanese and Korean words find every paper whose title or abstract holds them")
    func searchCJK() throws {
        let model = try FixtureModel.load(siteDirectory: TestPaths.fixture("sites/cjk")).model
        let index = SearchIndex(model: model, notesText: RenderedNotes(model: model).text)
        let papers = model.newest.map { model.papers[$0] }
        func found(_ query: String) throws -> [String] {
            try Self.documents(matching: query, in: index).sorted().map { papers[$0].title }
        }
        func holding(_ text: String) -> [String] {
            papers.filter { ($0.title + " " + $0.record.abstract).contains(text) }.map(\.title)
        }
        #expect(try found("批评者") == ["批评者引导的大型语言模型对齐"])
        #expect(try found("批评") == ["批评者引导的大型语言模型对齐"])
        #expect(holding("模型").count == 2)
        #expect(try found("模型") == holding("模型"))
        #expect(try found("框架") == ["Agents That Plan"])
        #expect(try found("框架") == holding("框架"))
        #expect(try found("カタカナ") == ["カタカナとかなを読むモデル"])
        #expect(try found("かな") == ["カタカナとかなを読むモデル"])
        #expect(try found("한국어") == ["한국어 언어 모델 평가"])
        #expect(try found("framework") == ["Sparse Attention Without Tears"])
        #expect(try found("批评者 框架").isEmpty)
    }

    @Test("the fold table the script reads maps exactly what the tokenizer folds")
    func foldTable() {
        let pairs = Dictionary(uniqueKeysWithValues: SearchTokenizer.foldPairs)
        #expect(pairs["Ü"] == "u")
        #expect(pairs["ß"] == "ss")
        #expect(pairs["×"] == " ")
        #expect(pairs["\u{A0}"] == " ")
        #expect(pairs["Δ"] == "δ")
        #expect(pairs["δ"] == nil)
        for (character, replacement) in pairs where replacement != " " {
            #expect(SearchTokenizer.terms("x" + character + "y").joined() == "x" + replacement + "y")
        }
    }

    @Test("every paper's title, topic and abstract words point back to it with the right fields")
    func postings() throws {
        let model = try Self.smallModel()
        let index = SearchIndex(model: model, notesText: RenderedNotes(model: model).text)
        let shards = SearchIndexWriter.shards(of: index, targetBytes: 1 << 20)
        #expect(shards.map(\.name) == ["-"])
        let terms = try Self.decode(shard: SearchIndexWriter.shardJSON(shards[0].terms, index))
        #expect(terms.count == index.sortedTerms.count)
        for (document, paperIndex) in model.newest.enumerated() {
            let paper = model.papers[paperIndex]
            func fields(_ term: String) -> Int { terms[term]?.first { $0.document == document }?.fields ?? 0 }
            for term in SearchTokenizer.terms(paper.title) {
                #expect(fields(term) & 1 == 1, "\(term) in \(paper.title)")
            }
            for topic in paper.topics {
                for term in SearchTokenizer.terms(model.topics[topic.topic].rule.title) {
                    #expect(fields(term) & 2 == 2)
                }
            }
            for term in SearchTokenizer.terms(paper.record.abstract) where !SearchTokenizer.stopwords.contains(term) {
                #expect(fields(term) & 4 == 4, "\(term) in the abstract of \(paper.title)")
            }
        }
        // Stopwords count in titles, never in abstracts.
        #expect(terms["the"] == nil || terms["the"]!.allSatisfy { $0.fields & 4 == 0 })
        let tulu = try #require(model.newest.firstIndex { model.papers[$0].slug == "tulu-3-open-post-training" })
        #expect(terms["westlake"]?.contains { $0.document == tulu && $0.fields == 2 } == true)
        #expect(terms["tulu"]?.contains { $0.document == tulu && $0.fields & 1 == 1 } == true)
    }

    @Test("a packed posting list gives back every document and its fields, gaps of any size included")
    func packedPostings() {
        var generator = SystemRandomNumberGenerator()
        var expected: [UInt32] = []
        var list = SearchIndex.PostingList()
        var document: UInt32 = 0
        for index in 0..<5000 {
            // First document 0, then gaps of one, of a few, and of up to 100,000 (a rare term).
            if index > 0 {
                document += [1, 2, 200, 70_000, 100_000][index % 5] + UInt32.random(in: 0..<3, using: &generator)
            }
            let fields = UInt32.random(in: 1...7, using: &generator)
            list.append(document: document, fields: fields)
            expected.append(document << SearchIndex.Field.bits | fields)
        }
        var got: [UInt32] = []
        list.forEachPosting { got.append($0) }
        #expect(got == expected)
        #expect(list.count == expected.count)
        // Mostly one or two bytes a posting, against four unpacked.
        var dense = SearchIndex.PostingList()
        for document in 0..<10_000 { dense.append(document: UInt32(document) * 3, fields: 4) }
        #expect(dense.bytes.count == 10_000)
    }

    @Test("a term past the byte limit keeps its most telling postings (title, topic, abstract; newest first), marked ~")
    func cappedTerms() throws {
        let model = try Self.smallModel()
        let index = SearchIndex(model: model, notesText: RenderedNotes(model: model).text)
        let shards = SearchIndexWriter.shards(of: index, targetBytes: 1 << 20)
        let full = try Self.decode(shard: SearchIndexWriter.shardJSON(shards[0].terms, index))
        let limit = 8 + 5 + 1  // one posting, the best, whatever the term
        let capped = try Self.decodeMarked(shard: SearchIndexWriter.shardJSON(shards[0].terms, index, termLimit: limit))
        #expect(capped.count == full.count)
        func weight(_ fields: Int) -> Int {
            (fields & 1 != 0 ? 10 : 0) + (fields & 2 != 0 ? 4 : 0) + (fields & 4 != 0 ? 1 : 0)
        }
        var cappedCount = 0
        for (term, postings) in full where term.utf8.count <= 12 {
            let entry = try #require(capped[term])
            let keep = SearchIndexWriter.cappedPostingCount(termLength: term.utf8.count, limit: limit)
            guard postings.count > keep else {
                #expect(!entry.capped && entry.postings.map(\.document) == postings.map(\.document), "\(term)")
                continue
            }
            cappedCount += 1
            #expect(entry.capped, "\(term)")
            let best = postings.sorted { a, b in
                weight(a.fields) != weight(b.fields) ? weight(a.fields) > weight(b.fields) : a.document < b.document
            }.prefix(keep)
            #expect(entry.postings.map(\.document) == best.map(\.document).sorted(), "\(term)")
            #expect(entry.postings.map(\.fields) == best.sorted { $0.document < $1.document }.map(\.fields))
        }
        #expect(cappedCount >= 5)
        #expect(SearchIndexWriter.cappedPostingCount(termLength: 2, limit: 8 + 2 + 5 * 3) == 3)
        // The real limit leaves the small site's terms whole.
        #expect(
            try Self.decodeMarked(shard: SearchIndexWriter.shardJSON(shards[0].terms, index)).values.allSatisfy {
                !$0.capped
            })
    }

    @Test("shards split by prefix until small, and each term is in the shard of its longest prefix with one")
    func shardSplitting() throws {
        let model = try Self.smallModel()
        let index = SearchIndex(model: model, notesText: RenderedNotes(model: model).text)
        let shards = SearchIndexWriter.shards(of: index, targetBytes: 200)
        #expect(shards.count > 5)
        let names = Set(shards.map(\.name))
        var seen = 0
        for shard in shards {
            for term in shard.terms {
                let bytes = index.withBytes(of: term) { Array($0) }
                let home = (0...bytes.count).reversed().map { SearchIndexWriter.shardName(Array(bytes[..<$0])) }.first(
                    where: names.contains)
                #expect(home == shard.name, "\(String(decoding: bytes, as: UTF8.self))")
                seen += 1
            }
        }
        #expect(seen == index.sortedTerms.count)
        #expect(SearchIndexWriter.shardName(Array("ab".utf8)) == "ab")
        #expect(SearchIndexWriter.shardName(Array("é".utf8)) == "-c3-a9")
        #expect(SearchIndexWriter.shardName([]) == "-")
    }
}

@Suite("Scholarly metadata")
struct ScholarlyMetadataTests {
    static func paper(title: String, abstract: String) -> SiteModel.Paper {
        let record = PaperRecord(
            key: title.lowercased(), title: title, abstract: abstract, date: Day(year: 2024, month: 5, day: 28),
            byline: .organization(handle: "x", name: "Lab & <Co>"), upvotes: 3,
            appearances: [Appearance(digest: 0, location: SourceLocation(path: "a.txt"))])
        var paper = SiteModel.Paper(
            record: record, slug: "a-paper", topics: [], listingDate: Day(year: 2024, month: 5, day: 28))
        paper.citationKey = CitationKeys.key(for: paper)
        return paper
    }

    @Test("JSON-LD escapes <, > and & so no title can close its script element, and parses back")
    func jsonLD() throws {
        let title = "Evil </script><script>alert(1)</script> & \"quotes\"\u{2028}"
        let metadata = ScholarlyMetadata(
            paper: Self.paper(title: title, abstract: "A < B"), url: "https://e.org/papers/a-paper/",
            siteTitle: "Notes", topics: ["RL & Co"])
        let json = metadata.jsonLD()
        #expect(!json.contains("<") && !json.contains(">") && !json.contains("&") && !json.contains("\u{2028}"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["headline"] as? String == title)
        #expect(object["description"] == nil)  // the page's meta tag has it
        #expect(object["datePublished"] as? String == "2024-05-28")
        #expect((object["sourceOrganization"] as? [String: Any])?["name"] as? String == "Lab & <Co>")
        #expect(object["keywords"] as? [String] == ["RL & Co"])
    }

    @Test("BibTeX escapes its special characters, and no brace of a title counts as one, backslash or not")
    func bibTeX() {
        #expect(
            ScholarlyMetadata.bibTeXEscaped("50% of {x} & y_1 #2 $5 ~ ^ \\")
                == "50\\% of \\textbraceleft{}x\\textbraceright{} \\& y\\_1 \\#2 \\$5 \\textasciitilde{} \\textasciicircum{} \\textbackslash{}"
        )
        #expect(
            ScholarlyMetadata.bibTeXEscaped("https://e.org/{a}\\b%20#c", inURL: true)
                == "https://e.org/%7Ba%7D%5Cb\\%20\\#c")
        let entry = ScholarlyMetadata(
            paper: Self.paper(title: "Unbalanced }} , note = {x} {{ \\} title", abstract: ""),
            url: "https://e.org/p/a_b%/", siteTitle: "Notes", topics: []
        ).bibTeX()
        #expect(
            entry == """
                @misc{anon2024unbalanced,
                  title = {{Unbalanced \\textbraceright{}\\textbraceright{} , note = \\textbraceleft{}x\\textbraceright{} \\textbraceleft{}\\textbraceleft{} \\textbackslash{}\\textbraceright{} title}},
                  year = {2024},
                  month = may,
                  organization = {Lab \\& <Co>},
                  howpublished = {\\url{https://e.org/p/a_b\\%/}},
                  note = {Listed in Notes}
                }
                """)
        // BibTeX's own rule (bibtex.web, scan_balanced_braces): every brace counts, escaped or
        // not; a field's value ends where its braces balance. Each line's field must end there.
        for line in entry.split(separator: "\n").dropFirst().dropLast() {
            var depth = 0
            var closedAt: Int?
            for (offset, byte) in line.utf8.enumerated() {
                if byte == UInt8(ascii: "{") { depth += 1 }
                if byte == UInt8(ascii: "}") {
                    depth -= 1
                    if depth == 0 && closedAt == nil { closedAt = offset }
                }
                #expect(depth >= 0, "\(line)")
            }
            #expect(depth == 0, "\(line)")
            if let closedAt { #expect(line.utf8.count - closedAt <= 2, "a field ends early: \(line)") }
        }
    }
}

extension ScholarlyMetadataTests {
    /// A paper an arXiv export describes: id, primary category, DOI and authors.
    static func arxivPaper() -> SiteModel.Paper {
        var details = PaperDetails(arxiv: ArxivReference(id: "hep-th/9901001", version: 2))
        details.authors = ["Juan Maldacena", "Research and Development Lab", "Ana_Ø"]
        details.categories = ["hep-th", "gr-qc"]
        details.primaryCategory = "hep-th"
        details.doi = "10.1023/A:1026654312961"
        let record = PaperRecord(
            key: "large n", title: "The Large N Limit", abstract: "We show.", date: Day(year: 1997, month: 11, day: 27),
            byline: nil, upvotes: nil, appearances: [], details: details)
        var paper = SiteModel.Paper(
            record: record, slug: "the-large-n-limit", topics: [], listingDate: Day(year: 1997, month: 11, day: 27))
        paper.citationKey = CitationKeys.key(for: paper)
        return paper
    }

    @Test("with an arXiv id and authors, BibTeX has author, eprint, archivePrefix, primaryClass and doi")
    func bibTeXWithArxiv() {
        let entry = ScholarlyMetadata(
            paper: Self.arxivPaper(), url: "https://e.org/papers/the-large-n-limit/", siteTitle: "Notes",
            topics: []
        ).bibTeX()
        #expect(
            entry == """
                @misc{maldacena1997large,
                  title = {{The Large N Limit}},
                  author = {Juan Maldacena and {Research and Development Lab} and Ana\\_Ø},
                  year = {1997},
                  month = nov,
                  eprint = {hep-th/9901001},
                  archivePrefix = {arXiv},
                  primaryClass = {hep-th},
                  doi = {10.1023/A:1026654312961},
                  howpublished = {\\url{https://e.org/papers/the-large-n-limit/}},
                  note = {Listed in Notes}
                }
                """)
    }

    @Test("with an arXiv id and authors, JSON-LD names the authors and the arXiv id and DOI as identifier and sameAs")
    func jsonLDWithArxiv() throws {
        let json = ScholarlyMetadata(
            paper: Self.arxivPaper(), url: "https://e.org/papers/the-large-n-limit/", siteTitle: "Notes",
            topics: []
        ).jsonLD()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let authors = try #require(object["author"] as? [[String: String]])
        #expect(
            authors == [
                ["@type": "Person", "name": "Juan Maldacena"],
                ["@type": "Person", "name": "Research and Development Lab"],
                ["@type": "Person", "name": "Ana_Ø"],
            ])
        let identifiers = try #require(object["identifier"] as? [[String: String]])
        #expect(
            identifiers == [
                ["@type": "PropertyValue", "propertyID": "arXiv", "value": "hep-th/9901001"],
                ["@type": "PropertyValue", "propertyID": "DOI", "value": "10.1023/A:1026654312961"],
            ])
        #expect(
            object["sameAs"] as? [String] == [
                "https://arxiv.org/abs/hep-th/9901001", "https://doi.org/10.1023/A:1026654312961",
            ])
        // A paper no richer source knows has none of these.
        let plain = ScholarlyMetadata(
            paper: Self.paper(title: "T", abstract: ""), url: "https://e.org/p/", siteTitle: "N",
            topics: [])
        let plainObject = try #require(
            try JSONSerialization.jsonObject(with: Data(plain.jsonLD().utf8)) as? [String: Any])
        #expect(plainObject["author"] == nil && plainObject["identifier"] == nil && plainObject["sameAs"] == nil)
        #expect(!plain.bibTeX().contains("eprint") && !plain.bibTeX().contains("author"))
    }
}
