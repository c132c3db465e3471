import Foundation
import PostlintKit

/// The configuration of each document: the nearest `.postlint.yml` above its file and its
/// site's `_config.yml`, as `postlint check` finds them, with the editor's presets for
/// documents no file governs. Forgotten all at once when a configuration file changes.
final class DocumentConfigurations: @unchecked Sendable {
    private let lock = NSLock()
    private var loader = ConfigurationLoader()
    private(set) var settings = EditorSettings()

    /// Reads the configuration files again from now on.
    func reload() {
        lock.withLock { loader = ConfigurationLoader() }
    }

    func update(_ settings: EditorSettings) {
        lock.withLock {
            self.settings = settings
            loader = ConfigurationLoader()
        }
    }

    /// The configuration for the file at `path`, or why there is none.
    func configuration(for path: String) -> Result<Configuration, ConfigurationError> {
        let (loader, presets) = lock.withLock { (self.loader, settings.presets ?? []) }
        do throws(ConfigurationError) {
            let found = try loader.configuration(forFile: path)
            // No configuration file governs the document: the editor's presets do.
            guard !presets.isEmpty, loader.configurationFile(governing: path) == nil else { return .success(found) }
            let directory = (ConfigurationLoader.absolute(path) as NSString).deletingLastPathComponent
            var configured = try loader.configuration(yaml: "extends: [\(presets.joined(separator: ", "))]\n", path: "the editor's presets", directory: directory)
            configured.site = found.site
            return .success(configured)
        } catch {
            return .failure(error)
        }
    }

    /// Whether a change to the file at `path` may change configurations: a `.postlint.yml`, a
    /// site's `_config.yml`, a rule file (any YAML a configuration may name) or a `.gitignore`.
    static func isConfigurationFile(_ path: String) -> Bool {
        path.hasSuffix(".yml") || path.hasSuffix(".yaml") || path.hasSuffix("/.gitignore")
    }

    /// The globs the server asks the editor to watch.
    static let watchedGlobs = ["**/*.yml", "**/*.yaml", "**/.gitignore"]
}
