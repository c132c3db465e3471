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
///
/// Indices and positions are kept as 32-bit numbers and ranges as bare bounds: an HTML-heavy
/// 100 MB post has millions of elements and texts, and each byte of one is megabytes.
public struct HTMLElement: Sendable {
    /// Lowercase tag name.
    public let name: String
    public let attributes: [HTMLAttribute]
    private let parentIndex: Int32
    private let elementDepth: Int32
    private let position: Int32
    /// Whether the start tag ended with `/>`.
    public let selfClosing: Bool
    private let startLower: Int, startUpper: Int
    private var endLower: Int, endUpper: Int
    /// Where the element's content ends (the end tag's start, or where it was closed).
    public var contentEnd: Int

    public init(name: String, attributes: [HTMLAttribute], parent: Int?, depth: Int, startTag: Range<Int>?, endTag: Range<Int>?,
                contentEnd: Int, selfClosing: Bool, order: Int) {
        self.name = name
        self.attributes = attributes
        parentIndex = parent.map { Int32(clamping: $0) } ?? -1
        elementDepth = Int32(clamping: depth)
        position = Int32(clamping: order)
        self.selfClosing = selfClosing
        (startLower, startUpper) = startTag.map { ($0.lowerBound, $0.upperBound) } ?? (-1, -1)
        (endLower, endUpper) = endTag.map { ($0.lowerBound, $0.upperBound) } ?? (-1, -1)
        self.contentEnd = contentEnd
    }

    /// Index of the parent element in `HTMLDocument.elements`.
    public var parent: Int? { parentIndex < 0 ? nil : Int(parentIndex) }
    public var depth: Int { Int(elementDepth) }
    /// Position among all elements and texts in document order.
    public var order: Int { Int(position) }
    /// `<` to `>` of the start tag; nil when the parser implied the element.
    public var startTag: Range<Int>? { startLower < 0 ? nil : startLower..<startUpper }
    /// `</` to `>` of the end tag; nil when the element was closed implicitly or never.
    public var endTag: Range<Int>? {
        get { endLower < 0 ? nil : endLower..<endUpper }
        set { (endLower, endUpper) = newValue.map { ($0.lowerBound, $0.upperBound) } ?? (-1, -1) }
    }

    public func attribute(_ name: String) -> HTMLAttribute? {
        attributes.first { $0.name == name }
    }
}

/// A run of character data; `range` covers its source bytes, entities undecoded.
public struct HTMLText: Sendable {
    public let text: String
    public let range: Range<Int>
    private let parentIndex: Int32
    private let position: Int32

    public init(text: String, range: Range<Int>, parent: Int?, order: Int) {
        self.text = text
        self.range = range
        parentIndex = parent.map { Int32(clamping: $0) } ?? -1
        position = Int32(clamping: order)
    }

    /// Index of the parent element in `HTMLDocument.elements`.
    public var parent: Int? { parentIndex < 0 ? nil : Int(parentIndex) }
    /// Position among all elements and texts in document order.
    public var order: Int { Int(position) }
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
