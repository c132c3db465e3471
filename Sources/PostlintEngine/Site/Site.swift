import Foundation
import PostlintModel

/// A Jekyll site: its root folder, its `_config.yml`, and the files git ignores in it. Tells
/// what Jekyll makes of each file, so that every rule reads a file as Jekyll does.
public final class Site: Sendable {
    /// The absolute root folder, without a trailing slash.
    public let root: String
    public let configuration: SiteConfiguration
    /// The `_config.yml` read, nil when the root is a git root without one (Jekyll's defaults).
    public let configurationFile: String?
    /// The text of `configurationFile`, for cache keys.
    public let configurationText: String
    private let ignored: IgnoredPaths

    /// Where a file stands in the site.
    public enum Placement: Sendable, Equatable {
        /// Jekyll processes it as this kind of file.
        case document(DocumentKind)
        /// Jekyll makes a page of it if it starts with front matter and copies it unchanged otherwise.
        case pageIfFrontMatter
        /// Jekyll does not process it; the reason, for the one line that says so.
        case skipped(String)
    }

    public init(root: String, configuration: SiteConfiguration, configurationFile: String?, configurationText: String = "",
                ignored: IgnoredPaths = IgnoredPaths()) {
        self.root = root
        self.configurationText = configurationText
        self.configuration = configuration
        self.configurationFile = configurationFile
        self.ignored = ignored
    }

    /// The path relative to the root, nil when it lies outside.
    public func relative(_ absolute: String) -> String? {
        guard absolute.hasPrefix(root + "/") || root == "/" else { return nil }
        return String(absolute.dropFirst(root == "/" ? 1 : root.utf8.count + 1))
    }

    /// What Jekyll makes of the file at an absolute path.
    public func placement(of absolute: String) -> Placement {
        guard let relative = relative(absolute) else { return Self.placementWithoutSite(of: absolute) }
        if ignored.contains(relative) { return .skipped("git ignores it (.gitignore)") }
        let parts = relative.split(separator: "/").map(String.init)
        let config = configuration
        for (folder, kind) in [(config.layoutsDirectory, DocumentKind.layout), (config.includesDirectory, .include)]
        where Self.starts(parts, with: folder) {
            return .document(kind)
        }
        for folder in [config.dataDirectory, config.pluginsDirectory, config.sassDirectory] where Self.starts(parts, with: folder) {
            return .skipped("Jekyll reads `\(folder)/` as site data or code, not as pages")
        }
        var found: DocumentKind?
        for index in parts.indices {
            let prefix = parts[...index].joined(separator: "/")
            let name = parts[index]
            let included = isIncluded(prefix, name: name)
            if isExcluded(prefix, isFolder: index < parts.count - 1), !included {
                return .skipped("the site's `exclude` leaves it out")
            }
            if found == nil, index < parts.count - 1 {
                if name == "_posts" { found = .post; continue }
                if name == "_drafts" { found = .draft; continue }
                if name.hasPrefix("_"), config.collections[String(name.dropFirst())] != nil,
                   parts[..<index].joined(separator: "/") == config.collectionsDirectory {
                    found = .document
                    continue
                }
            }
            if !included, Self.isSpecial(name) {
                return .skipped("Jekyll ignores files and folders whose names start with `_`, `.` or `#` or end with `~`")
            }
        }
        let language = self.language(of: parts.last ?? "")
        guard language != nil else {
            return .skipped("Jekyll converts only Markdown (`markdown_ext`) and HTML files; it copies this one")
        }
        return found.map { .document($0) } ?? .pageIfFrontMatter
    }

    /// Markdown for `markdown_ext`, HTML for `.html`/`.htm`, nil for anything else.
    public func language(of name: String) -> MarkupLanguage? {
        guard let dot = name.lastIndex(of: ".") else { return nil }
        let suffix = name[name.index(after: dot)...].lowercased()
        if configuration.markdownExtensions.contains(suffix) { return .markdown }
        return ["html", "htm", "xhtml"].contains(suffix) ? .html : nil
    }

