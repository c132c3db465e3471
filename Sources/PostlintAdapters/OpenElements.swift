/// The elements open while libxml2's HTML parser reads a page, as a browser would leave them:
/// an end tag closes the innermost open element of its name and everything inside it (one that
/// matches nothing open is dropped), and an HTML start tag that may not stand in `<svg>` or
/// `<math>` closes the foreign content first. Held apart from what each reader keeps of an
/// element (`Payload`), so that the tree a document is built into and the pages read in one
/// pass nest their elements alike. Each element carries an `Int`, the reader's own (an index
/// into its elements, or nothing it needs).
struct OpenElements {
    typealias Payload = Int
    private var names: [String] = []
    private var payloads: [Payload] = []
    /// Where in the stack the open `<svg>` and `<math>` elements are, innermost last; kept
    /// apart so that a start tag costs no walk of a deep stack.
    private var foreignRoots: [Int] = []

    var count: Int { names.count }
    var innermost: Payload? { payloads.last }

    /// HTML elements that end an open `<svg>` or `<math>` (HTML's "breakout" start tags): a
    /// browser pops the foreign elements so that a page whose `</svg>` went missing shows the
    /// rest of itself. libxml2 knows no foreign content and would keep it all inside the `<svg>`.
    private static let breakout: Set<String> = [
        "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed",
        "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr",
        "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var",
    ]
    /// Foreign elements that may hold HTML (integration points).
    private static let integrationPoints: Set<String> = ["foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext", "annotation-xml"]

    /// Opens an element named `name` (lowercase), after closing, innermost first, the foreign
    /// elements it breaks out of; returns the element it opens in.
    @discardableResult
    mutating func open(_ name: String, _ payload: Payload, closing: (Payload) -> Void) -> Payload? {
        if let root = foreignRoots.last, Self.breakout.contains(name), let current = names.last,
           !Self.integrationPoints.contains(current) {
            close(from: root, closing)
        }
        let parent = payloads.last
        if name == "svg" || name == "math" { foreignRoots.append(names.count) }
        names.append(name)
        payloads.append(payload)
        return parent
    }

    /// Closes the innermost open element named `name` (lowercase) and those inside it,
    /// innermost first; returns the one named, nil (closing nothing) when none is open.
    @discardableResult
    mutating func close(_ name: String, closing: (Payload) -> Void) -> Payload? {
        guard let index = names.lastIndex(of: name) else { return nil }
        let named = payloads[index]
        close(from: index, closing)
        return named
    }

    /// Closes every open element, innermost first.
    mutating func closeAll(_ closing: (Payload) -> Void) {
        close(from: 0, closing)
    }

    private mutating func close(from index: Int, _ closing: (Payload) -> Void) {
        for payload in payloads[index...].reversed() { closing(payload) }
        names.removeSubrange(index...)
        payloads.removeSubrange(index...)
        while let last = foreignRoots.last, last >= index { foreignRoots.removeLast() }
    }
}
