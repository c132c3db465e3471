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
            guard let fix = diagnostic.fix else { return false }
            guard fix.kind == .safe || (fix.kind == .unsafe && includeUnsafe) else { return false }
            return rules.isEmpty || rules.contains(diagnostic.ruleID) || rules.contains(diagnostic.code)
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
        public let applied: [AppliedFix]
        /// What is left after fixing, on the fixed bytes.
        public let remaining: [Diagnostic]
        /// The fixed bytes, parsed (the last pass parsed them already).
        public let post: Post
        public var changed: Bool { original != fixed }
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
    public func fix(path: String, bytes original: [UInt8], configuration base: Configuration, onlyPolicyRules: Bool = false) -> Result {
        var configuration = base
        if onlyPolicyRules, !policy.rules.isEmpty {
            for rule in base.catalogue.rules where !policy.rules.contains(rule.descriptor.id) && !policy.rules.contains(rule.descriptor.code) {
                configuration.settings[rule.descriptor.id, default: RuleSetting()].enabled = false
            }
        }
        var bytes = original
        var applied: [AppliedFix] = []
        var post = Post(path: path, bytes: bytes)
        var diagnostics = linter.lint(post, configuration: configuration)
        for pass in 1...Self.maximumPasses {
            let chosen = Self.nonOverlapping(diagnostics.filter(policy.allows))
            guard !chosen.isEmpty else { break }
            let next = Self.apply(LineKeepingDeletions.adjust(chosen.flatMap { $0.fix!.edits }, in: post), to: bytes)
            guard next != bytes else { break }
            // A fix that would break the text's encoding is a bug; never write it.
            if TextEncoding(validating: next) != .utf8, TextEncoding(validating: bytes) == .utf8 { break }
            applied += chosen.map { AppliedFix(pass: pass, diagnostic: $0) }
            bytes = next
            post = Post(path: path, bytes: bytes, reusing: post)
            diagnostics = linter.lint(post, configuration: configuration)
        }
        return Result(original: original, fixed: bytes, applied: applied, remaining: diagnostics, post: post)
    }

    /// Fixes in order whose edits touch neither each other nor an earlier fix's edits.
    static func nonOverlapping(_ candidates: [Diagnostic]) -> [Diagnostic] {
        // Taken edits never overlap, so sorted by start they are sorted by end too, and only
        // those from the first ending at or after a new edit's start can touch it.
        var taken: [Range<Int>] = []
        var chosen: [Diagnostic] = []
        for diagnostic in candidates {
            let edits = diagnostic.fix!.edits.map(\.range)
            let clashes = edits.enumerated().contains { index, range in
                if edits[(index + 1)...].contains(where: { conflict($0, range) }) { return true }
                var position = firstIndex(in: taken) { $0.upperBound >= range.lowerBound }
                while position < taken.count, taken[position].lowerBound <= range.upperBound {
                    if conflict(taken[position], range) { return true }
                    position += 1
                }
                return false
            }
            guard !clashes else { continue }
            for range in edits {
                taken.insert(range, at: firstIndex(in: taken) { ($0.lowerBound, $0.upperBound) > (range.lowerBound, range.upperBound) })
            }
            chosen.append(diagnostic)
        }
        return chosen
    }

    /// The first index of sorted `ranges` where `isPast` holds (it must hold from there on).
    private static func firstIndex(in ranges: [Range<Int>], where isPast: (Range<Int>) -> Bool) -> Int {
        var low = 0, high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if isPast(ranges[middle]) { high = middle } else { low = middle + 1 }
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

    /// Applies edits that do not conflict, copying the text between them once.
    public static func apply(_ edits: [TextEdit], to bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var copied = 0
        for edit in edits.sorted(by: { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }) {
            result += bytes[copied..<edit.range.lowerBound]
            result += edit.replacement.utf8
            copied = edit.range.upperBound
        }
        result += bytes[copied...]
        return result
    }
}
