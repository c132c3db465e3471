import PostlintEngine

/// The stable JSON report, documented in docs/formats.md. Keys are written in a fixed order so
/// reports diff cleanly.
public struct JSONReporter: ReportWriter, Sendable {
    public static let schemaVersion = 1

    private let toolVersion: String
    private var files = 0

    public init(toolVersion: String) {
        self.toolVersion = toolVersion
    }

    public func begin(to out: inout some TextOutputStream) {
        out.write("{\n  \"version\": \(Self.schemaVersion),\n  \"tool\": {\"name\": \"postlint\", \"version\": \(quote(toolVersion))},\n  \"files\": [")
    }

    public mutating func add(_ report: FileReport, to out: inout some TextOutputStream) {
        var text = files == 0 ? "\n" : ",\n"
        files += 1
        text += "    {\"path\": \(quote(report.path)), \"error\": \(report.error.map(quote) ?? "null"), \"diagnostics\": ["
        for (position, diagnostic) in report.diagnostics.enumerated() {
            text += position == 0 ? "\n" : ",\n"
            text += "      " + render(diagnostic)
        }
        text += report.diagnostics.isEmpty ? "]}" : "\n    ]}"
        out.write(text)
    }

    public func end(_ summary: ReportSummary, to out: inout some TextOutputStream) {
        var text = files == 0 ? "],\n" : "\n  ],\n"
        text += "  \"summary\": {\"files\": \(summary.files), \"errors\": \(summary.errors), \"warnings\": \(summary.warnings), "
        text += "\"infos\": \(summary.infos), \"unreadable\": \(summary.unreadable), "
        text += "\"fixable\": \(summary.fixable), \"unsafeFixable\": \(summary.unsafeFixable), \"baselined\": \(summary.baselined)}\n}\n"
        out.write(text)
    }

    private func render(_ diagnostic: Diagnostic) -> String {
        var out = "{\"code\": \(quote(diagnostic.code)), \"rule\": \(quote(diagnostic.ruleID)), "
        out += "\"severity\": \(quote(diagnostic.severity.rawValue)), \"message\": \(quote(diagnostic.message)), "
        out += "\"start\": {\"line\": \(diagnostic.start.line), \"column\": \(diagnostic.start.column), \"offset\": \(diagnostic.range.lowerBound)}, "
        out += "\"end\": {\"line\": \(diagnostic.end.line), \"column\": \(diagnostic.end.column), \"offset\": \(diagnostic.range.upperBound)}"
        if diagnostic.folded > 0 { out += ", \"folded\": \(diagnostic.folded)" }
        if let page = RuleDocumentation.url(forRule: diagnostic.ruleID) { out += ", \"help\": \(quote(page))" }
        if let fix = diagnostic.fix {
            let edits = fix.edits.map { "{\"start\": \($0.range.lowerBound), \"end\": \($0.range.upperBound), \"replacement\": \(quote($0.replacement))}" }
            out += ", \"fix\": {\"kind\": \(quote(fix.kind.rawValue)), \"edits\": [\(edits.joined(separator: ", "))]}"
        }
        return out + "}"
    }

    /// A JSON string literal.
    func quote(_ text: String) -> String { JSONText.quote(text) }
}
