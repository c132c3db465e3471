import PostlintModel

/// How much a finding matters. The order is the order of gravity.
public enum Severity: String, Sendable, Comparable, CaseIterable {
    case info, warning, error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Whether a rule's findings can be repaired without review.
public enum FixKind: String, Sendable {
    case none, safe, unsafe
}

/// Everything a rule's YAML file says about it.
public struct RuleDescriptor: Sendable {
    /// Stable code such as `PL101`; never reused.
    public let code: String
    /// Stable kebab-case name such as `front-matter-missing`.
    public let id: String
    public let category: String
    public let severity: Severity
    public let fix: FixKind
    /// Whether the rule runs unless configuration turns it on.
    public let enabledByDefault: Bool
    public let summary: String
    public let rationale: String
    /// `swift`, or the name of a declarative engine.
    public let check: String
    /// Options in file order, with their defaults.
    public let options: [RuleOption]
    /// The rule file's text; its examples are read from it only when asked for.
    let text: String
    /// Engine parameters for declarative rules (the `engine:` mapping).
    public let engine: RuleValue
    /// Where the rule came from, for messages: `Rules/…` or a user's file.
    public let origin: String
    /// The kinds of file the rule reads (`applies-to:`); the linter runs it on no other.
    public let appliesTo: Set<DocumentKind>
    /// Whether `convert` applies the rule's fixes, safe and unsafe, when it cleans a post
    /// (`cleans: true`; built-in rules only).
    public let cleans: Bool

    public func option(_ name: String) -> RuleOption? { options.first { $0.name == name } }

    /// The rule's examples, read from its file. Linting never needs them, so they are not parsed
    /// at start-up; the rule-examples test reads every rule's.
    public func loadExamples() throws(RuleFileError) -> RuleExamples {
        let value: RuleValue
        do { value = try RuleValue.parse(yaml: text) } catch {
            throw RuleFileError(origin: origin, message: "invalid YAML: \(error.problem)")
        }
        return try RuleDescriptorLoader.examples(value["examples"], origin: origin)
    }

    /// `loadExamples()`, or no examples when they do not load (the test suite reports why).
    public var examples: RuleExamples {
        (try? loadExamples()) ?? RuleExamples(context: .file, variants: [], bad: [], good: [])
    }
}

/// A documented option and its default.
public struct RuleOption: Sendable {
    public let name: String
    public let defaultValue: RuleValue
    public let description: String
}

/// The examples a rule documents itself with; the rule-examples test runs every one.
public struct RuleExamples: Sendable {
    /// `file`: each text is a whole file; `body`: each text is a body, under a clean front matter.
    public let context: Context
    /// Robustness variants the test applies to every example (`emoji`, `crlf`, `suppression`).
    public let variants: [String]
    public let bad: [RuleExample]
    public let good: [RuleExample]

    public enum Context: String, Sendable { case file, body }
}

/// One example. In `bad` examples, `⟦` and `⟧` mark where each finding must be.
public struct RuleExample: Sendable {
    public let text: String
    /// What `fix` must turn the text into, for fixable rules.
    public let fixed: String?
    /// The file path the example is checked under (the file name matters to date rules).
    public let path: String?
    /// Option values for this example only.
    public let options: [String: RuleValue]
    /// Whether characters U+0080–U+00FF in `text` stand for single raw bytes, so that an example
    /// can hold bytes that are not UTF-8.
    public let rawBytes: Bool
    /// The site's `timezone` for this example, for rules whose fix depends on it.
    public let timezone: String?
}
