/// What the spaces and tabs at the end of a Markdown line mean, so that whatever removes them
/// knows when the page would change.
public enum LineEndBlanks {
    /// Whether removing the blanks that follow `text` (a line's start up to them) at the end of a
    /// Markdown line changes how the line reads: after a marker (`isMarker`) they are part of
    /// it, and after a backslash both cmark-gfm and kramdown read the backslash and the line
    /// break as a hard line break.
    public static func areSyntax(after text: ArraySlice<UInt8>) -> Bool {
        text.last == UInt8(ascii: "\\") || isMarker(text)
    }

    /// A line that holds only a marker, indented or not, in a blockquote or not: a list item's (`*`, `-`, `+`, `1.`,
    /// `1)`; without its space `-` under a paragraph underlines a heading), a task's (`- [ ]`,
    /// which cmark-gfm reads as a task only with the space after it) or a kramdown definition's
    /// (`:`, which Jekyll reads as a definition only with the space after it).
    public static func isMarker(_ text: ArraySlice<UInt8>) -> Bool {
        let text = afterQuoteMarkers(text)
        if text.count == 1, text.first == UInt8(ascii: ":") { return true }
        return isListMarker(text) || isTaskMarker(text)
    }

    /// `- [ ]`, `- [x]`, `1. [X]`: a list marker, a blank and a task's box, indented or not, and
    /// nothing else. kramdown (Jekyll) shows the box only when text follows it on the line.
    public static func isTaskMarker(_ text: ArraySlice<UInt8>) -> Bool {
        let text = afterQuoteMarkers(text)
        guard text.count >= 5, text[text.endIndex - 3] == UInt8(ascii: "["), text.last == UInt8(ascii: "]"),
              [UInt8(ascii: " "), UInt8(ascii: "x"), UInt8(ascii: "X")].contains(text[text.endIndex - 2]) else { return false }
        let marker = text.dropLast(3)
        guard let blank = marker.last, isBlank(blank) else { return false }
        return isListMarker(marker.dropLast())
    }

    /// `*`, `-`, `+`, `1.` or `1)`, indented or not, in a blockquote or not, and nothing else.
    public static func isListMarker(_ text: ArraySlice<UInt8>) -> Bool {
        let text = afterQuoteMarkers(text)
        guard let last = text.last else { return false }
        if text.count == 1 { return last == UInt8(ascii: "*") || last == UInt8(ascii: "-") || last == UInt8(ascii: "+") }
        return (last == UInt8(ascii: ".") || last == UInt8(ascii: ")")) && text.dropLast().allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && text.count <= 10
    }

    /// Whether `text` is only blockquote markers (`>`, `> >`) and blanks.
    public static func isQuoteMarkers(_ text: ArraySlice<UInt8>) -> Bool {
        text.contains(UInt8(ascii: ">")) && text.allSatisfy { $0 == UInt8(ascii: ">") || isBlank($0) }
    }

    /// `text` without the blanks and blockquote markers (`>`) it starts with.
    private static func afterQuoteMarkers(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        text.drop { isBlank($0) || $0 == UInt8(ascii: ">") }
    }

    /// A space or a tab.
    @inline(__always) public static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}
