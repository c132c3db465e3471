import PostlintRules

/// Edits kept compactly: offsets as 32-bit numbers and each distinct replacement once, shared by
/// every list made from the same `Replacements`. A post with millions of fixes keeps 12 bytes
/// for each edit, where a `TextEdit` takes 32 and its own string.
///
/// Offsets must fit in 32 bits: the fixer lists edits this way only for texts under 4 GiB.
struct EditList {
    struct Edit {
        let lower: UInt32
        let upper: UInt32
        /// The replacement's index in the list's `Replacements`.
        let replacement: UInt32

        var range: Range<Int> { Int(lower)..<Int(upper) }
        /// Whether the edit deletes without inserting anything.
        var replacesWithNothing: Bool { replacement == Replacements.nothing }

        func with(_ range: Range<Int>) -> Edit { Edit(lower: UInt32(range.lowerBound), upper: UInt32(range.upperBound), replacement: replacement) }
    }

    /// Each distinct replacement once, the empty one first.
    final class Replacements {
        static let nothing: UInt32 = 0
        private(set) var strings: [String] = [""]
        private var ids: [String: UInt32] = ["": 0]

        func id(of string: String) -> UInt32 {
            if let id = ids[string] { return id }
            let id = UInt32(strings.count)
            strings.append(string)
            ids[string] = id
            return id
        }
    }

    static func fits(_ byteCount: Int) -> Bool { byteCount < Int(UInt32.max) }

    let replacements: Replacements
    private(set) var edits: [Edit] = []

    init(sharing replacements: Replacements = Replacements()) {
        self.replacements = replacements
    }

    var count: Int { edits.count }

    subscript(index: Int) -> Edit {
        get { edits[index] }
        set { edits[index] = newValue }
    }

    mutating func append(_ edit: TextEdit) {
        edits.append(Edit(lower: UInt32(edit.range.lowerBound), upper: UInt32(edit.range.upperBound), replacement: replacements.id(of: edit.replacement)))
    }

    /// Appends an edit of a list that shares this list's replacements.
    mutating func append(_ edit: Edit) { edits.append(edit) }

    mutating func insert(_ edit: Edit, at index: Int) { edits.insert(edit, at: index) }

    func replacement(of edit: Edit) -> String { replacements.strings[Int(edit.replacement)] }

    /// The edits in `range` of the list, as edits of the rules.
    func textEdits(_ range: Range<Int>) -> [TextEdit] {
        edits[range].map { TextEdit(range: $0.range, replacement: replacement(of: $0)) }
    }
}
