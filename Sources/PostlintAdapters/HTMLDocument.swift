/// A flat, immutable view of parsed HTML: elements in document order with parent links, so that
/// even 100,000 nested elements need no recursion to build, walk or free.
public struct HTMLDocument: Sendable {
    /// Every element in document order, including those the parser implied.
    public let elements: [HTMLElement]
    /// Text runs with entities decoded, in document order.
    public let texts: [HTMLText]
    /// Comments, `<!--` to `-->`.
    public let comments: [HTMLComment]
    /// What the parser complained about, unfiltered.
    public let issues: [HTMLParseIssue]

    public init(elements: [HTMLElement], texts: [HTMLText], comments: [HTMLComment], issues: [HTMLParseIssue]) {
        self.elements = elements
        self.texts = texts
        self.comments = comments
        self.issues = issues
    }
}

/// One attribute as the parser saw it; `value` is nil for a bare attribute such as `hidden`.
public struct HTMLAttribute: Sendable, Equatable {
    public let name: String
    public let value: String?

    public init(name: String, value: String?) {
        self.name = name
        self.value = value
    }
}

/// An element. Byte offsets are into the file the fragment came from.
public struct HTMLElement: Sendable {
    /// Lowercase tag name.
    public let name: String
    public let attributes: [HTMLAttribute]
    /// Index of the parent element in `HTMLDocument.elements`.
    public let parent: Int?
    public let depth: Int
    /// `<` to `>` of the start tag; nil when the parser implied the element.
    public let startTag: Range<Int>?
    /// `</` to `>` of the end tag; nil when the element was closed implicitly or never.
    public var endTag: Range<Int>?
    /// Where the element's content ends (the end tag's start, or where it was closed).
    public var contentEnd: Int
    /// Whether the start tag ended with `/>`.
    public let selfClosing: Bool
    /// Position among all elements and texts in document order.
    public let order: Int

    public func attribute(_ name: String) -> HTMLAttribute? {
        attributes.first { $0.name == name }
    }
}

/// A run of character data; `range` covers its source bytes, entities undecoded.
public struct HTMLText: Sendable {
    public let text: String
    public let range: Range<Int>
    public let parent: Int?
    /// Position among all elements and texts in document order.
    public let order: Int
}

/// A comment and the bytes it spans, delimiters included.
public struct HTMLComment: Sendable {
    public let text: String
    public let range: Range<Int>
}

/// A message from the HTML parser, at the byte offset where the parser stood.
public struct HTMLParseIssue: Sendable {
    /// libxml2's error code (an `xmlParserErrors` value).
    public let code: Int
    public let message: String
    public let offset: Int
}
