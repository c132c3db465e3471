import PostlintModel

/// A file's path made absolute, and where its site places it: worked out once per file, when the
/// file is chosen, and handed to everything that asks later (the site file, the front-matter
/// defaults, the cache).
public struct SitePath: Sendable {
    /// The path as given.
    public let path: String
    /// The path made absolute (`ConfigurationLoader.absolute`).
    public let absolute: String
    /// What the site makes of the file; without a site, what its folders say.
    public let placement: Site.Placement

    /// `path` in `site`; `absolute` when it is known already.
    public init(_ path: String, absolute: String? = nil, site: Site?) {
        let absolute = absolute ?? ConfigurationLoader.absolute(path)
        self.path = path
        self.absolute = absolute
        placement = site.map { $0.placement(of: absolute) } ?? Site.placementWithoutSite(of: path)
    }
}
