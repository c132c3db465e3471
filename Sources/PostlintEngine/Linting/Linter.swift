import PostlintModel
import PostlintRules

/// Runs the enabled rules over a parsed post, applies the configured severities and the post's
/// suppression comments, and returns diagnostics in report order.
public struct Linter: Sendable {
    public let environment: LintEnvironment

    public init(environment: LintEnvironment) {
        self.environment = environment
    }

    /// The diagnostics of `post`; none for a file Jekyll does not process (`siteFile`).
    public func lint(_ post: Post, configuration: Configuration) -> [Diagnostic] {
        guard let kind = configuration.siteFile(for: post).kind else { return [] }
        return lint(post, configuration: configuration, kind: kind)
    }

    /// The diagnostics of `post` read as a file of `kind`: only the rules for that kind run.
    public func lint(_ post: Post, configuration: Configuration, kind: DocumentKind) -> [Diagnostic] {
        let environment = configuration.environment(now: self.environment.now, for: post, kind: kind)
        let catalogue = configuration.catalogue
        let suppressions = Suppressions(post, catalogue: catalogue)
        var used = Set<Int>()
        let facts = PostFacts(post)
        var diagnostics: [Diagnostic] = []
        // The last finding's start: a rule reports in order, and counting a long line's columns
        // from its beginning for each of thousands of findings on it made linting quadratic.
        var anchor: (offset: Int, location: SourceLocation)?
        func emit(_ rule: Rule, _ severity: Severity, _ finding: Finding) {
            let offset = finding.range.lowerBound
            let start = if post.encoding == .utf8, let anchor, anchor.offset <= offset {
                post.source.location(of: offset, after: anchor.location, at: anchor.offset)
            } else {
                post.location(of: offset)
            }
            anchor = (offset, start)
            diagnostics.append(Diagnostic(
                path: post.path, code: rule.descriptor.code, ruleID: rule.descriptor.id,
                severity: severity, message: finding.message, range: finding.range,
                start: start, end: end(of: finding.range, after: start), fix: finding.fix))
        }
        func emit(_ rule: Rule, _ finding: Finding) { emit(rule, configuration.severity(rule), finding) }
        // Counting from the start saves reading a long line twice; it needs valid UTF-8.
        func end(of range: Range<Int>, after start: SourceLocation) -> SourceLocation {
            post.encoding == .utf8
                ? post.source.location(of: range.upperBound, after: start, at: range.lowerBound)
                : post.location(of: range.upperBound)
        }
        // Rules are read in place: copying each one out of the list retained and released its
        // parts for every rule and every post.
        configuration.enabledRules.withUnsafeBufferPointer { rules in
            for index in rules.indices {
                if post.encoding != .utf8, !rules[index].check.readsUndecodableFiles { continue }
                if !rules[index].configured.appliesTo(kind) { continue }
                let findings = rules[index].check.check(post, RuleContext(rules[index].configured, environment: environment, facts: facts))
                if findings.isEmpty { continue }
                let rule = rules[index].rule
                for finding in findings {
                    let line = post.source.line(containing: finding.range.lowerBound)
                    if suppressions.silences(rule.descriptor.id, offset: finding.range.lowerBound, line: line, used: &used) { continue }
                    emit(rule, finding.severityCap.map { min($0, rules[index].severity) } ?? rules[index].severity, finding)
                }
            }
        }
        // The rules about the directives themselves have nothing to say in a post without any.
        if suppressions.directives.isEmpty { return Self.ordered(diagnostics) }
        if let unknown = catalogue.rule("unknown-rule-in-comment"), configuration.isEnabled(unknown), unknown.descriptor.appliesTo.contains(kind) {
            for directive in suppressions.directives {
                for name in directive.unknown {
                    emit(unknown, Finding(range: directive.range, message: "`\(name)` is not a rule id or code; `postlint rules` lists them"))
                }
            }
        }
        if let unused = catalogue.rule("unused-suppression"), configuration.isEnabled(unused), unused.descriptor.appliesTo.contains(kind) {
            for (index, directive) in suppressions.directives.enumerated()
            where [.line, .nextLine].contains(directive.kind) && !used.contains(index) && directive.unknown.isEmpty {
                let target = directive.kind == .line ? "this line" : "the next line"
                emit(unused, Finding(range: directive.range, message: "this postlint-\(directive.kind.rawValue) comment silences nothing on \(target); remove it"))
            }
        }
        return Self.ordered(diagnostics)
    }

    /// The diagnostics in report order, stably.
    private static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        // Rules mostly report in order already; the sort is stable, so a sorted list stays as it is.
        if diagnostics.indices.dropFirst().allSatisfy({ !Diagnostic.ordered(diagnostics[$0], diagnostics[$0 - 1]) }) { return diagnostics }
        // Indices sorted, not the diagnostics: moving whole diagnostics through a merge sort
        // cost more than all the rules that found them.
        let order = diagnostics.indices.sorted { Diagnostic.ordered(diagnostics[$0], diagnostics[$1]) || (!Diagnostic.ordered(diagnostics[$1], diagnostics[$0]) && $0 < $1) }
        return order.map { diagnostics[$0] }
    }
}
