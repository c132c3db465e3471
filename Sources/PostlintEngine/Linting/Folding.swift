import PostlintRules

/// How many findings of a rule with the same message a file keeps, and where the fixes of the
/// others go.
public struct Folding: Sendable {
    /// The findings kept of each rule and message; at least 1.
    public let limit: Int
    /// Where the fixes of folded findings go; nil when nobody applies them.
    public let fixes: FoldedFixes?
    /// Rules, by id, whose findings are all kept.
    public let exempt: Set<String>

    public init(limit: Int, fixes: FoldedFixes? = nil, exempt: Set<String> = []) {
        self.limit = max(1, limit)
        self.fixes = fixes
        self.exempt = exempt
    }
}

/// The fixes of folded findings, in one compact list of edits: a post with millions of fixable
/// findings keeps about 20 bytes for each, not a diagnostic. Filled by one lint on one thread,
/// then read by the fixer. For texts under 4 GiB (`Fixer` folds only those).
public final class FoldedFixes: @unchecked Sendable {
    private let accepts: @Sendable (RuleDescriptor, Fix) -> Bool
    /// The edits of every fix kept, fix after fix.
    private(set) var edits = EditList()
    /// Where each fix's edits end in `edits`.
    private var ends: [UInt32] = []
    /// Where each fix's finding starts.
    private var starts: [UInt32] = []

    /// Keeps the fixes `accepts` takes.
    public init(accepts: @escaping @Sendable (RuleDescriptor, Fix) -> Bool) {
        self.accepts = accepts
    }

    func add(_ fix: Fix, of rule: RuleDescriptor, at start: Int) {
        guard accepts(rule, fix) else { return }
        for edit in fix.edits { edits.append(edit) }
        ends.append(UInt32(edits.count))
        starts.append(UInt32(start))
    }

    /// Where the `index`th fix's finding starts.
    public func start(of index: Int) -> Int { Int(starts[index]) }

    /// The number of fixes kept.
    public var count: Int { ends.count }

    /// Where the `index`th fix's edits are in `edits`.
    func range(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])
    }

    /// The edits of the `index`th fix.
    public func edits(of index: Int) -> [TextEdit] { edits.textEdits(range(of: index)) }
}