    /// The front-matter keys `defaults:` gives a file of `kind` at an absolute path.
    public func defaultKeys(for absolute: String, kind: DocumentKind) -> Set<String> {
        guard !configuration.defaults.isEmpty, let relative = relative(absolute) else { return [] }
        let type: String
        switch kind {
        case .post, .draft: type = "posts"
        case .page: type = "pages"
        case .document:
            let parts = relative.split(separator: "/")
            type = parts.first { $0.hasPrefix("_") && configuration.collections[String($0.dropFirst())] != nil }.map { String($0.dropFirst()) } ?? ""
        case .layout, .include: return []
        }
        var keys: Set<String> = []
        for scope in configuration.defaults {
            if let wanted = scope.type, wanted != type, !(wanted == "drafts" && kind == .draft) { continue }
            let inScope = scope.path.isEmpty || relative == scope.path || relative.hasPrefix(scope.path + "/")
                || (scope.path.contains("*") && fnmatch(scope.path, relative, 0) == 0)
            if inScope { keys.formUnion(scope.keys) }
        }
        return keys
    }

    /// Jekyll's `glob_include?` for `exclude`: a glob over the whole relative path (where `*`
    /// crosses `/`), a plain prefix, or a folder named with a trailing `/`.
    private func isExcluded(_ path: String, isFolder: Bool) -> Bool {
        let patterns = configuration.exclude.filter { !configuration.include.contains($0) }
        return patterns.contains { Self.globIncludes($0, path, isFolder: isFolder) }
    }

    private func isIncluded(_ path: String, name: String) -> Bool {
        configuration.include.contains { Self.globIncludes($0, path, isFolder: false) || Self.globIncludes($0, name, isFolder: false) }
    }

    private static func globIncludes(_ pattern: String, _ path: String, isFolder: Bool) -> Bool {
        fnmatch(pattern, path, 0) == 0 || path.hasPrefix(pattern) || (isFolder && pattern == path + "/")
    }

    private static func isSpecial(_ name: String) -> Bool {
        name.hasPrefix("_") || name.hasPrefix(".") || name.hasPrefix("#") || name.hasPrefix("~") || name.hasSuffix("~")
    }

    private static func starts(_ parts: [String], with folder: String) -> Bool {
        let folderParts = folder.split(separator: "/").map(String.init)
        return !folderParts.isEmpty && parts.count > folderParts.count && Array(parts.prefix(folderParts.count)) == folderParts
    }

    /// A file outside any site (no `_config.yml` and no git repository above it) is read by its
    /// folders alone: under `_drafts`, `_layouts` or `_includes` as those, anything else as a post.
    public static func placementWithoutSite(of path: String) -> Placement {
        // Folder names compared as bytes, in one pass: splitting the path into `Substring`s by
        // `Character` cost a percent of a whole check, and into slices of its UTF-8 a tenth of
        // a warm cached run.
        var path = path
        return path.withUTF8 { bytes in
            // The first kind in `folderKinds`' order that any folder names.
            var best = folderKinds.count, start = 0
            for index in bytes.indices where bytes[index] == UInt8(ascii: "/") {
                let name = UnsafeBufferPointer(rebasing: bytes[start..<index])
                start = index + 1
                if name.count > 1, name[0] == UInt8(ascii: "_"), let kind = folderKinds.firstIndex(where: { name.elementsEqual($0.name) }) {
                    best = min(best, kind)
                }
            }
            return .document(best < folderKinds.count ? folderKinds[best].kind : .post)
        }
    }

    private static let folderKinds: [(name: [UInt8], kind: DocumentKind)] = [
        (Array("_posts".utf8), .post), (Array("_drafts".utf8), .draft), (Array("_layouts".utf8), .layout), (Array("_includes".utf8), .include),
    ]
}
