import Foundation

/// Reads the titles of the reference digests without QuireKit, so tests can check the parser
/// and the site against an independent reading. In a digest, paragraphs are separated by blank
/// lines; after the header's date line (`Apr 13`) come entries: a title paragraph, an abstract
/// paragraph and, optionally, a meta paragraph whose second line is `·`. So a title is the
/// line before an abstract.
package enum SeedReader {
    package struct Digest {
        package var fileName: String
        package var titles: [String]
    }

    package static func read(folder: String = TestPaths.seeds) throws -> [Digest] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".txt") }.sorted()
        return try names.map { name in
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            return Digest(fileName: name, titles: titles(in: text))
        }
    }

    package static func titles(in text: String) -> [String] {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        var paragraphs: [[String]] = []
        var current: [String] = []
        for line in lines {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                if !current.isEmpty { paragraphs.append(current) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { paragraphs.append(current) }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard
            let dateIndex = paragraphs.firstIndex(where: { paragraph in
                let words = paragraph[0].split(separator: " ")
                return paragraph.count == 1 && words.count == 2 && months.contains(String(words[0]))
                    && Int(words[1]) != nil
            })
        else { return [] }
        let entries = paragraphs[(dateIndex + 1)...].filter {
            !($0.count >= 2 && $0[1].trimmingCharacters(in: .whitespaces) == "·")
        }
        return stride(from: entries.startIndex, to: entries.endIndex - 1, by: 2).map { entries[$0][0] }
    }

    /// Every title of every seed, in file order, repeats included.
    package static func allTitles() throws -> [String] {
        try read().flatMap(\.titles)
    }
}
