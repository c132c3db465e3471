import PostlintModel
import PostlintRules

/// Applies fixes to a post until nothing fixable is left: each pass lints, takes the fixes that
/// do not overlap, applies their edits back to front on the bytes, and parses again.
public struct Fixer: Sendable {
    /// What the fixer may apply.
    public struct Policy: Sendable {
        public var includeUnsafe: Bool
        /// Rules to fix, by id or code; empty means every rule.
        public var rules: Set<String>

        public init(includeUnsafe: Bool = false, rules: Set<String> = []) {
            self.includeUnsafe = includeUnsafe
            self.rules = rules
        }

        func allows(_ diagnostic: Diagnostic) -> Bool {
            diagnostic.fix.map { allows($0, ruleID: diagnostic.ruleID, code: diagnostic.code) } ?? false
        }

        func allows(_ fix: Fix, ruleID: String, code: String) -> Bool {
            guard fix.kind == .safe || (fix.kind == .unsafe && includeUnsafe) else { return false }
            return rules.isEmpty || rules.contains(ruleID) || rules.contains(code)
        }
    }

    /// One fix as it was applied, in the coordinates of the bytes it was applied to.
    public struct AppliedFix: Sendable {
        public let pass: Int
        public let diagnostic: Diagnostic
    }

    public struct Result: Sendable {
        public let original: [UInt8]
        public let fixed: [UInt8]
        /// The fixes applied, but for those of folded findings, which are only counted.
        public let applied: [AppliedFix]
        /// How many fixes of folded findings were applied.
        public let foldedApplied: Int
        /// What is left after fixing, on the fixed bytes.
        public let remaining: [Diagnostic]
        /// The fixed bytes, parsed (the last pass parsed them already); only the front matter
        /// when no rule could find anything in the file (`RuleCheck.mayFind`).
        public let post: Post
        public var changed: Bool { original != fixed }
        /// Every fix applied, folded or not.
        public var appliedCount: Int { applied.count + foldedApplied }
    }

    /// Enough for fixes that enable other fixes; a file that keeps changing after this is reported.
    public static let maximumPasses = 10

    public let linter: Linter
    public let policy: Policy

    public init(linter: Linter, policy: Policy) {
        self.linter = linter
        self.policy = policy
    }

