import Foundation
import PostlintRules

/// Finds and reads `.postlint.yml` files: the nearest one above each file wins, `extends`
/// inherits from presets and other files. Results are cached per folder; safe to share.
public final class ConfigurationLoader: @unchecked Sendable {
    public static let fileName = ".postlint.yml"

    private let explicitPath: String?
    /// `--select` and `--ignore`, applied to every configuration this loader hands out.
    private let selection: RuleSelection
    /// The explicit configuration, loaded and with the selection applied, once.
    private var explicitConfiguration: Configuration?
    /// Shared by every loader made with `withEmptyCache`: a site is read once per run.
    private let sites: SiteLocator
    private let lock = NSLock()
    private var byDirectory: [String: Configuration] = [:]
    /// The configurations handed out, by the file that governs them and their site's root:
    /// the folders of a site that share a `.postlint.yml` share one value, and with it its list
    /// of active rules and everything keyed by it (a site of 300 folders made 300 copies of
    /// each, and memory grew with the number of folders).
    private var byGoverning: [String: Configuration] = [:]
    private var byFile: [String: Configuration] = [:]
    /// Configurations with `overrides:` entries applied, by folder and the entries that matched.
    private var byOverrides: [String: Configuration] = [:]

    /// With `explicitPath`, every file uses that configuration and no search happens.
    public init(explicitPath: String? = nil, selection: RuleSelection = RuleSelection()) {
        self.explicitPath = explicitPath
        self.selection = selection
        sites = SiteLocator()
    }

    private init(explicitPath: String?, selection: RuleSelection, sites: SiteLocator) {
        self.explicitPath = explicitPath
        self.selection = selection
        self.sites = sites
    }

    /// A loader that finds configurations the way this one does, with a cache of its own.
    public func withEmptyCache() -> ConfigurationLoader {
        ConfigurationLoader(explicitPath: explicitPath, selection: selection, sites: sites)
    }

    /// The configuration that governs the file at `path`, with the Jekyll site it belongs to.
    public func configuration(forFile path: String) throws(ConfigurationError) -> Configuration {
        let file = Self.absolute(path)
        let slash = file.lastIndex(ofByte: UInt8(ascii: "/"))!
        let directory = slash == file.utf8.startIndex ? "/" : String(file[..<slash])
        if let explicitPath {
            var configuration = try explicit(explicitPath)
            configuration.site = try sites.site(forFolder: directory)
            return overriding(configuration, for: file, in: directory)
        }
        return overriding(try configuration(forDirectory: directory), for: file, in: directory)
    }

    /// `configuration` with the `overrides:` entries that match `file` applied (and the
    /// command line's selection again, which wins over every file). A folder's files mostly
    /// match the same entries, so each combination is made once.
    private func overriding(_ configuration: Configuration, for file: String, in directory: String) -> Configuration {
        guard !configuration.overrides.isEmpty else { return configuration }
        let prefix = configuration.baseDirectory.hasSuffix("/") ? configuration.baseDirectory : configuration.baseDirectory + "/"
        let relative = file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file
        let matched = configuration.overrides.indices.filter { configuration.overrides[$0].matches(relative) }
        guard !matched.isEmpty else { return configuration }
        let key = directory + "\u{0}" + matched.map(String.init).joined(separator: ",")
        if let cached = lock.withLock({ byOverrides[key] }) { return cached }
        var result = configuration
        for index in matched { configuration.overrides[index].apply(to: &result) }
        selection.apply(to: &result)
        lock.withLock { byOverrides[key] = result }
        return result
    }

    /// The configuration that governs the files of the folder at `path`.
    public func configuration(forFolder path: String) throws(ConfigurationError) -> Configuration {
        let directory = Self.absolute(path)
        if let explicitPath {
            var configuration = try explicit(explicitPath)
            configuration.site = try sites.site(forFolder: directory)
            return configuration
        }
        return try configuration(forDirectory: directory)
    }

    private func explicit(_ path: String) throws(ConfigurationError) -> Configuration {
        if let cached = lock.withLock({ explicitConfiguration }) { return cached }
        var configuration = try load(file: Self.absolute(path), stack: [])
        selection.apply(to: &configuration)
        lock.withLock { explicitConfiguration = configuration }
        return configuration
    }

    private func configuration(forDirectory directory: String) throws(ConfigurationError) -> Configuration {
        if let cached = lock.withLock({ byDirectory[directory] }) { return cached }
        // The configuration file's errors come before the site's, as they always have.
        let file = Self.nearestFile(inOrAbove: directory)
        var loaded: Configuration?
        if let file { loaded = try load(file: file, stack: []) }
        let site = try sites.site(forFolder: directory)
        let key = (file ?? "") + "\u{0}" + (site?.root ?? "")
        if let shared = lock.withLock({ byGoverning[key] }) {
            lock.withLock { byDirectory[directory] = shared }
            return shared
        }
        var result: Configuration
        if let loaded { result = loaded } else { result = try Self.preset("recommended", base: Configuration(baseDirectory: "/"), stack: []) }
        selection.apply(to: &result)
        result.site = site
        lock.withLock {
            byGoverning[key] = result
            byDirectory[directory] = result
        }
        return result
    }

    /// The configuration file that governs the file at `path`: the explicit one, or the nearest
    /// `.postlint.yml` above it; nil when the built-in defaults do.
    public func configurationFile(governing path: String) -> String? {
        if let explicitPath { return Self.absolute(explicitPath) }
        return Self.nearestFile(inOrAbove: (Self.absolute(path) as NSString).deletingLastPathComponent)
    }

