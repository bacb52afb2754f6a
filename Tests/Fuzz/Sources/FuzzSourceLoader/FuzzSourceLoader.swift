import CFuzzerDriver
import Foundation
import QuireCore
import QuireLoading

/// libFuzzer entry point: any bytes as a source file of the format `QUIRE_FUZZ_FORMAT` names
/// (`json`: a Hugging Face daily-papers response, `jsonl`: a daily-arXiv-ai-enhanced day, `atom`:
/// an arXiv API export or announcement feed, `md`: a curator's note with its front matter), loaded as the site loads it: parsed, dated, normalized, merged.
/// Besides not crashing or hanging, what the loader promises must hold: every paper has a title
/// and a merge key, its text is normalized (no control character, no stray space), its slug is a
/// plain path segment, an arXiv id it keeps is safe in a URL, and every diagnostic names the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSourceLoader(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let fileName = "fuzz." + FuzzFormat.fileExtension
    guard let corpus = FuzzFormat.loader.load(bytes: bytes, fileName: fileName) else {
        fatalError("\(fileName) is not a source")
    }
    for paper in corpus.papers {
        precondition(
            !paper.title.isEmpty && !paper.key.isEmpty,
            "a paper without a title or merge key: \(paper.title.debugDescription)")
        checkNormalized(paper.title)
        checkNormalized(paper.abstract)
        let slug = Slug.make(from: paper.title, fallback: "paper")
        let bytes = Array(slug.utf8)
        precondition(
            !bytes.isEmpty && bytes.count <= Slug.maxLength
                && bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D },
            "unsafe slug '\(slug)'")
        if let arxiv = paper.arxiv {
            // `2306.03805` or `hep-th/9901001`: it is written into URLs and the ledger as it is.
            let id = Array(arxiv.id.utf8)
            precondition(
                !id.isEmpty
                    && id.allSatisfy {
                        ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39)
                            || $0 == 0x2E || $0 == 0x2D || $0 == 0x2F
                    }
                    && id.filter { $0 == 0x2F }.count <= 1, "an arXiv id unsafe in a URL: '\(arxiv.id)'")
        }
    }
    for diagnostic in corpus.diagnostics {
        precondition(diagnostic.description.hasPrefix(fileName), "a diagnostic without the file's path: \(diagnostic)")
    }
    return 0
}

/// No C0 control or DEL, no space at either end, no two spaces in a row.
func checkNormalized(_ text: String) {
    let bytes = Array(text.utf8)
    precondition(
        !bytes.contains { $0 < 0x20 || $0 == 0x7F } && bytes.first != 0x20 && bytes.last != 0x20
            && !text.contains("  "),
        "badly normalized text '\(text.debugDescription)'")
}

/// The format under test, from the environment (one binary serves four targets).
enum FuzzFormat {
    static let fileExtension: String = {
        let format = ProcessInfo.processInfo.environment["QUIRE_FUZZ_FORMAT"] ?? ""
        guard ["json", "jsonl", "atom", "md"].contains(format) else {
            fatalError("set QUIRE_FUZZ_FORMAT to json, jsonl, atom or md")
        }
        return format
    }()
    /// Topics a note may name, so its `topics:` are checked against something. (libFuzzer calls
    /// the target from one thread; the loader is only read.)
    nonisolated(unsafe) static let loader: DigestLoader = {
        var config = SiteConfig()
        config.topics = [TopicRule(slug: "pruning", title: "Pruning", keywords: ["pruning"])]
        return DigestLoader(config: config)
    }()
}

@main
enum FuzzSourceLoaderMain {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzSourceLoader))
    }
}
