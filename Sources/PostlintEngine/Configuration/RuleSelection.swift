import PostlintRules

/// The rules chosen on the command line (`--select`, `--ignore`), over every configuration of a
/// run: names are rule ids, codes or categories, in any case. With a selection, only the rules
/// it names run, each turned on even where it is off by default or in `.postlint.yml`;
/// `--ignore` turns rules off and wins over `--select`.
public struct RuleSelection: Sendable, Equatable {
    public var select: [String]
    public var ignore: [String]

    public init(select: [String] = [], ignore: [String] = []) {
        self.select = select
        self.ignore = ignore
    }

    public var isEmpty: Bool { select.isEmpty && ignore.isEmpty }

    /// `configuration` with the selection applied.
    public func apply(to configuration: inout Configuration) {
        guard !isEmpty else { return }
        var settings = configuration.settings
        for rule in configuration.catalogue.rules {
            let descriptor = rule.descriptor
            if !select.isEmpty { settings[descriptor.id, default: RuleSetting()].enabled = select.contains { Self.names($0, descriptor) } }
            if ignore.contains(where: { Self.names($0, descriptor) }) { settings[descriptor.id, default: RuleSetting()].enabled = false }
        }
        configuration.settings = settings
    }

    /// The names that match no rule and no category of `catalogue`.
    public func unknownNames(in catalogue: RuleCatalogue) -> [String] {
        (select + ignore).filter { name in !catalogue.rules.contains { Self.names(name, $0.descriptor) } }
    }

    private static func names(_ name: String, _ descriptor: RuleDescriptor) -> Bool {
        name.caseInsensitiveCompare(descriptor.id) == .orderedSame || name.caseInsensitiveCompare(descriptor.code) == .orderedSame
            || name.caseInsensitiveCompare(descriptor.category) == .orderedSame
    }
}
