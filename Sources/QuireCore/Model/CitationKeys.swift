/// BibTeX keys as reference managers make them: the first author's surname (or `anon`), the
/// year and the first significant word of the title (`chen2025sparse`), unique within the site.
enum CitationKeys {
    /// Title words too common to name a paper by.
    static let insignificantWords: Set<String> = [
        "a", "an", "the", "on", "of", "in", "for", "to", "and", "or", "with", "without", "towards", "toward",
        "via", "from", "is", "are", "do", "does", "can", "what", "how", "why", "when", "at", "by", "as", "into",
        "not", "all", "your", "you", "we", "our", "its", "it", "be", "this", "that",
    ]

    /// A key for every paper, in the order of `papers`; where two would be equal, the paper
    /// later in `order` gets `b`, `c`… (then a number) appended.
    static func assign(_ papers: [SiteModel.Paper], order: [Int]) -> [String] {
        var keys = [String](repeating: "", count: papers.count)
        var used = Set<String>()
        // The last attempt each base reached: a taken key stays taken, so the next paper with
        // that base goes on from there instead of trying every suffix again (thousands of
        // papers share `anon2024learning` in a site whose sources name no authors).
        var lastAttempt: [String: Int] = [:]
        // The bases, from names and titles, are made on every core; only the suffixes are serial.
        let bases = papers.parallelMap { key(for: $0) }
        for index in order {
            let base = bases[index]
            var attempt = lastAttempt[base] ?? 1
            while used.contains(candidate(base, attempt)) { attempt += 1 }
            lastAttempt[base] = attempt
            used.insert(candidate(base, attempt))
            keys[index] = candidate(base, attempt)
        }
        return keys
    }

    /// Attempt 1 is the base itself; 2 to 26 append `b` to `z`; later ones, the number.
    private static func candidate(_ base: String, _ attempt: Int) -> String {
        if attempt == 1 { return base }
        return attempt <= 26 ? base + String(UnicodeScalar(UInt8(0x60 + attempt))) : base + String(attempt)
    }

    /// The key before it is made unique.
    static func key(for paper: SiteModel.Paper) -> String {
        let surname = paper.record.details?.authors.first.flatMap(surname) ?? "anon"
        let year = (paper.date ?? paper.listingDate).map { String($0.year) } ?? ""
        let words = Slug.make(from: Slug.foldingCompatibilityCharacters(paper.title), fallback: "").split(
            separator: "-")
        let word = words.first { !insignificantWords.contains(String($0)) } ?? words.first ?? ""
        return surname + year + word
    }

    /// The last word of a name, as lowercase ASCII letters (`Chen` for `Tianlong Chen`), or nil.
    static func surname(_ name: String) -> String? {
        guard let last = name.split(separator: " ").last else { return nil }
        let letters = Slug.make(from: String(last), fallback: "").filter { $0 != "-" }
        return letters.isEmpty ? nil : letters
    }
}
