import PostlintAdapters

/// The YAML front matter of a post: where its delimiters are, its raw text, the parsed tree,
/// and the byte range of every top-level key and value.
public struct FrontMatter: Sendable {
    /// BOM and blank lines before the opening `---`. Non-empty means Jekyll sees no front matter.
    public let leading: Range<Int>
    /// The opening `---` line, without its line break.
    public let opening: Range<Int>
    /// The closing `---` or `...` line; nil when the front matter is never closed.
    public let closing: Range<Int>?
    /// The YAML between the delimiter lines.
    public let yamlRange: Range<Int>
    /// The 1-based file line on which the YAML starts.
    public let yamlFirstLine: Int
    /// The parsed document; nil when it is empty or did not parse.
    public let root: YAMLNode?
    /// Why the YAML did not parse (or is not a mapping), at a byte offset in the file.
    public let error: FrontMatterError?
    /// The top-level keys in order, duplicates included.
    public let entries: [FrontMatterEntry]

    /// The first entry for `key`.
    public func entry(_ key: String) -> FrontMatterEntry? {
        // By index: `first(where:)` copied every entry out to compare its key.
        for index in entries.indices where entries[index].key == key { return entries[index] }
        return nil
    }
}

/// A YAML problem in the front matter.
public struct FrontMatterError: Sendable, Equatable {
    public let message: String
    public let offset: Int
}

/// One top-level `key: value` of the front matter.
public struct FrontMatterEntry: Sendable {
    public let key: String
    public let keyRange: Range<Int>
    public let value: YAMLNode
    /// The value as written: quotes included, trailing comments and blanks excluded.
    public let valueRange: Range<Int>
    /// The scalar's text when the value is a scalar.
    public var scalar: String? {
        if case .scalar(let text, _) = value.content { return text }
        return nil
    }
}
