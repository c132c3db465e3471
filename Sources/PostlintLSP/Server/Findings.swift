import Foundation
import PostlintKit

/// postlint's findings in the protocol's terms: diagnostics, quick fixes, the directive that
/// silences a rule on a line, and a rule's documentation for hovers.
struct Findings {
    let document: OpenDocument
    let diagnostics: [Diagnostic]
    let encoding: PositionEncoding
    let catalogue: RuleCatalogue
    /// Findings at or above this severity show as errors (the editor's fail level).
    let failLevel: Severity?

    var protocolDiagnostics: [LSPDiagnostic] { diagnostics.map(protocolDiagnostic) }

    func protocolDiagnostic(_ diagnostic: Diagnostic) -> LSPDiagnostic {
        LSPDiagnostic(
            range: document.range(of: diagnostic.range, encoding: encoding), severity: severity(diagnostic.severity),
            code: diagnostic.code, codeDescription: documentation(of: diagnostic.ruleID).map { LSPDiagnostic.CodeDescription(href: $0) },
            source: "postlint", message: diagnostic.reportedMessage,
            relatedInformation: diagnostic.related.isEmpty ? nil : diagnostic.related.map {
                LSPDiagnostic.RelatedInformation(location: LSPLocation(uri: document.uri, range: document.range(of: $0.range, encoding: encoding)), message: $0.message)
            },
            data: diagnostic.ruleID)
    }

    private func severity(_ severity: Severity) -> Int {
        if let failLevel, severity >= failLevel { return 1 }
        switch severity {
        case .error: return 1
        case .warning: return 2
        default: return 3
        }
    }

    /// The address of a rule's documentation: its page for a built-in rule, its YAML file for
    /// one of the user's own.
    func documentation(of ruleID: String) -> String? {
        guard let rule = catalogue.rule(ruleID) else { return nil }
        return RuleDocumentation.url(for: rule.descriptor) ?? URL(fileURLWithPath: ConfigurationLoader.absolute(rule.descriptor.origin)).absoluteString
    }

    /// The findings whose range touches `range`.
    func diagnostics(touching range: LSPRange) -> [Diagnostic] {
        diagnostics.filter { diagnostic in
            let found = document.range(of: diagnostic.range, encoding: encoding)
            return !(Self.before(found.end, range.start) || Self.before(range.end, found.start))
        }
    }

    private static func before(_ a: Position, _ b: Position) -> Bool {
        a.line < b.line || a.line == b.line && a.character < b.character
    }

    /// A quick fix for each fixable finding (safe ones preferred, unsafe ones labelled), and one
    /// that silences the rule on the finding's line.
    func quickFixes(for found: [Diagnostic]) -> [CodeAction] {
        var actions: [CodeAction] = []
        for diagnostic in found {
            let shown = protocolDiagnostic(diagnostic)
            if let fix = diagnostic.fix, !fix.edits.isEmpty, fix.kind != .none {
                let safe = fix.kind == .safe
                actions.append(CodeAction(
                    title: safe ? "Fix \(diagnostic.code): \(diagnostic.message)" : "Fix \(diagnostic.code) (unsafe: review the change): \(diagnostic.message)",
                    kind: "quickfix", diagnostics: [shown], isPreferred: safe,
                    edit: WorkspaceEdit(changes: [document.uri: fix.edits.map(edit)])))
            }
            actions.append(CodeAction(
                title: "Disable \(diagnostic.ruleID) for this line", kind: "quickfix", diagnostics: [shown], isPreferred: false,
                edit: WorkspaceEdit(changes: [document.uri: [silencing(diagnostic)]])))
        }
        return actions
    }

    private func edit(_ edit: PostlintRules.TextEdit) -> LSPTextEdit {
        LSPTextEdit(range: document.range(of: edit.range, encoding: encoding), newText: edit.replacement)
    }

    /// The directive that silences the rule: `postlint-disable-line` at the end of a body line
    /// (an HTML comment changes nothing a reader sees), or `postlint-disable-file` at the end of
    /// the post for a finding in the front matter, where no HTML comment can stand.
    private func silencing(_ diagnostic: Diagnostic) -> LSPTextEdit {
        let post = Post(path: document.path, bytes: document.bytes, parsingBody: false)
        let inFrontMatter = post.frontMatter.map { diagnostic.range.lowerBound < post.bodyRange.lowerBound && $0.closing != nil } ?? false
        if inFrontMatter {
            let end = document.position(of: document.bytes.count, encoding: encoding)
            let lead = document.bytes.last.map { $0 == 0x0A ? "" : "\n" } ?? ""
            return LSPTextEdit(range: LSPRange(start: end, end: end), newText: "\(lead)<!-- postlint-disable-file \(diagnostic.ruleID) -->\n")
        }
        let line = document.position(of: diagnostic.range.lowerBound, encoding: encoding).line
        let end = document.position(of: document.lineEnd(line), encoding: encoding)
        return LSPTextEdit(range: LSPRange(start: end, end: end), newText: " <!-- postlint-disable-line \(diagnostic.ruleID) -->")
    }

    /// One edit that turns the document's text into `fixed`: the span between what the two
    /// share at the start and at the end, so the editor keeps the cursor and the undo step small.
    func edits(to fixed: [UInt8]) -> [LSPTextEdit] {
        let old = document.bytes
        guard old != fixed else { return [] }
        var prefix = 0
        while prefix < old.count, prefix < fixed.count, old[prefix] == fixed[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < fixed.count - prefix, old[old.count - 1 - suffix] == fixed[fixed.count - 1 - suffix] { suffix += 1 }
        // Never split a character: step back to the start of the scalar on both sides.
        while prefix > 0, prefix < old.count, old[prefix] & 0xC0 == 0x80 { prefix -= 1 }
        while suffix > 0, old[old.count - suffix] & 0xC0 == 0x80 { suffix -= 1 }
        let range = document.range(of: prefix..<(old.count - suffix), encoding: encoding)
        return [LSPTextEdit(range: range, newText: String(decoding: fixed[prefix..<(fixed.count - suffix)], as: UTF8.self))]
    }

    /// The rule's summary, rationale and a good example, for a hover over one of its findings.
    func hover(_ diagnostic: Diagnostic) -> Hover? {
        guard let rule = catalogue.rule(diagnostic.ruleID) else { return nil }
        let descriptor = rule.descriptor
        var text = "**\(descriptor.code) \(descriptor.id)** (\(descriptor.severity.rawValue), fix: \(descriptor.fix.rawValue))\n\n"
        text += descriptor.summary + "\n\n" + descriptor.rationale.trimmingCharacters(in: .whitespacesAndNewlines)
        if let good = (try? descriptor.loadExamples())?.good.first {
            text += "\n\nGood:\n\n```\n" + good.text.trimmingCharacters(in: .newlines) + "\n```"
        }
        if let link = documentation(of: descriptor.id) { text += "\n\n[Documentation](\(link))" }
        return Hover(contents: MarkupContent(kind: "markdown", value: text), range: document.range(of: diagnostic.range, encoding: encoding))
    }
}
