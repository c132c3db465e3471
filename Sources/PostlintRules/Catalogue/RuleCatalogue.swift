import PostlintModel

/// A rule: what its YAML says, and the check that carries it out. A class, so that running
/// every rule over every post passes one reference instead of copying a whole descriptor.
public final class Rule: Sendable {
    public let descriptor: RuleDescriptor
    public let check: any RuleCheck

    public init(descriptor: RuleDescriptor, check: any RuleCheck) {
        self.descriptor = descriptor
        self.check = check
    }
}

/// Every rule and preset postlint knows: the built-in ones from `Rules/`, plus any rule files
/// a configuration adds. A class: every copy of a configuration holds it, and a struct's three
/// collections were retained and released for each copy, from every worker at once.
public final class RuleCatalogue: Sendable {
    /// Rules ordered by code.
    public let rules: [Rule]
    /// Presets by name: configuration fragments from `Rules/presets/`.
    public let presets: [String: String]
    private let index: [String: Int]

    /// The catalogue built into the binary. A broken built-in rule file is a build defect, which
    /// the rule-examples test reports with its reason.
    public static let builtIn: RuleCatalogue = {
        do {
            return try RuleCatalogue(files: embeddedCatalogueFiles.map { ("Rules/" + $0.path, $0.text) }, builtIn: true)
        } catch {
            fatalError("the built-in rule catalogue is broken: \(error)")
        }
    }()

    /// The files of the built-in catalogue, as embedded at build time.
    public static var builtInFiles: [(path: String, text: String)] {
        embeddedCatalogueFiles.map { ("Rules/" + $0.path, $0.text) }
    }

    /// Builds a catalogue from rule files (`presets/` files are presets). Rules not `builtIn`
    /// have their regular expressions compiled now, so that a bad one is reported as it loads;
    /// the built-in ones compile when first used (the tests run every one).
    public init(files: [(path: String, text: String)], base: [Rule] = [], basePresets: [String: String] = [:], builtIn: Bool = false) throws(RuleFileError) {
        var rules = base
        var presets = basePresets
        for file in files {
            if file.path.contains("presets/") {
                let name = String(file.path.split(separator: "/").last!.split(separator: ".").first!)
                presets[name] = file.text
                continue
            }
            let descriptor = try RuleDescriptorLoader.load(text: file.text, origin: file.path)
            rules.append(Rule(descriptor: descriptor, check: try Self.implementation(for: descriptor, builtIn: builtIn)))
        }
        rules.sort { $0.descriptor.code < $1.descriptor.code }
        var index: [String: Int] = [:]
        for (position, rule) in rules.enumerated() {
            for key in [rule.descriptor.code, rule.descriptor.id] {
                if let other = index[key] {
                    throw RuleFileError(
                        origin: rule.descriptor.origin,
                        message: "`\(key)` is already used by \(rules[other].descriptor.origin)")
                }
                index[key] = position
            }
        }
        self.rules = rules
        self.presets = presets
        self.index = index
    }

    /// This catalogue plus a user's rule files.
    public func adding(files: [(path: String, text: String)]) throws(RuleFileError) -> RuleCatalogue {
        try RuleCatalogue(files: files, base: rules, basePresets: presets)
    }

    /// This catalogue plus the rules of `other` whose code and id it does not know yet (the
    /// user rules of another configuration).
    public func merging(_ other: RuleCatalogue) -> RuleCatalogue {
        let added = other.rules.filter { index[$0.descriptor.code] == nil && index[$0.descriptor.id] == nil }
        if added.isEmpty { return self }
        // Rules two configurations define alike under one name are one rule: keep the first.
        var seen = Set<String>()
        let unique = added.filter { seen.insert($0.descriptor.code).inserted && seen.insert($0.descriptor.id).inserted }
        return (try? RuleCatalogue(files: [], base: rules + unique, basePresets: presets)) ?? self
    }

    /// A rule by id or code, in any case (`pl202`, `Date-Missing-Timezone`).
    public func rule(_ name: String) -> Rule? {
        (index[name] ?? index[name.uppercased()] ?? index[name.lowercased()]).map { rules[$0] }
    }

    private static func implementation(for descriptor: RuleDescriptor, builtIn: Bool) throws(RuleFileError) -> any RuleCheck {
        switch descriptor.check {
        case "swift":
            guard let check = generatedSwiftChecks[descriptor.id] else {
                throw RuleFileError(origin: descriptor.origin, message: "no Swift check is named `\(descriptor.id)`")
            }
            return check
        case "front-matter-schema":
            return FrontMatterSchemaCheck()
        case "pattern":
            return try PatternCheck(descriptor, validating: !builtIn)
        case "junk-markup":
            return JunkMarkupCheck()
        default:
            throw RuleFileError(
                origin: descriptor.origin,
                message: "check `\(descriptor.check)` is not swift, front-matter-schema, pattern or junk-markup")
        }
    }
}
