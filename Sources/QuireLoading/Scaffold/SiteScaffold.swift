import Foundation
import QuireCore

/// The starter site `quire init` writes: a commented `quire.yml` with two topics, one small
/// example digest, an About page (`pages/about.md`), an empty `templates/` folder with a note, and
/// a `.gitignore` for the output.
/// It builds as it is.
public enum SiteScaffold {
    /// Every file of the starter site, by path relative to the site folder, with its text.
    public static let files: [(path: String, text: String)] = [
        (ConfigLoader.fileName, config),
        ("digests/" + exampleDigestName, exampleDigest),
        ("pages/about.md", aboutPage),
        ("templates/README.md", templatesNote),
        (".gitignore", gitignore),
    ]

    /// Named by its date, which pins the digest's year.
    public static let exampleDigestName = "2025-06-12.txt"

    /// Writes the starter site into `directory`, creating it when missing; refuses a folder
    /// that holds anything already. Returns the paths written.
    @discardableResult
    public static func create(at directory: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ScaffoldFailure("\(directory) is a file; choose a new folder for the site")
            }
            let contents = try FileManager.default.contentsOfDirectory(atPath: directory)
            guard contents.isEmpty else {
                throw ScaffoldFailure("\(directory) is not empty; choose a new or empty folder (nothing was written)")
            }
        }
        var written: [String] = []
        for (relative, text) in files {
            let path = directory + "/" + relative
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true)
            try FileOutput.write(Array(text.utf8), to: path, existing: .refused)
            written.append(path)
        }
        return written
    }

    // MARK: - The files

    static let aboutPage = """
        ---
        title: About
        nav: 1
        ---
        This site lists the research papers we read, with our notes on them.

        Every file in `pages/` becomes a page like this one, at `/<file name>/`, in the site's
        navigation: a front matter with `title` (and `nav`, its place in the menu), then Markdown.
        Add a reading group's schedule, say, as `pages/schedule.md`.

        """

    static let config = """
        # The configuration of a Quire site. Every key is optional; the values below are examples.
        # `quire check` reports mistakes here with their line, and `quire serve` shows changes at once.

        # The site's name, shown in every page's header and in the feeds.
        title: "My Reading List"
        # One sentence under the title on the home page, and the feeds' description.
        description: "Papers I want to remember, collected from Hugging Face Daily Papers."
        # Where the site will be published. Links inside pages are written under its path, so a
        # site published in a subfolder (https://example.org/papers/) works there. Feeds use the
        # full address. `quire serve` previews the site on its own address, keeping the path.
        base_url: "https://example.org/"
        # The language of the pages and feeds (an IETF tag: en, de, fr-CA...).
        language: en
        # Shown as the author of the feeds.
        author: "Your Name"
        # Papers per topic page and per page of undated papers; 0 puts a whole list on one page.
        page_size: 25
        # How many of the newest papers each feed carries.
        feed_limit: 50

        # A digest's date is the date line at its top ("Jun 12"). Hugging Face leaves out the year
        # of its own year's dates, so Quire infers the year from the dates of the digest's papers;
        # a file name starting with YYYY-MM-DD pins it, and so does this list (file name: date):
        # digest_dates:
        #   some-digest.txt: 2025-06-12

        # What `quire fetch` downloads into digests/ when run with no source named (from a daily
        # cron line or a scheduled CI job): today's Hugging Face daily papers into
        # digests/hf/YYYY-MM-DD.json, the newest papers of each arXiv API query into
        # digests/arxiv/YYYY-MM-DD-<query>.xml, and the day's arXiv announcement feed of some
        # categories into digests/arxiv-listing/YYYY-MM-DD-<categories>.xml. `quire fetch hf`,
        # `quire fetch arxiv --query …` and `quire fetch arxiv-listing cs.CL …` fetch one source by hand.
        # fetch:
        #   hf: true
        #   arxiv: ["cat:cs.LG AND abs:pruning"]
        #   arxiv_listing: [cs.CL, cs.LG]

        # Which of arXiv's announcements list a paper on the feed's day: new papers and cross-lists
        # by default; replace and replace-cross (a new version) then only update the paper's page.
        # arxiv_announce: [new, cross]

        # Topics group the papers. A paper belongs to a topic when one of its keywords occurs in
        # its title or abstract as a whole word or phrase (case does not matter) and none of the
        # `exclude` words does. A paper may belong to several topics; papers that match none are
        # listed under "Other". `slug` names the topic's pages (/topics/<slug>/) and feeds; use
        # a-z, 0-9 and '-'. `description` is optional.
        topics:
          - slug: pruning
            title: "Pruning & Sparsity"
            description: "Removing weights, heads or whole layers."
            keywords: ["pruning", "pruned", "prune", "sparse", "sparsity"]
          - slug: quantization
            title: "Quantization"
            description: "Fewer bits for weights and activations."
            keywords: ["quantization", "quantized", "low-bit", "int8", "int4"]
            exclude: ["vector quantization"]

        """

    /// Invented papers (titles and abstracts written for this example) in the Hugging Face text
    /// format: a date line, then per paper a title, a one-line abstract and a meta block (the
    /// authors or an organisation, `·`, the date, upvotes if any; dates in the digest's own year
    /// print no year).
    static let exampleDigest = """
        Jun 12

        Pruning Attention Heads Without a Calibration Set

        We show that many attention heads of a small language model can be pruned by looking at the weights alone, with no calibration data. A score computed from each head's output projection ranks the heads, and removing the lowest third costs less than one point of accuracy on five reading benchmarks.

          • 3 authors
        ·
        Jun 10 14

        Low-Bit Quantization for Speech Recognition on Phones

        Speech recognizers on phones must fit in little memory. We train a recognizer whose weights are quantized to four bits and whose activations use int8, and describe the two changes to training that keep its word error rate within a tenth of the full-precision model.

        Example-Lab Example Lab
        ·
        Jun 9 7

        A Small Benchmark for Recalling Facts from Long Documents

        We collect two hundred long documents, each with ten questions whose answers appear exactly once, and measure how often models find them as the documents grow. Recall falls steadily with length for every model we test, and faster when the answer sits in the middle.

          • 5 authors
        ·
        Mar 3, 2024 21

        Sparse Adapters for Quantized Vision Transformers

        Fine-tuning a quantized vision transformer usually means undoing its quantization. We instead train sparse adapters beside the frozen low-bit weights, updating under one percent of the parameters while matching full fine-tuning on four image classification tasks.

          • 2 authors
        ·
        Jun 11

        """

    static let templatesNote = """
        # Overriding the theme

        Quire builds pages with its default theme: Mustache templates and a stylesheet. A file in
        this folder replaces the theme's file of the same name, so you change only what you need:

        - `style.css`: the stylesheet.
        - `base.mustache`: the layout every page shares (head, header, footer).
        - `home.mustache`, `paper.mustache`, `topic.mustache`, `topics.mustache`,
          `digest.mustache`, `digests.mustache`, `dates*.mustache`, `404.mustache`: one per kind of page.
        - `paper-card.mustache`, `paper-meta.mustache`, `pagination.mustache`: pieces the pages share.

        Start from a copy of the theme's file: the theme is the `Templates/` folder of Quire's
        sources. Other files put here (images, scripts) are copied into the site as they are.
        Files ending in `.md`, like this note, are ignored. Links to pages and files should start
        with `{{site.root}}` so the site works under a subpath of `base_url`.

        `quire serve` rebuilds when a file here changes; `quire check` reports template errors
        with their line.

        """

    static let gitignore = """
        # The built site and the files Quire keeps beside it while building.
        /public/
        /.public.quire-*

        """
}

/// Why `quire init` wrote nothing.
public struct ScaffoldFailure: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
