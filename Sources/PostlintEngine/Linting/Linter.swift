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
    /// `place` is where the site puts the post, when the caller knows it already.
    public func lint(_ post: Post, configuration: Configuration, folding: Folding? = nil, at place: SitePath? = nil) -> [Diagnostic] {
        let place = place ?? configuration.sitePath(for: post.path)
        guard let kind = configuration.siteFile(for: post, at: place).kind else { return [] }
        return lint(post, configuration: configuration, kind: kind, folding: folding, at: place)
    }

    /// The diagnostics of `post` read as a file of `kind`: only the rules for that kind run.
    ///
    /// With `folding`, only the first `folding.limit` findings of a rule with the same message
    /// are kept; the last one kept counts the rest (`Diagnostic.folded`), so that a post with a
    /// million identical findings costs the memory of a few. The fixes of folded findings that
    /// `folding.fixes` accepts are kept there, without their diagnostics.
    /// `place` is where the site puts the post, when the caller knows it already.
    public func lint(_ post: Post, configuration: Configuration, kind: DocumentKind, folding: Folding? = nil, at place: SitePath? = nil) -> [Diagnostic] {
        let environment = configuration.environment(now: self.environment.now, for: post, kind: kind, at: place)
        let catalogue = configuration.catalogue
        let suppressions = Suppressions(post, catalogue: catalogue)
        var used = Set<Int>()
        let facts = PostFacts(post)
        var diagnostics: [Diagnostic] = []
        // The last finding's start: a rule reports in order, and counting a long line's columns
        // from its beginning for each of thousands of findings on it made linting quadratic.
        var anchor: (offset: Int, location: SourceLocation)?
        var folds: [FoldKey: Fold] = [:]
        func emit(_ rule: Rule, _ severity: Severity, _ finding: Finding) {
            if let folding, !folding.exempt.contains(rule.descriptor.id) {
                let key = FoldKey(code: rule.descriptor.code, message: finding.message)
                if let fold = folds[key], fold.kept >= folding.limit {
                    folds[key]!.folded += 1
                    if let fix = finding.fix { folding.fixes?.add(fix, of: rule.descriptor, at: finding.range.lowerBound) }
                    return
                }
                folds[key, default: Fold()].kept += 1
                folds[key]!.last = diagnostics.count
            }
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
                start: start, end: end(of: finding.range, after: start), fix: finding.fix, related: finding.related))
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
        let undecodable = post.encoding != .utf8
        configuration.enabledRules.withUnsafeBufferPointer { rules in
            guard let first = rules.first else { return }
            var context = RuleContext(first.configured, environment: environment, facts: facts)
            for index in rules.indices {
                if undecodable, !rules[index].check.readsUndecodableFiles { continue }
                if !rules[index].configured.appliesTo(kind) { continue }
                context.switchRule(to: rules[index].configured)
                // Each finding is suppressed, folded or kept as the check hands it over: a big
                // post's findings are never all in one list. The rule is read from the list only
                // when it finds something: most rules find nothing in most posts.
                rules[index].check.check(post, context) { finding in
                    let rule = rules[index].rule
                    let severity = rules[index].severity
                    let line = post.source.line(containing: finding.range.lowerBound)
                    if suppressions.silences(rule.descriptor.id, offset: finding.range.lowerBound, line: line, used: &used) { return }
                    emit(rule, finding.severityCap.map { min($0, severity) } ?? severity, finding)
                }
            }
        }
        // The rules about the directives themselves have nothing to say in a post without any.
        if suppressions.directives.isEmpty { return Self.ordered(Self.folded(diagnostics, folds)) }
        if let unknown = catalogue.rules.first(where: { $0.check is UnknownRuleInComment }), configuration.isEnabled(unknown), unknown.descriptor.appliesTo.contains(kind) {
            for directive in suppressions.directives {
                for name in directive.unknown {
                    emit(unknown, Finding(range: directive.range, message: "`\(name)` is not a rule id or code; `postlint rules` lists them"))
                }
            }
        }
        if let unused = catalogue.rules.first(where: { $0.check is UnusedSuppression }), configuration.isEnabled(unused), unused.descriptor.appliesTo.contains(kind) {
            for (index, directive) in suppressions.directives.enumerated()
            where [.line, .nextLine].contains(directive.kind) && !used.contains(index) && directive.unknown.isEmpty {
                let target = directive.kind == .line ? "this line" : "the next line"
                emit(unused, Finding(range: directive.range, message: "this postlint-\(directive.kind.rawValue) comment silences nothing on \(target); remove it"))
            }
        }
        return Self.ordered(Self.folded(diagnostics, folds))
    }

    /// The diagnostics with each fold's count on the last diagnostic it kept.
    private static func folded(_ diagnostics: [Diagnostic], _ folds: [FoldKey: Fold]) -> [Diagnostic] {
        var diagnostics = diagnostics
        for fold in folds.values where fold.folded > 0 {
            diagnostics[fold.last] = diagnostics[fold.last].folding(fold.folded)
        }
        return diagnostics
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

/// A rule and message whose findings are folded.
private struct FoldKey: Hashable {
    let code: String
    let message: String
}

private struct Fold {
    var kept = 0
    var folded = 0
    /// The index of the last diagnostic kept.
    var last = 0
}
