import PostlintEngine
import PostlintRules

/// SARIF 2.1.0: the rule catalogue in `tool.driver.rules`, one result per diagnostic with its
/// region in UTF-16 columns, and fixes as byte-offset replacements.
public struct SARIFReporter: Sendable {
    public init() {}

    public func render(_ reports: [FileReport], catalogue: RuleCatalogue, toolVersion: String) -> String {
        let rules = catalogue.rules
        var ruleIndex: [String: Int] = [:]
        for (index, rule) in rules.enumerated() { ruleIndex[rule.descriptor.id] = index }
        let driver: JSONText = .object([
            ("name", .string("postlint")),
            ("version", .string(toolVersion)),
            ("informationUri", .string("https://github.com/postlint/postlint")),
            ("rules", .array(rules.map(Self.rule))),
        ])
        var results: [JSONText] = []
        var notifications: [JSONText] = []
        for report in reports {
            if let error = report.error {
                notifications.append(.object([
                    ("level", .string("error")),
                    ("message", .string(error).wrappedText),
                    ("locations", .array([.object([("physicalLocation", .object([("artifactLocation", Self.artifact(report.path))]))])])),
                ]))
            }
            for diagnostic in report.diagnostics {
                results.append(result(diagnostic, index: ruleIndex[diagnostic.ruleID]))
            }
        }
        let run: JSONText = .object([
            ("tool", .object([("driver", driver)])),
            ("invocations", .array([.object([
                ("executionSuccessful", .bool(notifications.isEmpty)),
                ("toolExecutionNotifications", .array(notifications)),
            ])])),
            ("columnKind", .string("utf16CodeUnits")),
            ("results", .array(results)),
        ])
        return JSONText.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ]).render() + "\n"
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    static func rule(_ rule: Rule) -> JSONText {
        let d = rule.descriptor
        let help = d.rationale.isEmpty ? d.summary : d.rationale
        return .object([
            ("id", .string(d.code)),
            ("name", .string(d.id)),
            ("shortDescription", .string(d.summary).wrappedText),
            ("fullDescription", .string(help.trimmingSuffixNewlines).wrappedText),
            ("help", .object([("text", .string("\(help.trimmingSuffixNewlines)\n\nSee `postlint rules \(d.code)` for examples.")), ("markdown", .string("\(help.trimmingSuffixNewlines)\n\nSee `postlint rules \(d.code)` for examples."))])),
            ("defaultConfiguration", .object([("level", .string(level(d.severity))), ("enabled", .bool(d.enabledByDefault))])),
            ("properties", .object([("category", .string(d.category)), ("fix", .string(d.fix.rawValue))])),
        ])
    }

    private func result(_ diagnostic: Diagnostic, index: Int?) -> JSONText {
        var pairs: [(String, JSONText)] = [("ruleId", .string(diagnostic.code))]
        if let index { pairs.append(("ruleIndex", .int(index))) }
        pairs += [
            ("level", .string(Self.level(diagnostic.severity))),
            ("message", .string(diagnostic.message).wrappedText),
            ("locations", .array([.object([("physicalLocation", .object([
                ("artifactLocation", Self.artifact(diagnostic.path)),
                ("region", .object([
                    ("startLine", .int(diagnostic.start.line)), ("startColumn", .int(diagnostic.start.column)),
                    ("endLine", .int(diagnostic.end.line)), ("endColumn", .int(diagnostic.end.column)),
                    ("byteOffset", .int(diagnostic.range.lowerBound)), ("byteLength", .int(diagnostic.range.count)),
                ])),
            ]))])])),
        ]
        if let fix = diagnostic.fix {
            pairs.append(("fixes", .array([.object([
                ("description", .string("\(fix.kind == .safe ? "Safe" : "Unsafe") fix for \(diagnostic.ruleID)").wrappedText),
                ("artifactChanges", .array([.object([
                    ("artifactLocation", Self.artifact(diagnostic.path)),
                    ("replacements", .array(fix.edits.map { edit in .object([
                        ("deletedRegion", .object([("byteOffset", .int(edit.range.lowerBound)), ("byteLength", .int(edit.range.count))])),
                        ("insertedContent", .object([("text", .string(edit.replacement))])),
                    ]) })),
                ])])),
            ])])))
        }
        return .object(pairs)
    }

    /// A path as a URI reference: percent-encoded where URIs do not allow the character.
    static func artifact(_ path: String) -> JSONText {
        var uri = ""
        for byte in path.utf8 {
            let allowed = (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || "-._~/!$&'()*+,;=:@".utf8.contains(byte)
            uri += allowed ? String(UnicodeScalar(byte)) : "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
        }
        return .object([("uri", .string(uri))])
    }
}

private extension JSONText {
    /// `{"text": …}`, SARIF's message object.
    var wrappedText: JSONText { .object([("text", self)]) }
}

private extension String {
    var trimmingSuffixNewlines: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
