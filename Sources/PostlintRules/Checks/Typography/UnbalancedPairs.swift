import PostlintModel

/// PL506: a full-width quotation mark or bracket without its partner in the same paragraph
/// (`“` without `”`, `《` without `》`), or closed by the half-width form (`（…)`).
struct UnbalancedPairs: SwiftRuleCheck {
    static let ruleID = "unbalanced-pairs"

    static let numerals: Set<UInt32> = Set("一二三四五六七八九十".unicodeScalars.map(\.value))

    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool {
        Self.holdsFullwidthMark(bytes)
    }

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let body = post.body else { return }
        for block in body.blocks {
            // ASCII parentheses alone are never reported: a block without a full-width mark this
            // rule pairs (most blocks of English text) has nothing to find.
            guard post.source.bytes.withUnsafeBufferPointer({ Self.holdsFullwidthMark(UnsafeBufferPointer(rebasing: $0[block.clamped(to: 0..<$0.count)])) }) else { continue }
            var stack = OpenMarks()
            // The few brackets and quotation marks first, each with the scalar before it, in a
            // plain loop over the runs: most of a paragraph is ideographs.
            var marks: [(scalar: ProseText.Scalar, previous: UInt32?, next: UInt32?)] = []
            var last: UInt32?
            var awaitingNext: Int?
            for run in context.facts.prose.runs(within: block, of: post) {
                run.withUnsafeBufferPointer { run in
                    for scalar in run {
                        if let index = awaitingNext { marks[index].next = scalar.value; awaitingNext = nil }
                        if Self.mayPair(scalar.value) {
                            marks.append((scalar, last, nil))
                            awaitingNext = marks.count - 1
                        }
                        last = scalar.value
                    }
                }
            }
            for (scalar, previous, next) in marks {
                let value = scalar.value
                // `’` after a Latin letter is an apostrophe (`don’t`, `users’ data`), unless a
                // `‘` is open and the word ends there (`‘Pandoc’`).
                if value == 0x2019, previous?.isASCIIAlphanumeric == true,
                   !(stack.last?.value == 0x2018 && !(next?.isASCIIAlphanumeric ?? false)) { continue }
                if CJK.closer(for: value) != nil || value == 0x28 {
                    stack.append(scalar)
                } else if let opener = CJK.opener(for: value) ?? (value == 0x29 ? 0x28 : nil) {
                    // `1）`, `二）`: an enumeration, not a closing bracket.
                    if value == 0xFF09, stack.isEmpty, let previous, previous.isASCIIAlphanumeric || Self.numerals.contains(previous) {
                        continue
                    }
                    guard let top = stack.last else {
                        if value != 0x29 { report(unmatched(scalar, "closes nothing; its opening `\(character(opener))` is missing")) }
                        continue
                    }
                    if top.value == opener {
                        stack.removeLast()
                    } else if top.value == 0xFF08 && value == 0x29 || top.value == 0x28 && value == 0xFF09 {
                        stack.removeLast()
                        report(unmatched(scalar, "closes `\(character(top.value))`; expected `\(character(CJK.closer(for: top.value) ?? 0x29))`"))
                    } else if stack.opened[opener, default: 0] > 0, let index = stack.lastIndex(where: { $0.value == opener }) {
                        for unclosed in stack[(index + 1)...] where unclosed.value != 0x28 {
                            report(unmatched(unclosed, "is never closed; expected `\(character(CJK.closer(for: unclosed.value)!))`"))
                        }
                        stack.removeSubrange(index...)
                    } else if value != 0x29 {
                        report(unmatched(scalar, "closes nothing; its opening `\(character(opener))` is missing"))
                    }
                }
            }
            for unclosed in stack where unclosed.value != 0x28 {
                report(unmatched(unclosed, "is never closed in this paragraph; expected `\(character(CJK.closer(for: unclosed.value)!))`"))
            }
        }
    }

    /// The marks still open, with how many of each: a closer with no opener anywhere in a long
    /// stack is told at once, without reading the stack (which was quadratic).
    struct OpenMarks: Sequence {
        private var marks: [ProseText.Scalar] = []
        private(set) var opened: [UInt32: Int] = [:]

        var last: ProseText.Scalar? { marks.last }
        var isEmpty: Bool { marks.isEmpty }

        mutating func append(_ mark: ProseText.Scalar) {
            marks.append(mark)
            opened[mark.value, default: 0] += 1
        }

        mutating func removeLast() {
            opened[marks.removeLast().value]! -= 1
        }

        func lastIndex(where test: (ProseText.Scalar) -> Bool) -> Int? { marks.lastIndex(where: test) }
        subscript(range: PartialRangeFrom<Int>) -> ArraySlice<ProseText.Scalar> { marks[range] }

        mutating func removeSubrange(_ range: PartialRangeFrom<Int>) {
            for mark in marks[range] { opened[mark.value]! -= 1 }
            marks.removeSubrange(range)
        }

        func makeIterator() -> IndexingIterator<[ProseText.Scalar]> { marks.makeIterator() }
    }

    /// Whether `bytes` hold a mark beyond ASCII that `mayPair` accepts: U+2018 to U+201D (led
    /// by E2), U+3008 to U+3015 (E3) or U+FF08 to U+FF5D (EF), found by their lead bytes;
    /// `，` is one, so Chinese text is told by the first search.
    static func holdsFullwidthMark(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        ByteClues.containsScalar(leading: 0xEF, in: bytes) { (0xFF08...0xFF5D).contains($0) }
            || ByteClues.containsScalar(leading: 0xE2, in: bytes) { (0x2018...0x201D).contains($0) }
            || ByteClues.containsScalar(leading: 0xE3, in: bytes) { (0x3008...0x3015).contains($0) }
    }

    /// Whether `value` is a bracket or quotation mark this rule pairs: a range test that
    /// passes over ideographs and letters before the two lookups.
    static func mayPair(_ value: UInt32) -> Bool {
        value == 0x28 || value == 0x29 || (0x2018...0x201D).contains(value) || (0x3008...0x3015).contains(value) || (0xFF08...0xFF5D).contains(value)
    }

    private func unmatched(_ scalar: ProseText.Scalar, _ what: String) -> Finding {
        Finding(range: scalar.offset..<scalar.end, message: "`\(character(scalar.value))` \(what)")
    }

    private func character(_ value: UInt32) -> String { String(Character(Unicode.Scalar(value)!)) }
}
