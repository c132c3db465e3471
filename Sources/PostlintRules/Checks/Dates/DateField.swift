import PostlintModel

/// The front matter's `date`, located and parsed once for the date rules. A class, so that
/// each rule that asks `PostFacts` for it gets a reference, not a copy.
final class DateField {
    let entry: FrontMatterEntry
    /// The scalar text, or nil when `date` is a list or mapping.
    let text: String?
    let parsed: PostDate?

    /// Nil when the post has no readable front matter or no `date` key.
    init?(_ post: Post) {
        guard let frontMatter = post.frontMatter, frontMatter.error == nil, frontMatter.closing != nil,
              let entry = frontMatter.entry("date") else { return nil }
        self.entry = entry
        text = entry.scalar
        parsed = text.flatMap(PostDate.parse)
    }

    /// The date's text without the quotes around it, where fixes edit.
    var textRange: Range<Int> {
        let range = entry.valueRange
        guard entry.value.style == .doubleQuoted || entry.value.style == .singleQuoted, range.count >= 2 else { return range }
        return (range.lowerBound + 1)..<(range.upperBound - 1)
    }

    /// Where findings about the value point: the value, or the key when the value is empty.
    var range: Range<Int> { entry.valueRange.isEmpty ? entry.keyRange : entry.valueRange }
}

