import QuireCore

/// A fingerprint of everything each paper's page is made from, taken from the model rather than
/// from the page's values: building a page's values costs more than rendering them, so a
/// rebuild that skips an unchanged page must know it is unchanged before building anything.
///
/// A paper page shows its paper (`PaperFingerprints`), the digests that listed it, and its
/// related papers as cards, inside the site-wide values the paper template can read. Each of
/// these goes into the fingerprint; the templates and Quire itself key the store the
/// fingerprints are kept in (`RenderedPages`). Tests build
/// with `BuildOptions.verifiesKeptPages`, which renders every page it would keep and fails
/// when the bytes differ: an input left out of here shows up there.
struct PaperPageInputs {
    /// Each paper's own fingerprint: what its page and its card show of it.
    private let papers: PaperFingerprints
    /// The site-wide values, as far as the paper template can read them.
    private let chrome: Fingerprint128

    init(contexts: PageContexts, readable: Set<TemplateName>, papers: PaperFingerprints) {
        let model = contexts.model
        var chrome = StreamHasher()
        contexts.site.fingerprint(into: &chrome, readable: readable)
        for text in [model.config.title, model.config.description, model.config.language] { chrome.add(text) }
        PaperFingerprints.addSurroundings(of: model, siteURL: contexts.siteURL, to: &chrome)
        self.chrome = chrome.value
        self.papers = papers
    }

    /// The fingerprint of paper `index`'s page: the paper, the digests that list it (as its
    /// page names them), its related papers and the site.
    func page(_ index: Int, contexts: PageContexts) -> Fingerprint128 {
        var hasher = StreamHasher()
        hasher.add(chrome.first)
        hasher.add(chrome.second)
        papers.add(index, to: &hasher)
        let paper = contexts.model.papers[index]
        let listed = contexts.sourcesByDate(paper)
        hasher.add(listed.count)
        for digest in listed { contexts.digestSources[digest].fingerprint(into: &hasher) }
        hasher.add(paper.listingDate.map { contexts.hasDayPage($0) } == true ? 1 : 0)
        let related = contexts.related.of(index)
        hasher.add(related.count)
        for other in related { papers.add(Int(other), to: &hasher) }
        return hasher.value
    }
}
