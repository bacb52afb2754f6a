import QuireCore

/// A fingerprint of each paper as its page, its card and its feed items show it, taken from the
/// model: every field its sources gave, its slug, citation key, feed id, first listing, topics,
/// rendered notes, and which of its authors have pages. Pages and feed documents that show a
/// paper are kept from the last build when these, and their own values, are unchanged.
public struct PaperFingerprints: Sendable {
    let own: [Fingerprint128]

    public init(model: SiteModel, notes: RenderedNotes) {
        own = Array(model.papers.indices).parallelMap { index in
            let paper = model.papers[index]
            var hasher = StreamHasher()
            paper.record.fingerprint(into: &hasher) { model.digests[$0].path }
            hasher.add(paper.slug)
            hasher.add(paper.citationKey)
            hasher.add(paper.customFeedID)
            hasher.add(paper.firstListed?.day)
            hasher.add(paper.firstListed?.secondsOfDay)
            hasher.add(paper.topics.count)
            for topic in paper.topics {
                hasher.add(topic.topic)
                hasher.add(topic.keywords)
            }
            hasher.add(notes.html[index])
            let authors = paper.record.details?.authors.count ?? 0
            for position in 0..<authors {
                hasher.add(
                    model.authors.page(ofAuthorAt: position, inPaper: index).map { model.authors.pages[$0].slug })
            }
            return hasher.value
        }
    }

    /// Feeds what a card or a feed item shows besides its paper: the site's address (in every
    /// link) and the topics' names and slugs (in chips and categories).
    static func addSurroundings(of model: SiteModel, siteURL: SiteURL, to hasher: inout StreamHasher) {
        hasher.add(siteURL.description)
        hasher.add(siteURL.basePath)
        for topic in model.topics {
            hasher.add(topic.rule.title)
            hasher.add(topic.rule.slug)
        }
    }

    /// Feeds paper `index`'s fingerprint to `hasher`.
    func add(_ index: Int, to hasher: inout StreamHasher) {
        hasher.add(own[index].first)
        hasher.add(own[index].second)
    }
}
