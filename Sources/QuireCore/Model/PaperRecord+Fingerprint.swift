/// Stable fingerprints of what a paper's sources say, field by field, so that a build can tell
/// which papers changed since the last one without keeping the last one's records.
///
/// Written out field by field: Swift's `Hashable` is seeded afresh in every process, and going
/// through `Encodable` costs about as much as rendering the page it would spare. A test counts
/// each type's stored properties, so a field added later cannot be left out unnoticed.
extension PaperRecord {
    /// Feeds every field to `hasher`; a listing's digest is named by `digestPath`, since digest
    /// numbers shift when a digest is added.
    package func fingerprint(into hasher: inout StreamHasher, digestPath: (Int) -> String) {
        hasher.add(key)
        hasher.add(title)
        hasher.add(abstract)
        hasher.add(date)
        switch byline {
        case nil: hasher.add(0)
        case .authors(let count):
            hasher.add(1)
            hasher.add(count)
        case let .organization(handle, name):
            hasher.add(2)
            hasher.add(handle)
            hasher.add(name)
        }
        hasher.add(upvotes)
        hasher.add(appearances.count)
        for appearance in appearances {
            hasher.add(digestPath(appearance.digest))
            hasher.add(appearance.location)
            hasher.add(appearance.listed?.day)
            hasher.add(appearance.listed?.secondsOfDay)
        }
        if let details { details.fingerprint(into: &hasher) } else { hasher.add(0) }
    }
}

extension PaperDetails {
    package func fingerprint(into hasher: inout StreamHasher) {
        hasher.add(1)
        hasher.add(arxiv?.id)
        hasher.add(arxiv?.version)
        hasher.add(authors)
        hasher.add(categories)
        hasher.add(primaryCategory)
        hasher.add(doi)
        hasher.add(journalRef)
        hasher.add(updated)
        hasher.add(arxivComment)
        hasher.add(link)
        hasher.add(commentCount)
        hasher.add(submittedBy)
        hasher.add(keywords)
        hasher.add(githubRepo)
        hasher.add(githubStars)
        hasher.add(projectPage)
        hasher.add(machineSummaries.count)
        for summary in machineSummaries {
            hasher.add(summary.text)
            hasher.add(summary.language)
            hasher.add(summary.writer)
        }
        hasher.add(thumbnail)
        hasher.add(mediaURLs)
        hasher.add(affiliations.count)
        for name in affiliations.keys.sorted() {
            hasher.add(name)
            hasher.add(affiliations[name]!)
        }
        hasher.add(tags)
        hasher.add(featured ? 1 : 0)
        hasher.add(topics)
        hasher.add(notes.count)
        for note in notes {
            hasher.add(note.markdown)
            hasher.add(note.location)
        }
        hasher.add(otherTitleKeys)
    }
}

extension StreamHasher {
    package mutating func add(_ number: Int) { add(UInt64(bitPattern: Int64(number))) }

    /// Nil and each value feed different words.
    package mutating func add(_ number: Int?) {
        add(number == nil ? 0 : 1)
        if let number { add(number) }
    }

    package mutating func add(_ text: String?) {
        add(text == nil ? 0 : 1)
        if let text { add(text) }
    }

    package mutating func add(_ texts: [String]) {
        add(texts.count)
        for text in texts { add(text) }
    }

    package mutating func add(_ day: Day?) {
        guard let day else { return add(0) }
        add(1)
        add(day.year * 10_000 + day.month * 100 + day.day)
    }

    package mutating func add(_ location: SourceLocation) {
        add(location.path)
        add(location.line)
        add(location.pointer)
    }
}
