import PostlintModel
import PostlintRules

/// Deletions that leave the Markdown around them parsing as it did.
///
/// Deleting an element that has a line to itself leaves a line of spaces. Inside an HTML block
/// or a paragraph that line is blank to CommonMark: it ends the block, and the next indented
/// line becomes a code block (`<div>\n  <span></span>\n    <em>x</em></div>` loses its `<em>`
/// to a code block). Such a deletion takes its whole line instead, so the lines before and after
/// stay in one block as they were. A line that starts its block is left blank: the block it
/// began ends there, as the reader saw it end.
enum LineKeepingDeletions {
    /// Adjusts `edits`, sorted by start, in place.
    static func adjust(_ edits: inout EditList, in post: Post) {
        guard post.language == .markdown, let body = post.body,
              edits.edits.contains(where: { $0.replacesWithNothing && !$0.range.isEmpty }) else { return }
        let bytes = post.source.bytes
        // Paragraphs and HTML blocks do not nest in each other, so in document order they are
        // sorted by start and by end.
        let blocks = zip(body.markdown.nodes, body.markdownRanges).compactMap { node, range in
            node.kind == .paragraph || node.kind == .htmlBlock ? range : nil
        }
        for index in 0..<edits.count {
            let edit = edits[index]
            guard edit.replacesWithNothing, let line = emptiedLine(edit.range, in: bytes, body: body.range),
                  continues(line.lowerBound, blocks: blocks),
                  index == 0 || edits[index - 1].range.upperBound <= line.lowerBound,
                  index + 1 == edits.count || edits[index + 1].range.lowerBound >= line.upperBound
            else { continue }
            edits[index] = edit.with(line)
        }
    }

    /// The whole line (through its line break) when deleting `range` leaves only spaces on it.
    private static func emptiedLine(_ range: Range<Int>, in bytes: [UInt8], body: Range<Int>) -> Range<Int>? {
        guard range.lowerBound >= body.lowerBound, range.upperBound <= body.upperBound else { return nil }
        var start = range.lowerBound
        while start > body.lowerBound, bytes[start - 1] == 0x20 || bytes[start - 1] == 0x09 { start -= 1 }
        guard start == body.lowerBound || bytes[start - 1] == 0x0A else { return nil }
        var end = range.upperBound
        while end < body.upperBound, bytes[end] == 0x20 || bytes[end] == 0x09 || bytes[end] == 0x0D { end += 1 }
        guard end < body.upperBound, bytes[end] == 0x0A else { return nil }
        return start..<(end + 1)
    }

    /// Whether a line starting at `offset` continues a paragraph or HTML block begun above it.
    private static func continues(_ offset: Int, blocks: [Range<Int>]) -> Bool {
        var low = 0, high = blocks.count
        while low < high {
            let middle = (low + high) / 2
            if blocks[middle].upperBound <= offset { low = middle + 1 } else { high = middle }
        }
        return low < blocks.count && blocks[low].lowerBound < offset && offset < blocks[low].upperBound
    }
}
