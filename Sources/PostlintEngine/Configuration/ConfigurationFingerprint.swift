import PostlintModel

extension Configuration {
    /// A hash of everything about this configuration that can change findings, in a stable
    /// order: the zone, every configuration and rule file's text, the site's root and
    /// `_config.yml`, the rules and every setting. Worked out once and shared by the copies of
    /// the configuration until one of them changes (a run checks thousands of files with a few
    /// configurations; hashing the preset texts for each file was most of a cached run).
    public var fingerprint: String {
        fingerprintValue
    }

    func makeFingerprint() -> String {
        var text = "\(timezone.map(String.init) ?? "-")|"
        // A user rule's pattern or a setting changed in a file is a different configuration.
        text += sourceTexts.joined(separator: "\u{0}") + "|"
        // What the site's _config.yml says changes what files are and how dates are read.
        text += site.map { "\($0.root)|\($0.configurationText)|" } ?? "-|"
        text += catalogue.rules.map(\.descriptor.code).joined(separator: ",") + "|"
        for id in settings.keys.sorted() {
            let setting = settings[id]!
            text += "\(id):\(setting.enabled.map(String.init) ?? "-"):\(setting.severity?.rawValue ?? "-"):"
            text += setting.options.keys.sorted().map { "\($0)=\(setting.options[$0]!)" }.joined(separator: ";") + "|"
        }
        var hash = StableHash()
        hash.add(text.utf8)
        return hash.hex + "-" + String(text.utf8.count)
    }
}
