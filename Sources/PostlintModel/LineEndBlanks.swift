/// What the spaces and tabs at the end of a Markdown line mean, so that whatever removes them
/// knows when the page would change.
public enum LineEndBlanks {
    /// Whether removing the blanks that follow `text` (a line's start up to them) at the end of a
    /// Markdown line changes how the line reads: after a lone list marker they make the list item
    /// (without them `-` under a paragraph underlines a heading), and after a backslash both
    /// cmark-gfm and kramdown read the backslash and the line break as a hard line break.
    public static func areSyntax(after text: ArraySlice<UInt8>) -> Bool {
        text.last == UInt8(ascii: "\\") || isListMarker(text)
    }

    /// `*`, `-`, `+`, `1.` or `1)`, indented or not, and nothing else.
    public static func isListMarker(_ text: ArraySlice<UInt8>) -> Bool {
        let text = text.drop { $0 == 0x20 || $0 == 0x09 }
        guard let last = text.last else { return false }
        if text.count == 1 { return last == UInt8(ascii: "*") || last == UInt8(ascii: "-") || last == UInt8(ascii: "+") }
        return (last == UInt8(ascii: ".") || last == UInt8(ascii: ")")) && text.dropLast().allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && text.count <= 10
    }

    /// A space or a tab.
    @inline(__always) public static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}
