import PostlintEngine
import PostlintRules

/// SARIF 2.1.0: the rule catalogue in `tool.driver.rules`, one result per diagnostic with its
/// region in UTF-16 columns, and fixes as byte-offset replacements.
public struct SARIFReporter: ReportWriter, Sendable {
    private let catalogue: RuleCatalogue
    private let toolVersion: String
    private let ruleIndex: [String: Int]
    private var results = 0
    /// Files that could not be checked; few, and SARIF puts them after the results.
    private var notifications: [JSONText] = []

    public init(catalogue: RuleCatalogue, toolVersion: String) {
        self.catalogue = catalogue
        self.toolVersion = toolVersion
        var index: [String: Int] = [:]
        for (position, rule) in catalogue.rules.enumerated() { index[rule.descriptor.id] = position }
        ruleIndex = index
    }

    public func begin(to out: inout some TextOutputStream) {
        let driver: JSONText = .object([
            ("name", .string("postlint")),
            ("version", .string(toolVersion)),
            ("informationUri", .string("https://github.com/postlint/postlint")),
            ("rules", .array(catalogue.rules.map(Self.rule))),
        ])
        out.write("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n")
        out.write("      \"tool\": " + JSONText.object([("driver", driver)]).render(indent: 3) + ",\n")
        out.write("      \"columnKind\": \"utf16CodeUnits\",\n      \"results\": [")
    }

    public mutating func add(_ report: FileReport, to out: inout some TextOutputStream) {
        if let error = report.error {
            notifications.append(.object([
                ("level", .string("error")),
                ("message", .string(error).wrappedText),
                ("locations", .array([.object([("physicalLocation", .object([("artifactLocation", Self.artifact(report.path))]))])])),
            ]))
        }
        for diagnostic in report.diagnostics {
            out.write((results == 0 ? "\n        " : ",\n        ") + result(diagnostic, index: ruleIndex[diagnostic.ruleID]).render(indent: 4))
            results += 1
        }
    }

    public func end(_ summary: ReportSummary, to out: inout some TextOutputStream) {
        let invocations: JSONText = .array([.object([
            ("executionSuccessful", .bool(notifications.isEmpty)),
            ("toolExecutionNotifications", .array(notifications)),
        ])])
        out.write(results == 0 ? "],\n" : "\n      ],\n")
        out.write("      \"invocations\": " + invocations.render(indent: 3) + "\n    }\n  ]\n}\n")
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
        let help = (d.rationale.isEmpty ? d.summary : d.rationale).trimmingSuffixNewlines
        let page = RuleDocumentation.url(for: d)
        // Code-scanning views show `help`; it says where the examples are, not a command to run.
        let more = page.map { ("Examples and configuration: \($0)", "[Examples and configuration](\($0))") }
            ?? ("Defined in \(d.origin).", "Defined in `\(d.origin)`.")
        var pairs: [(String, JSONText)] = [
            ("id", .string(d.code)),
            ("name", .string(d.id)),
            ("shortDescription", .string(d.summary).wrappedText),
            ("fullDescription", .string(help).wrappedText),
        ]
        if let page { pairs.append(("helpUri", .string(page))) }
        pairs += [
            ("help", .object([("text", .string("\(help)\n\n\(more.0)")), ("markdown", .string("\(help)\n\n\(more.1)"))])),
            ("defaultConfiguration", .object([("level", .string(level(d.severity))), ("enabled", .bool(d.enabledByDefault))])),
            ("properties", .object([("category", .string(d.category)), ("fix", .string(d.fix.rawValue))])),
        ]
        return .object(pairs)
    }

    private func result(_ diagnostic: Diagnostic, index: Int?) -> JSONText {
        var pairs: [(String, JSONText)] = [("ruleId", .string(diagnostic.code))]
        if let index { pairs.append(("ruleIndex", .int(index))) }
        pairs += [
            ("level", .string(Self.level(diagnostic.severity))),
            ("message", .string(diagnostic.reportedMessage).wrappedText),
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
