/// Every file and folder a build of a site reads. The one list the build, its up-to-date
/// fingerprint and the preview's watcher share, so none of them can forget an input.
public struct SiteInputs: Sendable, Equatable {
    /// `quire.yml`.
    public static let configFileName = "quire.yml"
    /// `quire-ledger.yml`.
    public static let ledgerFileName = "quire-ledger.yml"

    public var siteDirectory: String
    /// Defaults to `SITE_DIR/quire-ledger.yml`.
    public var ledgerPath: String
    /// The default theme's folder; nil for the theme compiled into Quire.
    public var themeDirectory: String?
    /// The configuration's `trusted_folders`, absolute or relative to the site folder.
    public var trustedFolders: [String]

    public init(
        siteDirectory: String, ledgerPath: String? = nil, themeDirectory: String? = nil, trustedFolders: [String] = []
    ) {
        self.siteDirectory = siteDirectory
        self.ledgerPath = ledgerPath ?? siteDirectory + "/" + Self.ledgerFileName
        self.themeDirectory = themeDirectory
        self.trustedFolders = trustedFolders
    }

    public var configPath: String { siteDirectory + "/" + Self.configFileName }
    public var digestsDirectory: String { siteDirectory + "/digests" }
    /// Ordinary pages, `pages/*.md`.
    public var pagesDirectory: String { siteDirectory + "/pages" }
    /// The site's own templates, which override the theme's files of the same name.
    public var templatesDirectory: String { siteDirectory + "/templates" }

    /// The folders a build walks, in a fixed order: digests, pages, the site's templates and the
    /// theme's folder when it has one.
    public var folders: [String] {
        [digestsDirectory, pagesDirectory, templatesDirectory] + (themeDirectory.map { [$0] } ?? [])
    }

    /// Every input path: the configuration, the ledger and the folders.
    public var all: [String] { [configPath, ledgerPath] + folders }

    /// The folders the site's symlinks may lead into: the site, the theme folder and the
    /// trusted folders (relative ones below the site folder).
    public var boundary: InputBoundary {
        InputBoundary(
            folders: [siteDirectory] + (themeDirectory.map { [$0] } ?? [])
                + trustedFolders.map { $0.hasPrefix("/") ? $0 : siteDirectory + "/" + $0 })
    }
}
