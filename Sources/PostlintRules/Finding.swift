/// A replacement of bytes in the original file.
public struct TextEdit: Sendable, Hashable {
    public let range: Range<Int>
    public let replacement: String

    public init(range: Range<Int>, replacement: String) {
        self.range = range
        self.replacement = replacement
    }
}

/// How to repair a finding: edits on the original bytes, never a re-serialisation.
public struct Fix: Sendable, Hashable {
    public let kind: FixKind
    public let edits: [TextEdit]

    public init(kind: FixKind, edits: [TextEdit]) {
        self.kind = kind
        self.edits = edits
    }
}

/// A second place a finding speaks of (the first occurrence of a key given twice), with what
/// it is.
public struct RelatedRange: Sendable, Hashable {
    public let range: Range<Int>
    public let message: String

    public init(range: Range<Int>, message: String) {
        self.range = range
        self.message = message
    }
}

/// What a rule reports: a byte range, a message, and maybe a fix. Severity is the
/// configuration's to decide; a rule may only cap it for a finding that matters less than its
/// usual ones (a date whose day cannot move is at most `info`).
public struct Finding: Sendable {
    public let range: Range<Int>
    public let message: String
    public let fix: Fix?
    /// The highest severity this finding is reported at, whatever the rule's.
    public let severityCap: Severity?
    /// Other places the finding speaks of; editors show them beside it.
    public let related: [RelatedRange]

    public init(range: Range<Int>, message: String, fix: Fix? = nil, severityCap: Severity? = nil, related: [RelatedRange] = []) {
        self.range = range
        self.message = message
        self.fix = fix
        self.severityCap = severityCap
        self.related = related
    }
}
