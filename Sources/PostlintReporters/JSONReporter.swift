import PostlintEngine

/// The stable JSON report, documented in docs/formats.md. Keys are written in a fixed order so
/// reports diff cleanly.
public struct JSONReporter: Sendable {
    public static let schemaVersion = 1

    public init() {}

    public func render(_ reports: [FileReport], toolVersion: String) -> String {
        let summary = ReportSummary(reports)
        var out = "{\n  \"version\": \(Self.schemaVersion),\n  \"tool\": {\"name\": \"postlint\", \"version\": \(quote(toolVersion))},\n  \"files\": ["
        for (index, report) in reports.enumerated() {
            out += index == 0 ? "\n" : ",\n"
            out += "    {\"path\": \(quote(report.path)), \"error\": \(report.error.map(quote) ?? "null"), \"diagnostics\": ["
            for (position, diagnostic) in report.diagnostics.enumerated() {
                out += position == 0 ? "\n" : ",\n"
                out += "      " + render(diagnostic)
            }
            out += report.diagnostics.isEmpty ? "]}" : "\n    ]}"
        }
        out += reports.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"summary\": {\"files\": \(summary.files), \"errors\": \(summary.errors), \"warnings\": \(summary.warnings), "
        out += "\"infos\": \(summary.infos), \"unreadable\": \(summary.unreadable)}\n}\n"
        return out
    }

    private func render(_ diagnostic: Diagnostic) -> String {
        var out = "{\"code\": \(quote(diagnostic.code)), \"rule\": \(quote(diagnostic.ruleID)), "
        out += "\"severity\": \(quote(diagnostic.severity.rawValue)), \"message\": \(quote(diagnostic.message)), "
        out += "\"start\": {\"line\": \(diagnostic.start.line), \"column\": \(diagnostic.start.column), \"offset\": \(diagnostic.range.lowerBound)}, "
        out += "\"end\": {\"line\": \(diagnostic.end.line), \"column\": \(diagnostic.end.column), \"offset\": \(diagnostic.range.upperBound)}"
        if let fix = diagnostic.fix {
            let edits = fix.edits.map { "{\"start\": \($0.range.lowerBound), \"end\": \($0.range.upperBound), \"replacement\": \(quote($0.replacement))}" }
            out += ", \"fix\": {\"kind\": \(quote(fix.kind.rawValue)), \"edits\": [\(edits.joined(separator: ", "))]}"
        }
        return out + "}"
    }

    /// A JSON string literal.
    func quote(_ text: String) -> String { JSONText.quote(text) }
}
