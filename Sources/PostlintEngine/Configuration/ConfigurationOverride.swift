/// One entry of `overrides:` in `.postlint.yml`: files matching `files` (globs relative to the
/// configuration's folder) take the presets and rule settings of the entry on top of the rest
/// of the file. Entries apply in order; a later one wins where two set the same rule.
public struct ConfigurationOverride: Sendable {
    public let files: [String]
    /// What the entry's `extends` and `rules` set, merged in that order.
    public let settings: [String: RuleSetting]

    public init(files: [String], settings: [String: RuleSetting]) {
        self.files = files
        self.settings = settings
    }

    /// Whether the entry governs the file at `relative` (relative to the configuration's folder).
    public func matches(_ relative: String) -> Bool {
        files.contains { Glob.matches($0, relative) }
    }

    /// `configuration` with the entry's settings over its own.
    public func apply(to configuration: inout Configuration) {
        var merged = configuration.settings
        for (id, setting) in settings { merged[id] = (merged[id] ?? RuleSetting()).merged(with: setting) }
        configuration.settings = merged
    }
}
