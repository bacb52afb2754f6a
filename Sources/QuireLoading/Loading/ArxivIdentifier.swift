import QuireCore

/// Reads arXiv identifiers in the forms sources write them: `2306.03805`, `2306.03805v2`,
/// `arXiv:2306.03805`, `https://arxiv.org/abs/2306.03805v2`, `http://arxiv.org/pdf/2306.03805v2.pdf`,
/// and the pre-2007 `hep-th/9901001v1` or `math.GT/0309136`.
///
/// Hand-written: the two identifier schemes are small and fixed (arXiv's "Understanding the arXiv
/// identifier" help page), and a regular expression per entry would cost more than this scan.
package enum ArxivIdentifier {
    /// The identifier without its version, and the version when one is given; nil when `text`
    /// is not an arXiv identifier or abstract/PDF URL.
    package static func parse(_ text: String) -> ArxivReference? {
        // The common case, a bare modern id (the ledger's, Hugging Face's), takes no copies.
        if isModern(Substring(text)) { return ArxivReference(id: text) }
        var rest = Substring(text.trimmingSpaces)
        for prefix in ["https://", "http://"] where rest.lowercased().hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            let host = rest.prefix { $0 != "/" }.lowercased()
            guard host == "arxiv.org" || host.hasSuffix(".arxiv.org") else { return nil }
            rest = rest.dropFirst(host.count)
            let path = rest.lowercased()
            guard let kind = ["/abs/", "/pdf/"].first(where: { path.hasPrefix($0) }) else { return nil }
            rest = rest.dropFirst(kind.count)
            if kind == "/pdf/", rest.lowercased().hasSuffix(".pdf") { rest = rest.dropLast(4) }
            while rest.hasSuffix("/") { rest = rest.dropLast() }
        }
        if rest.lowercased().hasPrefix("arxiv:") { rest = rest.dropFirst(6) }
        var version: Int?
        if let v = rest.lastIndex(where: { $0 == "v" || $0 == "V" }), rest.index(after: v) < rest.endIndex,
            rest[rest.index(after: v)...].allSatisfy(\.isASCIIDigit), rest[..<v].last?.isASCIIDigit == true
        {
            version = Int(rest[rest.index(after: v)...])
            rest = rest[..<v]
        }
        guard isModern(rest) || isOldStyle(rest) else { return nil }
        return ArxivReference(id: String(rest), version: version)
    }

    /// `YYMM.NNNN` (April 2007 to 2014) or `YYMM.NNNNN` (2015 on), with a real month.
    static func isModern(_ id: Substring) -> Bool {
        let count = id.utf8.count
        guard count == 9 || count == 10 else { return false }
        var yearMonth = 0
        for (position, byte) in id.utf8.enumerated() {
            if position == 4 {
                guard byte == 0x2E else { return false }
            } else {
                guard byte >= 0x30 && byte <= 0x39 else { return false }
                if position < 4 { yearMonth = yearMonth * 10 + Int(byte - 0x30) }
            }
        }
        // Five-digit numbers from January 2015 (1501) on, four before.
        return (1...12).contains(yearMonth % 100) && count == (yearMonth >= 1501 ? 10 : 9)
    }

    /// `archive/YYMMNNN` or `archive.XX/YYMMNNN` (`hep-th/9901001`, `math.GT/0309136`).
    static func isOldStyle(_ id: Substring) -> Bool {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 7, parts[1].allSatisfy(\.isASCIIDigit) else { return false }
        let archive = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        guard let name = archive.first, !name.isEmpty, name.allSatisfy({ ("a"..."z").contains($0) || $0 == "-" }) else {
            return false
        }
        if archive.count == 1 { return true }
        return archive.count == 2 && archive[1].count == 2 && archive[1].allSatisfy { ("A"..."Z").contains($0) }
    }

    /// Whether `text` looks like an arXiv category: `cs.LG`, `stat.ML`, `hep-th`, `astro-ph.CO`.
    package static func isCategory(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let archive = parts.first, !archive.isEmpty,
            archive.allSatisfy({ $0.isASCIILetter || $0 == "-" })
        else { return false }
        return parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy { $0.isASCIILetter || $0 == "-" })
    }
}
