import QuireCore

/// A fingerprint of everything each paper's page is made from, taken from the model rather than
/// from the page's values: building a page's values costs more than rendering them, so a
/// rebuild that skips an unchanged page must know it is unchanged before building anything.
///
/// A paper page shows its paper (every field its sources gave, its slug, topics, dates, feed id,
/// citation key, notes and which of its authors have pages), the digests that listed it, and
/// its related papers as cards (each made from the same things), inside the site-wide values
/// the paper template can read. Each of these goes into the fingerprint; the templates and
/// Quire itself key the store the fingerprints are kept in (`RenderedPages`). Tests build
/// with `BuildOptions.verifiesKeptPages`, which renders every page it would keep and fails
/// when the bytes differ: an input left out of here shows up there.
struct PaperPageInputs {
    /// Each paper's own fingerprint: what its page and its card show of it.
    private let own: [Fingerprint128]
    /// The site-wide values, as far as the paper template can read them.
    private let chrome: Fingerprint128

    init(contexts: PageContexts, readable: Set<TemplateName>) {
        let model = contexts.model
        var chrome = StreamHasher()
        contexts.site.fingerprint(into: &chrome, readable: readable)
        for text in [model.config.title, model.config.description, model.config.language] { chrome.add(text) }
        chrome.add(contexts.siteURL.description)
        chrome.add(contexts.siteURL.basePath)
        for topic in model.topics {
            chrome.add(topic.rule.title)
            chrome.add(topic.rule.slug)
        }
        self.chrome = chrome.value
        let notes = contexts.notes
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

    /// The fingerprint of paper `index`'s page: the paper, the digests that list it (as its
    /// page names them), its related papers and the site.
    func page(_ index: Int, contexts: PageContexts) -> Fingerprint128 {
        var hasher = StreamHasher()
        hasher.add(chrome.first)
        hasher.add(chrome.second)
        hasher.add(own[index].first)
        hasher.add(own[index].second)
        let paper = contexts.model.papers[index]
        let listed = contexts.sourcesByDate(paper)
        hasher.add(listed.count)
        for digest in listed { contexts.digestSources[digest].fingerprint(into: &hasher) }
        hasher.add(paper.listingDate.map { contexts.hasDayPage($0) } == true ? 1 : 0)
        let related = contexts.related.of(index)
        hasher.add(related.count)
        for other in related {
            hasher.add(own[Int(other)].first)
            hasher.add(own[Int(other)].second)
        }
        return hasher.value
    }
}