    /// The nearest `.postlint.yml` at or above the folder, nil when there is none.
    private static func nearestFile(inOrAbove start: String) -> String? {
        var directory = start
        while true {
            let candidate = (directory as NSString).appendingPathComponent(fileName)
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            if directory == "/" || directory.isEmpty { return nil }
            directory = (directory as NSString).deletingLastPathComponent
        }
    }

    private func load(file path: String, stack: [String]) throws(ConfigurationError) -> Configuration {
        if let cached = lock.withLock({ byFile[path] }) { return cached }
        guard !stack.contains(path) else {
            throw ConfigurationError(path: path, line: nil, message: "`extends` loops back to this file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(path: path, line: nil, message: "cannot read the configuration file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(path: path, line: nil, message: "the configuration file is not UTF-8")
        }
        let result = try parsed(text, path: path, directory: (path as NSString).deletingLastPathComponent, stack: stack)
        lock.withLock { byFile[path] = result }
        return result
    }

    /// A configuration made from the YAML text of a `.postlint.yml` (`path` names it in
    /// messages) kept in `directory`, against which its `extends` files, `rule-files` and globs
    /// are read.
    public func configuration(yaml text: String, path: String = "<configuration>", directory: String = ".") throws(ConfigurationError) -> Configuration {
        try parsed(text, path: path, directory: Self.absolute(directory), stack: [])
    }

    private func parsed(_ text: String, path: String, directory: String, stack: [String]) throws(ConfigurationError) -> Configuration {
        // Every configuration starts from the recommended preset, whatever it extends.
        let base = try Self.preset("recommended", base: Configuration(baseDirectory: directory, origin: path), stack: [path])
        return try ConfigurationParser(path: path, text: text, directory: directory, stack: stack + [path]) {
            (reference: String, stack: [String]) throws(ConfigurationError) -> Configuration in
            if reference.hasSuffix(".yml") || reference.hasSuffix(".yaml") || reference.contains("/") {
                let target = reference.hasPrefix("/") ? reference : (directory as NSString).appendingPathComponent(reference)
                return try self.load(file: Self.absolute(target), stack: stack)
            }
            return try Self.preset(reference, base: base, stack: stack)
        }.parse(base: base)
    }

    /// A built-in preset applied over `base`.
    static func preset(_ name: String, base: Configuration, stack: [String]) throws(ConfigurationError) -> Configuration {
        guard let text = RuleCatalogue.builtIn.presets[name] else {
            let known = RuleCatalogue.builtIn.presets.keys.sorted().joined(separator: ", ")
            throw ConfigurationError(path: stack.last ?? "configuration", line: nil, message: "no preset named `\(name)`; presets are \(known)")
        }
        let origin = "preset \(name)"
        guard !stack.contains(origin) else { return base }
        return try ConfigurationParser(path: origin, text: text, directory: base.baseDirectory, stack: stack + [origin]) {
            (reference: String, stack: [String]) throws(ConfigurationError) -> Configuration in
            try preset(reference, base: base, stack: stack)
        }.parse(base: base)
    }

    /// `path` made absolute against the working folder, `.` and `..` resolved by name alone:
    /// no symlink is followed, so this costs no system call (it runs once per file).
    public static func absolute(_ path: String) -> String {
        if isNormal(path) {
            if path.utf8.first == UInt8(ascii: "/") { return path }
            let directory = workingDirectory()
            if isNormal(directory) { return directory == "/" ? "/" + path : directory + "/" + path }
        }
        let full = path.hasPrefix("/") ? path : workingDirectory() + "/" + path
        // Components as bytes: splitting by `Character` cost more than the rest of a file's walk.
        var parts: [Substring.UTF8View] = []
        for part in full.utf8.split(separator: UInt8(ascii: "/")) {
            if part.elementsEqual(".".utf8) { continue }
            if part.elementsEqual("..".utf8) { _ = parts.popLast(); continue }
            parts.append(part)
        }
        var result: [UInt8] = []
        result.reserveCapacity(full.utf8.count)
        for part in parts {
            result.append(UInt8(ascii: "/"))
            result += part
        }
        return result.isEmpty ? "/" : String(decoding: result, as: UTF8.self)
    }

    /// The working folder, straight from `getcwd` (Foundation's property costs more than the
    /// rest of `absolute`).
    private static func workingDirectory() -> String {
        guard let buffer = getcwd(nil, 0) else { return FileManager.default.currentDirectoryPath }
        defer { free(buffer) }
        return String(cString: buffer)
    }

    /// With no empty, `.` or `..` component and no trailing slash (absolute or not): nothing
    /// for `absolute` to remove.
    private static func isNormal(_ path: String) -> Bool {
        var path = path
        return path.withUTF8(isNormal)
    }

    private static func isNormal(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        guard bytes.count > 1 || bytes.first != UInt8(ascii: "/") else { return true }
        var length = 0, dots = 0
        for byte in bytes.dropFirst(bytes.first == UInt8(ascii: "/") ? 1 : 0) {
            if byte == UInt8(ascii: "/") {
                if length == 0 || (length == dots && dots <= 2) { return false }
                length = 0
                dots = 0
            } else {
                length += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return length > 0 && !(length == dots && dots <= 2)
    }

    /// `path` made absolute with every symlink resolved: for telling whether two paths name
    /// the same place (an output folder inside an input folder, git's own paths).
    public static func canonical(_ path: String) -> String {
        (absolute(path) as NSString).resolvingSymlinksInPath
    }
}
