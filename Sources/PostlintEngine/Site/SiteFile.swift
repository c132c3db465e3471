import PostlintModel
import PostlintRules

/// What Jekyll makes of one parsed file of a site.
public enum SiteFile: Sendable, Equatable {
    /// It is processed as this kind, so the rules for the kind read it.
    case document(DocumentKind)
    /// Jekyll does not process it, for this reason; no rule reads it.
    case skipped(String)

    public var kind: DocumentKind? {
        if case .document(let kind) = self { return kind }
        return nil
    }

    public var skipReason: String? {
        if case .skipped(let reason) = self { return reason }
        return nil
    }
}

extension Configuration {
    /// Where this configuration's site places the file at `path`.
    public func sitePath(for path: String) -> SitePath {
        SitePath(path, site: site)
    }

    /// What Jekyll makes of `post`, read through the site this configuration belongs to, at
    /// `place` when that is known already. A post read from standard input without a file name
    /// is taken as a post.
    public func siteFile(for post: Post, at place: SitePath? = nil) -> SiteFile {
        if post.path == "<stdin>" { return .document(.post) }
        switch (place ?? sitePath(for: post.path)).placement {
        case .document(.post) where post.frontMatter == nil && FileNameDate(post.fileName) == nil:
            // Neither a post's name nor its front matter: notes kept beside the posts, which
            // Jekyll skips as their writer means it to.
            return .skipped("it has neither a `YYYY-MM-DD-` name nor front matter, so Jekyll makes no post of it")
        case .document(let kind): return .document(kind)
        case .skipped(let reason): return .skipped(reason)
        case .pageIfFrontMatter:
            return post.frontMatter != nil ? .document(.page) : .skipped("it has no front matter, so Jekyll copies it unchanged")
        }
    }

    /// The zone dates without an offset are read in: the site's `timezone`, which Jekyll uses,
    /// else the configuration's.
    public var effectiveTimeZone: SiteTimeZone? {
        site?.configuration.timezone ?? timezone
    }

    /// The facts rules read about a file of `kind` in this configuration's site.
    public func environment(now: Int, for post: Post, kind: DocumentKind, at place: SitePath? = nil) -> LintEnvironment {
        LintEnvironment(
            now: now, zone: effectiveTimeZone, kind: kind,
            publishesFuture: site?.configuration.future ?? false,
            defaultKeys: site.map { $0.defaultKeys(for: (place ?? sitePath(for: post.path)).absolute, kind: kind) } ?? [])
    }
}
