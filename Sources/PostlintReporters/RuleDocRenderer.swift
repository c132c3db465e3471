import PostlintRules

/// Renders the catalogue, or one rule's documentation, from the rule's YAML.
public struct RuleDocRenderer: Sendable {
    public init() {}

    public func list(_ catalogue: RuleCatalogue) -> String {
        // Columns as wide as their longest entry, so a long id (a user rule's) keeps them aligned.
        let codeWidth = max(4, catalogue.rules.map(\.descriptor.code.count).max() ?? 0)
        let idWidth = max(2, catalogue.rules.map(\.descriptor.id.count).max() ?? 0)
        var out = "\(pad("CODE", codeWidth))  \(pad("ID", idWidth))  SEVERITY  FIX     SUMMARY\n"
        for rule in catalogue.rules {
            let d = rule.descriptor
            let state = d.enabledByDefault ? "" : " (off by default)"
            out += "\(pad(d.code, codeWidth))  \(pad(d.id, idWidth))  \(pad(d.severity.rawValue, 9)) \(pad(d.fix.rawValue, 7)) \(d.summary)\(state)\n"
        }
        out += "\n\(catalogue.rules.count) rules. `postlint rules ID` shows one rule with its examples.\n"
        return out
    }

    public func document(_ rule: Rule) -> String {
        let d = rule.descriptor
        var out = "\(d.code) \(d.id)\n\n\(d.summary)\n\n"
        out += "  category:  \(d.category)\n  severity:  \(d.severity.rawValue)\(d.enabledByDefault ? "" : " (off by default)")\n"
        out += "  fix:       \(d.fix.rawValue)\n  check:     \(d.check)\n  defined in \(d.origin)\n"
        if let page = RuleDocumentation.url(for: d) { out += "  docs:      \(page)\n" }
        out += "\n"
        if !d.rationale.isEmpty { out += "Why\n\n" + indent(d.rationale) + "\n" }
        if !d.options.isEmpty {
            out += "Options\n\n"
            for option in d.options {
                out += "  \(option.name) (default: \(option.defaultValue))\n    \(option.description)\n"
            }
            out += "\n"
        }
        out += "Bad (⟦ ⟧ marks each finding)\n\n"
        for example in d.examples.bad { out += render(example) }
        out += "Good\n\n"
        for example in d.examples.good { out += render(example) }
        return out
    }

    private func render(_ example: RuleExample) -> String {
        var out = ""
        if let path = example.path { out += "  # \(path)\n" }
        if !example.options.isEmpty {
            out += "  # options: " + example.options.keys.sorted().map { "\($0)=\(example.options[$0]!)" }.joined(separator: ", ") + "\n"
        }
        out += indent(example.text.replacingOccurrences(of: "\u{FEFF}", with: "<BOM>").replacingOccurrences(of: "\0", with: "<NUL>"))
        if let fixed = example.fixed { out += "  # fixed:\n" + indent(fixed) }
        return out + "\n"
    }

    private func indent(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines.map { "    " + $0 }.joined(separator: "\n") + "\n"
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
