import Foundation
import PostlintRules

/// How one rule is configured: on or off, its severity, its options.
public struct RuleSetting: Sendable {
    public var enabled: Bool?
    public var severity: Severity?
    public var options: [String: RuleValue] = [:]

    public init(enabled: Bool? = nil, severity: Severity? = nil, options: [String: RuleValue] = [:]) {
        self.enabled = enabled
        self.severity = severity
        self.options = options
    }

    /// `other` laid over this setting.
    func merged(with other: RuleSetting) -> RuleSetting {
        var result = self
        if let enabled = other.enabled { result.enabled = enabled }
        if let severity = other.severity { result.severity = severity }
        result.options.merge(other.options) { _, new in new }
        return result
    }
}

/// The effective configuration for a file: presets, `extends` and `.postlint.yml` merged.
public struct Configuration: Sendable {
    /// The rules available, the built-in catalogue plus any `rule-files`.
    public var catalogue: RuleCatalogue { didSet { changed() } }
    /// Settings by rule id.
    public var settings: [String: RuleSetting] = [:] { didSet { changed() } }
    /// `enabledRules`, worked out on first use; copies share it until one of them changes.
    private var active = ActiveRules()
    /// `fingerprint`, worked out on first use, like `active`.
    private var fingerprintMemo = Memo<String>()

    var fingerprintValue: String { fingerprintMemo.value(makeFingerprint) }

    private mutating func changed() {
        active = ActiveRules()
        fingerprintMemo = Memo()
    }
    /// The path and text of every configuration and rule file this configuration was made from,
    /// so that a cache of findings can tell when any of them changed.
    public var sourceTexts: [String] = [] { didSet { fingerprintMemo = Memo() } }
    /// Globs relative to `baseDirectory`; empty means every post file.
    public var include: [String] = []
    public var exclude: [String] = []
    public var baseDirectory: String
    /// The zone dates without an offset are read in (`timezone: "+0800"` or `Asia/Shanghai`);
    /// a site's `_config.yml` `timezone` takes precedence (see `SiteContext`).
    public var timezone: SiteTimeZone? { didSet { fingerprintMemo = Memo() } }
    /// Where this configuration came from, for messages.
    public var origin: String
    /// The Jekyll site the configured files belong to, when there is one (see `SiteLocator`).
    public var site: Site? { didSet { fingerprintMemo = Memo() } }
    /// `overrides:` entries, in order; `ConfigurationLoader.configuration(forFile:)` applies the
    /// ones that match the file.
    public var overrides: [ConfigurationOverride] = []

    public init(catalogue: RuleCatalogue = .builtIn, baseDirectory: String = ".", origin: String = "built-in defaults") {
        self.catalogue = catalogue
        self.baseDirectory = baseDirectory
        self.origin = origin
    }

    public func isEnabled(_ rule: Rule) -> Bool {
        settings[rule.descriptor.id]?.enabled ?? rule.descriptor.enabledByDefault
    }

    public func severity(_ rule: Rule) -> Severity {
        settings[rule.descriptor.id]?.severity ?? rule.descriptor.severity
    }

    public func options(_ rule: Rule) -> [String: RuleValue] {
        settings[rule.descriptor.id]?.options ?? [:]
    }

    /// The enabled rules in catalogue order with their severities and options: what the linter
    /// runs for every post, looked up once per configuration instead of once per post.
    public var enabledRules: [ActiveRule] {
        active.rules {
            catalogue.rules.filter(isEnabled).map { ActiveRule(rule: $0, severity: severity($0), options: options($0)) }
        }
    }

    /// Whether two values are copies of one configuration, unchanged since (a cache key).
    public func isSameValue(as other: Configuration) -> Bool {
        // The rule list is kept when only the site, time zone or sources change; the
        // fingerprint's memo is not.
        active === other.active && fingerprintMemo === other.fingerprintMemo
    }
}

/// A rule as a configuration runs it.
public struct ActiveRule: Sendable {
    /// The rule and its options; made with the configuration's list of active rules, so it
    /// lasts for the whole run.
    public let configured: ConfiguredRule
    public let severity: Severity
    /// The rule's check, held here so that running it does not go through the rule.
    public let check: any RuleCheck

    public init(rule: Rule, severity: Severity, options: [String: RuleValue]) {
        configured = ConfiguredRule(rule: rule, options: options)
        self.severity = severity
        check = rule.check
    }

    public var rule: Rule { configured.rule }
    public var options: [String: RuleValue] { configured.options }
}

/// The lazily made list behind `Configuration.enabledRules`, shared by copies of a value.
/// A value worked out once and shared by the copies of a configuration until one changes.
final class Memo<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var made: Value?

    func value(_ make: () -> Value) -> Value {
        lock.withLock {
            if let made { return made }
            let value = make()
            made = value
            return value
        }
    }
}

final class ActiveRules: @unchecked Sendable {
    private let lock = NSLock()
    private var made: [ActiveRule]?

    func rules(_ make: () -> [ActiveRule]) -> [ActiveRule] {
        lock.withLock {
            if let made { return made }
            let rules = make()
            made = rules
            return rules
        }
    }
}

/// A configuration file that cannot be used.
extension Configuration {
    /// A configuration from the YAML text of a `.postlint.yml`, read as if it were kept in
    /// `directory` (its `extends` files, `rule-files` and globs are found from there).
    public init(yaml: String, path: String = "<configuration>", directory: String = ".") throws(ConfigurationError) {
        self = try ConfigurationLoader().configuration(yaml: yaml, path: path, directory: directory)
    }
}

/// What is wrong with a configuration, and where.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let line: Int?
    public let message: String

    public var description: String {
        line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)"
    }
}