    /// With `onlyPolicyRules`, rules outside `policy.rules` are not run at all, so `remaining`
    /// holds only theirs; converters use it, as they need the fixed text and nothing else.
    /// With `folding`, each pass lints with that many findings kept of each rule and message
    /// (see `Folding`): all their fixes are still applied, and `remaining` is folded too.
    /// Rules in `keeping` are never folded: their applied fixes are all in `applied`.
    /// `place` is where the site puts the file, when the caller knows it already; `language`
    /// what the text is read as, when not what `previous` or the file name says. `previous`,
    /// a parse of a text that starts with the same front matter (as a converted post starts with
    /// its source's), spares parsing that front matter again. `firstParse` is handed the parse of
    /// the text as it came in, body and all, before the first pass drops it (it is not called
    /// when no rule could find anything and the body was not parsed): a caller that needs more
    /// of the original than its bytes reads it there instead of parsing it again.
    public func fix(path: String, bytes original: [UInt8], configuration base: Configuration, onlyPolicyRules: Bool = false, folding limit: Int? = nil,
                    keeping exempt: Set<String> = [], at place: SitePath? = nil, language chosen: MarkupLanguage? = nil, reusing previous: Post? = nil,
                    firstParse: ((Post) -> Void)? = nil) -> Result {
        var configuration = base
        if onlyPolicyRules, !policy.rules.isEmpty {
            for rule in base.catalogue.rules where !policy.rules.contains(rule.descriptor.id) && !policy.rules.contains(rule.descriptor.code) {
                configuration.settings[rule.descriptor.id, default: RuleSetting()].enabled = false
            }
        }
        let policy = self.policy
        // Folded fixes keep 32-bit offsets; a bigger text is linted without folding.
        let limit = EditList.fits(original.count) ? limit : nil
        let place = place ?? configuration.sitePath(for: path)
        func lint(_ post: Post) -> (diagnostics: [Diagnostic], folded: FoldedFixes?) {
            guard let limit else { return (linter.lint(post, configuration: configuration, at: place), nil) }
            let fixes = FoldedFixes { rule, fix in policy.allows(fix, ruleID: rule.id, code: rule.code) }
            return (linter.lint(post, configuration: configuration, folding: Folding(limit: limit, fixes: fixes, exempt: exempt), at: place), fixes)
        }
        // A file in which none of the rules can find anything is not parsed: nothing would be
        // fixed, and nothing would remain.
        let language = chosen ?? Post.language(of: path, reusing: previous)
        let clueless = original.withUnsafeBufferPointer { bytes in
            !configuration.enabledRules.contains { $0.check.mayFind(in: bytes, language: language, $0.configured) }
        }
        if clueless {
            return Result(original: original, fixed: original, applied: [], foldedApplied: 0, remaining: [],
                          post: Post(path: path, bytes: original, language: language, reusing: previous, parsingBody: false))
        }
        var bytes = original
        var applied: [AppliedFix] = []
        var foldedApplied = 0
        var post = Post(path: path, bytes: bytes, language: language, reusing: previous)
        firstParse?(post)
        var (diagnostics, folded) = lint(post)
        for pass in 1...Self.maximumPasses {
            let kept = diagnostics.filter(policy.allows)
            guard var (edits, chosen) = Self.choose(kept: kept, folded: folded) else { break }
            LineKeepingDeletions.adjust(&edits, in: post)
            // Only the front matter of this pass is kept while the edits are applied: on a big
            // post, the parsed body and the folded fixes beside the new bytes were the peak of memory.
            let previous = post.frontMatterPart()
            post = previous
            folded = nil
            let next = Self.apply(edits, to: bytes)
            edits = EditList()
            // A fix that would break the text's encoding is a bug; never write it.
            guard next != bytes, TextEncoding(validating: next) == .utf8 || TextEncoding(validating: bytes) != .utf8 else {
                post = Post(path: path, bytes: bytes, language: language, reusing: previous)
                break
            }
            for id in chosen {
                if id < kept.count { applied.append(AppliedFix(pass: pass, diagnostic: kept[id])) } else { foldedApplied += 1 }
            }
            chosen = []
            diagnostics = []
            bytes = next
            post = Post(path: path, bytes: bytes, language: language, reusing: previous)
            (diagnostics, folded) = lint(post)
        }
        return Result(original: original, fixed: bytes, applied: applied, foldedApplied: foldedApplied, remaining: diagnostics, post: post)
    }

    /// The edits of the fixes one pass applies, sorted, and the candidates they came from (below
    /// `kept.count` a kept diagnostic, above it a folded fix); nil when there are none.
    private static func choose(kept: [Diagnostic], folded: FoldedFixes?) -> (edits: EditList, chosen: [Int])? {
        let replacements = folded?.edits.replacements ?? EditList.Replacements()
        var keptEdits = EditList(sharing: replacements)
        var keptEnds: [Int] = []
        for diagnostic in kept {
            for edit in diagnostic.fix!.edits { keptEdits.append(edit) }
            keptEnds.append(keptEdits.count)
        }
        func edits(of id: Int) -> (EditList, Range<Int>) {
            id < kept.count
                ? (keptEdits, (id == 0 ? 0 : keptEnds[id - 1])..<keptEnds[id])
                : (folded!.edits, folded!.range(of: id - kept.count))
        }
        var taken = EditList(sharing: replacements)
        let chosen = nonOverlapping(order(kept: kept, folded: folded), into: &taken, edits(of:))
        return chosen.isEmpty ? nil : (taken, chosen)
    }

