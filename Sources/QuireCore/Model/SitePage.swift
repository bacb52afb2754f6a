/// An ordinary page of the site (an About page, a reading group's schedule): `pages/<slug>.md`.
public struct SitePage: Sendable, Equatable {
    /// From the file name: `about.md` is published at `/about/`.
    public var slug: String
    public var title: String
    /// The page's place in the navigation (lowest first); pages without one follow, by title.
    public var navOrder: Int?
    public var markdown: String
    public var path: String

    public init(slug: String, title: String, navOrder: Int?, markdown: String, path: String) {
        self.slug = slug
        self.title = title
        self.navOrder = navOrder
        self.markdown = markdown
        self.path = path
    }
}
