import Foundation
import PostlintModel
import PostlintRules

/// What a Jekyll site's `_config.yml` says that decides which files Jekyll processes and how:
/// the settings postlint reads, each with Jekyll's default.
public struct SiteConfiguration: Sendable {
    /// `exclude`, over Jekyll's own defaults (which a site's list replaces, as in Jekyll).
    public var exclude: [String] = Self.defaultExclude
    /// `include`: names Jekyll processes although they start with `_` or `.`.
    public var include: [String] = [".htaccess"]
    /// `timezone`: the zone of dates without an offset; nil means the build machine's.
    public var timezone: SiteTimeZone?
    /// `future`: whether posts dated after the build are published.
    public var future = false
    /// `markdown_ext`: the extensions Jekyll converts as Markdown, lower-cased.
    public var markdownExtensions: Set<String> = ["markdown", "mkdown", "mkdn", "mkd", "md"]
    /// `collections` other than posts, by label, with `output`.
    public var collections: [String: Bool] = [:]
    /// `collections_dir`: where `_posts`, `_drafts` and the collections live ("" = the root).
    public var collectionsDirectory = ""
    /// `layouts_dir`, `includes_dir`, `data_dir`, `plugins_dir`, `sass_dir` (`sass: sass_dir:`).
    public var layoutsDirectory = "_layouts"
    public var includesDirectory = "_includes"
    public var dataDirectory = "_data"
    public var pluginsDirectory = "_plugins"
    public var sassDirectory = "_sass"
    /// `permalink`.
    public var permalink = "date"
    /// `defaults`: front-matter values by scope.
    public var defaults: [FrontMatterDefault] = []

    /// Jekyll 4.3's `exclude` when a site names none.
    public static let defaultExclude = [
        ".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock", "node_modules",
        "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/",
    ]

    public init() {}

    /// Reads `_config.yml`'s text; `path` names it in errors. Keys postlint does not use are
    /// ignored, as Jekyll's plugins read their own.
    public init(yaml text: String, path: String) throws(ConfigurationError) {
        let value: RuleValue
        do {
            value = try RuleValue.parse(yaml: text)
        } catch {
            throw ConfigurationError(path: path, line: error.mark?.line, message: "invalid YAML: \(error.problem); Jekyll cannot build this site")
        }
        if case .null = value { return }
        guard case .map = value else {
            throw ConfigurationError(path: path, line: 1, message: "a Jekyll configuration is a mapping")
        }
        if let exclude = value["exclude"] { exclude.strings.isEmpty ? () : (self.exclude = exclude.strings) }
        if let include = value["include"] { self.include = include.strings }
        if let zone = value["timezone"]?.string, !zone.isEmpty {
            guard let parsed = SiteTimeZone(zone) else {
                throw ConfigurationError(path: path, line: nil, message: "timezone `\(zone)` is not a zone the system knows (e.g. Asia/Shanghai)")
            }
            timezone = parsed
        }
        future = value["future"]?.bool ?? false
        if let extensions = value["markdown_ext"]?.string {
            markdownExtensions = Set(extensions.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        }
        switch value["collections"] {
        case .map(let pairs)?:
            for (label, settings) in pairs { collections[label] = settings["output"]?.bool ?? false }
        case let list? where !list.strings.isEmpty:
            for label in list.strings { collections[label] = false }
        default: break
        }
        collections["posts"] = nil
        collectionsDirectory = Self.folder(value["collections_dir"]?.string ?? "")
        layoutsDirectory = Self.folder(value["layouts_dir"]?.string ?? layoutsDirectory)
        includesDirectory = Self.folder(value["includes_dir"]?.string ?? includesDirectory)
        dataDirectory = Self.folder(value["data_dir"]?.string ?? dataDirectory)
        pluginsDirectory = Self.folder(value["plugins_dir"]?.string ?? pluginsDirectory)
        sassDirectory = Self.folder(value["sass"]?["sass_dir"]?.string ?? sassDirectory)
        permalink = value["permalink"]?.string ?? permalink
        for item in value["defaults"]?.list ?? [] {
            let scope = item["scope"]
            let keys = item["values"]?.entries.map(\.key) ?? []
            defaults.append(FrontMatterDefault(
                path: Self.folder(scope?["path"]?.string ?? ""), type: scope?["type"]?.string, keys: Set(keys)))
        }
    }

    /// A folder setting without `./` or a trailing `/`.
    private static func folder(_ text: String) -> String {
        var text = text
        while text.hasPrefix("./") { text.removeFirst(2) }
        while text.hasSuffix("/") { text.removeLast() }
        return text == "." ? "" : text
    }
}

/// One entry of `defaults:`: the keys it gives the files in its scope.
public struct FrontMatterDefault: Sendable {
    /// `scope.path`, relative to the site root; "" for every file. May hold `*` globs.
    public let path: String
    /// `scope.type`: `posts`, `drafts`, `pages` or a collection label; nil for every type.
    public let type: String?
    public let keys: Set<String>
}