    /// The candidates in the order of the text, kept before folded at the same place, which is
    /// the order they are taken in. Kept diagnostics come in that order already, and each rule's
    /// folded fixes too.
    private static func order(kept: [Diagnostic], folded: FoldedFixes?) -> [UInt32] {
        let total = kept.count + (folded?.count ?? 0)
        var order = (0..<UInt32(total)).map { $0 }
        guard let folded, folded.count > 0 else { return order }
        func start(_ id: UInt32) -> Int {
            Int(id) < kept.count ? kept[Int(id)].range.lowerBound : folded.start(of: Int(id) - kept.count)
        }
        order.sort { (start($0), $0) < (start($1), $1) }
        return order
    }

    /// The candidates, taken in `order`, whose edits touch neither each other nor an earlier
    /// chosen candidate's edits; their edits go into `taken`, sorted by start.
    static func nonOverlapping(_ order: [UInt32], into taken: inout EditList, _ candidate: (Int) -> (EditList, Range<Int>)) -> [Int] {
        // Taken edits never overlap, so sorted by start they are sorted by end too, and only
        // those from the first ending at or after a new edit's start can touch it.
        var chosen: [Int] = []
        for id in order.lazy.map(Int.init) {
            let (list, span) = candidate(id)
            let clashes = span.contains { index in
                let range = list[index].range
                if span[(index + 1)...].contains(where: { conflict(list[$0].range, range) }) { return true }
                var position = firstIndex(in: taken) { $0.upperBound >= range.lowerBound }
                while position < taken.count, taken[position].range.lowerBound <= range.upperBound {
                    if conflict(taken[position].range, range) { return true }
                    position += 1
                }
                return false
            }
            guard !clashes else { continue }
            for index in span {
                let range = list[index].range
                taken.insert(list[index], at: firstIndex(in: taken) { ($0.lowerBound, $0.upperBound) > (range.lowerBound, range.upperBound) })
            }
            chosen.append(id)
        }
        return chosen
    }

    /// The first index of sorted `ranges` where `isPast` holds (it must hold from there on).
    private static func firstIndex(in edits: EditList, where isPast: (Range<Int>) -> Bool) -> Int {
        var low = 0, high = edits.count
        while low < high {
            let middle = (low + high) / 2
            if isPast(edits[middle].range) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Two edits conflict when they share a byte, or both insert at the same place.
    static func conflict(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        if a.isEmpty || b.isEmpty {
            return a.lowerBound == b.lowerBound || (a.isEmpty ? b.contains(a.lowerBound) && b.lowerBound != a.lowerBound : a.contains(b.lowerBound) && a.lowerBound != b.lowerBound)
        }
        return a.overlaps(b)
    }

    /// Sorts edits by where they start, in place and only when they are not in order already.
    static func sort(_ edits: inout [TextEdit]) {
        func ordered(_ a: TextEdit, _ b: TextEdit) -> Bool { (a.range.lowerBound, a.range.upperBound) < (b.range.lowerBound, b.range.upperBound) }
        if edits.indices.dropFirst().contains(where: { ordered(edits[$0], edits[$0 - 1]) }) { edits.sort(by: ordered) }
    }

    /// Applies edits that do not conflict, copying the text between them once.
    public static func apply(_ edits: [TextEdit], to bytes: [UInt8]) -> [UInt8] {
        var edits = edits
        sort(&edits)
        return splice(edits.lazy.map { ($0.range, $0.replacement) }, into: bytes)
    }

    /// Applies edits sorted by start that do not conflict.
    static func apply(_ edits: EditList, to bytes: [UInt8]) -> [UInt8] {
        splice(edits.edits.lazy.map { ($0.range, edits.replacement(of: $0)) }, into: bytes)
    }

    private static func splice(_ edits: some Sequence<(Range<Int>, String)>, into bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var copied = 0
        for (range, replacement) in edits {
            result += bytes[copied..<range.lowerBound]
            result += replacement.utf8
            copied = range.upperBound
        }
        result += bytes[copied...]
        return result
    }
}
