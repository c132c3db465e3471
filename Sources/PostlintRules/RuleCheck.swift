import PostlintModel

/// The logic of a rule: reads the parsed post and reports findings. Checks hold no state.
///
/// A check implements one of the two `check` methods. Checks whose findings grow with the text
/// (a finding per space, per tag) hand each to `report` as they find it, so that the linter
/// folds them as they come (`Folding`) and a big post's findings are never all in one list;
/// checks that find one or two things in a post may return them.
public protocol RuleCheck: Sendable {
    /// Whether the check runs on files that are not UTF-8 text; only encoding checks do.
    var readsUndecodableFiles: Bool { get }
    /// The findings in `post`, all at once.
    func check(_ post: Post, _ context: RuleContext) -> [Finding]
    /// Hands each finding in `post` to `report` as it is found.
    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void)
    /// What the check works out from its effective options once per configuration, handed
    /// back as `context.derived.prepared`; nil by default.
    func prepare(_ option: (String) -> RuleValue) -> (AnyObject & Sendable)?
    /// Whether the check can find anything in a file of `bytes` (the whole file, front matter
    /// included), read as `language`, with `rule`'s options: false only when it surely finds
    /// nothing, so that a fixer whose rules all say so need not parse the file (`ByteClues`).
    /// True unless a check knows.
    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool
}

extension RuleCheck {
    public var readsUndecodableFiles: Bool { false }

    public func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        check(post, context) { findings.append($0) }
        return findings
    }

    public func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        for finding in check(post, context) { report(finding) }
    }
    public func prepare(_ option: (String) -> RuleValue) -> (AnyObject & Sendable)? { nil }
    public func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool { true }
}

/// A rule with its effective options and what its check made of them: made once per
/// configuration and shared by every post the configuration checks.
public final class ConfiguredRule: Sendable {
    public let rule: Rule
    /// Configured values over the descriptor's defaults.
    public let options: [String: RuleValue]
    /// What the check works out from its options.
    public let derived: DerivedOptions

    /// The kinds of file the rule reads, as a bit set: asked for every rule and every file.
    private let kinds: UInt8

    public init(rule: Rule, options: [String: RuleValue]) {
        self.rule = rule
        self.options = options
        derived = DerivedOptions(rule: rule, options: options)
        kinds = rule.descriptor.appliesTo.reduce(0) { $0 | Self.bit($1) }
    }

    /// An option's effective value.
    public func option(_ name: String) -> RuleValue {
        options[name] ?? rule.descriptor.option(name)?.defaultValue ?? .null
    }

    /// Whether the rule reads files of `kind`.
    public func appliesTo(_ kind: DocumentKind) -> Bool { kinds & Self.bit(kind) != 0 }

    private static func bit(_ kind: DocumentKind) -> UInt8 {
        switch kind {
        case .post: 1
        case .draft: 2
        case .document: 4
        case .page: 8
        case .layout: 16
        case .include: 32
        }
    }
}

/// What a check may know besides the post: its own descriptor, the effective options, and the
/// run's environment.
public struct RuleContext: Sendable {
    /// The rule and its options, as one reference.
    public private(set) var configured: ConfiguredRule
    public let environment: LintEnvironment
    /// What the rules share about the post being checked.
    public let facts: PostFacts

    public init(_ configured: ConfiguredRule, environment: LintEnvironment, facts: PostFacts) {
        self.configured = configured
        self.environment = environment
        self.facts = facts
    }

    /// Points the context at another rule for the same post: one context serves every rule
    /// of a post, so the environment is not copied (its references retained and released) for
    /// each of them.
    public mutating func switchRule(to configured: ConfiguredRule) {
        self.configured = configured
    }

    /// The rule being run.
    public var rule: Rule { configured.rule }
    /// Configured values over the descriptor's defaults.
    public var options: [String: RuleValue] { configured.options }
    /// What the check works out from its options, shared by every post the configuration checks.
    public var derived: DerivedOptions { configured.derived }

    public var descriptor: RuleDescriptor { rule.descriptor }

    /// An option's effective value.
    public func option(_ name: String) -> RuleValue { configured.option(name) }

    /// An option's strings as a set (folded to lower case with `lowercased`), made once per
    /// configuration rather than once per post.
    public func stringSet(_ name: String, lowercased: Bool = false) -> Set<String> {
        (lowercased ? derived.lowercasedSets[name] : derived.sets[name])
            ?? Set(option(name).strings.map { lowercased ? $0.lowercased() : $0 })
    }

    /// An option's strings, in order, read from the option once per configuration.
    public func strings(_ name: String) -> [String] {
        derived.lists[name] ?? option(name).strings
    }
}

/// Values worked out from a rule's options, made when the configuration's rules are and only
/// read afterwards (no lock): building a set from an option's list cost more than some checks
/// that read it.
public final class DerivedOptions: Sendable {
    let lists: [String: [String]]
    let sets: [String: Set<String>]
    let lowercasedSets: [String: Set<String>]
    /// What the rule's check made of its options (`RuleCheck.prepare`); an object, as a cast
    /// to a class costs little next to one to a struct.
    public let prepared: (AnyObject & Sendable)?

    /// Every option of `rule`, configured or default, as a list and as sets.
    public init(rule: Rule, options: [String: RuleValue]) {
        var lists: [String: [String]] = [:], sets: [String: Set<String>] = [:], lowercasedSets: [String: Set<String>] = [:]
        for name in Set(options.keys).union(rule.descriptor.options.map(\.name)) {
            let strings = (options[name] ?? rule.descriptor.option(name)?.defaultValue ?? .null).strings
            lists[name] = strings
            sets[name] = Set(strings)
            lowercasedSets[name] = Set(strings.map { $0.lowercased() })
        }
        self.lists = lists
        self.sets = sets
        self.lowercasedSets = lowercasedSets
        prepared = rule.check.prepare { options[$0] ?? rule.descriptor.option($0)?.defaultValue ?? .null }
    }
}

/// Facts about the run and about the file's place in its site that rules may depend on.
public struct LintEnvironment: Sendable {
    /// "Now", in seconds since 1970 UTC, for rules about future dates (`--now`).
    public let now: Int
    /// The zone dates without an offset are read in: the site's `_config.yml` `timezone`, else
    /// the configuration's; nil when neither names one (Jekyll then uses the build machine's).
    public let zone: SiteTimeZone?
    /// What Jekyll makes of the file.
    public let kind: DocumentKind
    /// Whether the site publishes posts dated in the future (`future: true` in `_config.yml`).
    public let publishesFuture: Bool
    /// Front-matter keys the site's `_config.yml` `defaults:` give this file.
    public let defaultKeys: Set<String>

    public init(now: Int, zone: SiteTimeZone? = nil, kind: DocumentKind = .post, publishesFuture: Bool = false,
                defaultKeys: Set<String> = []) {
        self.now = now
        self.zone = zone
        self.kind = kind
        self.publishesFuture = publishesFuture
        self.defaultKeys = defaultKeys
    }
}

extension RuleContext {
    /// A fix of the kind the rule's YAML declares, or nil when it declares none.
    public func fix(_ edits: [TextEdit]) -> Fix? {
        descriptor.fix == .none || edits.isEmpty ? nil : Fix(kind: descriptor.fix, edits: edits)
    }

    /// A fix that deletes `range`.
    public func deletion(_ range: Range<Int>) -> Fix? {
        fix([TextEdit(range: range, replacement: "")])
    }
}
