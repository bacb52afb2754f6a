import CFuzzerDriver
import Foundation
import QuireCore
import QuireLoading

/// libFuzzer entry point: any bytes as `quire-ledger.yml`, read by Quire's fast reader or, for
/// anything else, through Yams. Besides not crashing or hanging, what the reader promises must
/// hold: the entries it keeps have unique slugs of a-z, 0-9 and '-', feed ids printable without
/// escaping, `moved_to` targets that are slugs too; every diagnostic names the file; and writing
/// the ledger and reading it back gives the same entries with no diagnostic.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLedger(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    let (ledger, diagnostics) = LedgerFile.parse(text, path: "ledger.yml")
    for diagnostic in diagnostics {
        precondition(
            diagnostic.description.hasPrefix("ledger.yml"), "a diagnostic without the file's path: \(diagnostic)")
    }
    var slugs = Set<String>()
    for entry in ledger.entries {
        precondition(isSlug(entry.slug) && slugs.insert(entry.slug).inserted, "a bad or repeated slug '\(entry.slug)'")
        precondition(entry.movedTo.map(isSlug) ?? true, "a bad moved_to '\(entry.movedTo!)'")
        precondition(
            !entry.feedID.unicodeScalars.contains {
                $0.value <= 0x20 || "\"<>\\".unicodeScalars.contains($0) || $0.value == 0x7F
            },
            "a feed id that needs escaping: '\(entry.feedID)'")
    }
    let (again, problems) = LedgerFile.parse(LedgerFile.text(ledger), path: "ledger.yml")
    precondition(
        problems.isEmpty && again.entries == ledger.entries, "the written ledger does not read back: \(problems)")
    return 0
}

func isSlug(_ text: String) -> Bool {
    !text.isEmpty && text.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
}

@main
enum FuzzLedgerMain {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzLedger))
    }
}
