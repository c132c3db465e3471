import Foundation

/// Finds the site a file belongs to: the nearest folder above it with a `_config.yml` (or
/// `_config.yaml`), else the root of the git work tree it is in; none when neither exists.
/// Sites are read once per root and shared; safe to use from several threads.
public final class SiteLocator: @unchecked Sendable {
    private let lock = NSLock()
    private var byFolder: [String: Result<Site?, ConfigurationError>] = [:]
    private var byRoot: [String: Result<Site, ConfigurationError>] = [:]

    public init() {}

    /// The site of the folder at an absolute path.
    public func site(forFolder folder: String) throws(ConfigurationError) -> Site? {
        if let known = lock.withLock({ byFolder[folder] }) { return try known.get() }
        let result: Result<Site?, ConfigurationError>
        if let file = ["_config.yml", "_config.yaml"].map({ folder == "/" ? "/" + $0 : folder + "/" + $0 })
            .first(where: { FileManager.default.fileExists(atPath: $0) }) {
            result = Result { () throws(ConfigurationError) -> Site? in try self.site(root: folder, configurationFile: file) }
        } else if FileManager.default.fileExists(atPath: folder + "/.git") {
            result = Result { () throws(ConfigurationError) -> Site? in try self.site(root: folder, configurationFile: nil) }
        } else if folder == "/" || folder.isEmpty {
            result = .success(nil)
        } else {
            let parent = (folder as NSString).deletingLastPathComponent
            result = Result { () throws(ConfigurationError) -> Site? in try self.site(forFolder: parent) }
        }
        lock.withLock { byFolder[folder] = result }
        return try result.get()
    }

    /// The site of the file at an absolute path.
    public func site(forFile path: String) throws(ConfigurationError) -> Site? {
        try site(forFolder: (path as NSString).deletingLastPathComponent)
    }

    private func site(root: String, configurationFile: String?) throws(ConfigurationError) -> Site {
        if let known = lock.withLock({ byRoot[root] }) { return try known.get() }
        let result = Result { () throws(ConfigurationError) -> Site in
            var configuration = SiteConfiguration()
            var text = ""
            if let configurationFile {
                guard let data = FileManager.default.contents(atPath: configurationFile) else {
                    throw ConfigurationError(path: configurationFile, line: nil, message: "cannot read the site's configuration")
                }
                text = String(decoding: data, as: UTF8.self)
                configuration = try SiteConfiguration(yaml: text, path: configurationFile)
            }
            return Site(root: root, configuration: configuration, configurationFile: configurationFile, configurationText: text,
                        ignored: Self.insideGitWorkTree(root) ? IgnoredPaths.ask(git: root) : IgnoredPaths())
        }
        lock.withLock { byRoot[root] = result }
        return try result.get()
    }

    /// Whether a `.git` lies at or above the folder: only then can git say what it ignores.
    private static func insideGitWorkTree(_ folder: String) -> Bool {
        var folder = folder
        while true {
            if FileManager.default.fileExists(atPath: folder + "/.git") { return true }
            if folder == "/" || folder.isEmpty { return false }
            folder = (folder as NSString).deletingLastPathComponent
        }
    }
}
