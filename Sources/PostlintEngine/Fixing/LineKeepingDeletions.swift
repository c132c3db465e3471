import PostlintModel
import PostlintRules

/// Deletions that leave the lines around them reading as they did, and no blanks behind.
///
/// Deleting an element that has a line to itself leaves a line of spaces. Inside a Markdown HTML
/// block or paragraph that line is blank to CommonMark: it ends the block, and the next indented
/// line becomes a code block (`<div>\n  <span></span>\n    <em>x</em></div>` loses its `<em>`
/// to a code block). Such a deletion takes its whole line instead (with its `>` markers in a
/// blockquote), so the lines before and after stay in one block as they were; not inside
/// `<pre>`, where the line break is text. A line that starts its block is left empty: the block
/// it began ends there, as the reader saw it end.
///
/// Deletions that end a line take the spaces and tabs before them too: in Markdown, two of them
/// left at a line's end would make a hard line break the page did not have, and anywhere else
/// they are trailing whitespace that `trailing-whitespace` would remove in another whole pass of
/// parsing and linting. Deletions next to each other on a line, with only blanks between them,
/// go as one. Blanks inside code, after a marker (`- `, `- [ ] `, `: `) or after a backslash
/// stay, as `trailing-whitespace` leaves them, and so do the blanks of a line that ended in
/// them already (a hard line break of two spaces, or what `trailing-whitespace` and
/// `line-endings` remove themselves).
enum LineKeepingDeletions {
    /// Adjusts `edits`, sorted by start, in place.
    static func adjust(_ edits: inout EditList, in post: Post) {
        guard let body = post.body else { return }
        let bytes = post.source.bytes
        spacesEndingLines(&edits, in: bytes, body: body.range)
        guard edits.edits.contains(where: isDeletion) else { return }
        let markdown = post.language == .markdown
        // Paragraphs, headings and HTML blocks do not nest in each other, so in document order
        // they are sorted by start and by end.
        lazy var blocks = zip(body.markdown.nodes, body.markdownRanges).compactMap { node, range in
            node.kind == .paragraph || node.kind == .htmlBlock || node.kind == .heading ? range : nil
        }
        lazy var paragraphs = RangeSet(zip(body.markdown.nodes, body.markdownRanges).compactMap { $0.kind == .paragraph ? $1 : nil })
        lazy var quotes = RangeSet(zip(body.markdown.nodes, body.markdownRanges).compactMap { $0.kind == .blockQuote ? $1 : nil })
        var index = 0
        while index < edits.count {
            var scanned = index
            guard isDeletion(edits[index]), let run = run(from: index, in: edits, bytes: bytes, body: body.range, scanned: &scanned) else {
                // A run that does not end its line is not looked at again from each of its
                // deletions: all of them end where it does.
                index = scanned + 1
                continue
            }
            defer { index = run.last + 1 }
            let first = edits[run.first].range, last = edits[run.last].range
            // Blanks that ended the line before are no trace of these deletions: what
            // `trailing-whitespace` or `line-endings` removes itself, or, after text in a
            // paragraph, two spaces or more before the line break: a hard line break.
            guard (run.first...run.last).contains(where: { !bytes[edits[$0].range].allSatisfy(isBlankOrReturn) }) else { continue }
            let lineStart = run.blanksBefore == body.range.lowerBound || bytes[run.blanksBefore - 1] == 0x0A
            let prefix = lineStartOffset(run.blanksBefore, in: bytes, from: body.range.lowerBound)..<run.blanksBefore
            if !lineStart, markdown, endsInHardBreak(at: run.blanksAfter, in: bytes, from: prefix.upperBound) && paragraphs.contains(run.blanksAfter)
                || LineEndBlanks.areSyntax(after: bytes[prefix]) {
                continue
            }
            // The blanks taken: before the first deletion, between deletions, after the last.
            let taken = [run.blanksBefore..<first.lowerBound, last.upperBound..<run.blanksAfter]
                + (run.first..<run.last).map { edits[$0].range.upperBound..<edits[$0 + 1].range.lowerBound }
            guard !taken.contains(where: { !$0.isEmpty && body.codeRanges.contains($0.lowerBound) }) else { continue }
            var start = run.blanksBefore, end = run.blanksAfter
            // A line emptied inside a paragraph, a heading or an HTML block goes whole, with its
            // markers when it is a blockquote's line (a `>` alone may also close a start tag
            // wrapped onto its own line); not inside `<pre>`, where a line break is text.
            let quoted = !lineStart && markdown && LineEndBlanks.isQuoteMarkers(bytes[prefix]) && quotes.contains(prefix.lowerBound)
            if lineStart || quoted, markdown, let lineBreak = lineBreakEnd(at: end, in: bytes, body: body.range),
               continues(prefix.lowerBound, blocks: blocks), !body.codeRanges.contains(prefix.lowerBound),
               run.last + 1 == edits.count || edits[run.last + 1].range.lowerBound >= lineBreak,
               run.first == 0 || edits[run.first - 1].range.upperBound <= prefix.lowerBound {
                start = prefix.lowerBound
                end = lineBreak
            }
            for member in stride(from: run.last, to: run.first, by: -1) {
                edits[member] = edits[member].with(edits[member - 1].range.upperBound..<edits[member].range.upperBound)
            }
            edits[run.first] = edits[run.first].with(start..<edits[run.first].range.upperBound)
            edits[run.last] = edits[run.last].with(edits[run.last].range.lowerBound..<end)
        }
    }

    private static func isDeletion(_ edit: EditList.Edit) -> Bool { edit.replacesWithNothing && !edit.range.isEmpty }

    /// An element replaced by one space (an inline element that held only white space) where
    /// nothing but blanks and deletions follow on its line is deleted instead: the space would
    /// end the line, where it parts no words, and in Markdown with one before it it would make
    /// a hard line break, or alone on its line end a paragraph. Looked at from the last edit
    /// back, so that such edits next to each other all see the ones after them made deletions.
    private static func spacesEndingLines(_ edits: inout EditList, in bytes: [UInt8], body: Range<Int>) {
        guard edits.edits.contains(where: { !$0.replacesWithNothing }) else { return }
        for index in edits.edits.indices.reversed() where !edits[index].replacesWithNothing && edits[index].range.lowerBound >= body.lowerBound
            && edits.replacement(of: edits[index]) == " " {
            var position = edits[index].range.upperBound, next = index + 1
            while position < body.upperBound {
                if next < edits.count, edits[next].range.lowerBound == position, isDeletion(edits[next]) {
                    position = edits[next].range.upperBound
                    next += 1
                } else if LineEndBlanks.isBlank(bytes[position]), next == edits.count || edits[next].range.lowerBound > position {
                    position += 1
                } else {
                    break
                }
            }
            guard position == body.upperBound || bytes[position] == 0x0A || bytes[position] == 0x0D else { continue }
            edits[index] = EditList.Edit(lower: edits[index].lower, upper: edits[index].upper, replacement: EditList.Replacements.nothing)
        }
    }

    private static func isBlankOrReturn(_ byte: UInt8) -> Bool { LineEndBlanks.isBlank(byte) || byte == 0x0D }

    /// Whether the line ending at `end` (its `\r` or `\n`, or the body's end) ends in two spaces
    /// or more after text, as it was written: a Markdown hard line break.
    private static func endsInHardBreak(at end: Int, in bytes: [UInt8], from floor: Int) -> Bool {
        var end = end
        if end > floor, bytes[end - 1] == 0x0D { end -= 1 }
        var start = end
        while start > floor, bytes[start - 1] == 0x20 { start -= 1 }
        return end - start >= 2
    }

    /// Deletions from `index` on with only blanks between them, the last of which ends its line
    /// but for blanks: where the blanks before the first start and those after the last end.
    /// Nil when the line goes on after them, or when another edit touches the blanks; then
    /// `scanned` is the last deletion looked at.
    private static func run(from index: Int, in edits: EditList, bytes: [UInt8], body: Range<Int>,
                            scanned: inout Int) -> (first: Int, last: Int, blanksBefore: Int, blanksAfter: Int)? {
        guard edits[index].range.lowerBound >= body.lowerBound else { return nil }
        let floor = index == 0 ? body.lowerBound : max(body.lowerBound, edits[index - 1].range.upperBound)
        var before = edits[index].range.lowerBound
        while before > floor, LineEndBlanks.isBlank(bytes[before - 1]) { before -= 1 }
        guard before == body.lowerBound || before > floor || bytes[before - 1] == 0x0A else { return nil }
        var last = index
        while true {
            guard edits[last].range.upperBound <= body.upperBound else { return nil }
            let next = last + 1 < edits.count ? edits[last + 1].range.lowerBound : body.upperBound
            var after = edits[last].range.upperBound
            while after < min(next, body.upperBound), LineEndBlanks.isBlank(bytes[after]) { after += 1 }
            if after == next, last + 1 < edits.count, isDeletion(edits[last + 1]) {
                last += 1
                scanned = last
                continue
            }
            // The line breaks or the body ends; a line-endings edit of the break may follow.
            guard after == body.upperBound || bytes[after] == 0x0A || bytes[after] == 0x0D,
                  after <= next else { return nil }
            return (index, last, before, after)
        }
    }

    /// Where the line holding `offset` starts, not before `floor`.
    private static func lineStartOffset(_ offset: Int, in bytes: [UInt8], from floor: Int) -> Int {
        var start = offset
        while start > floor, bytes[start - 1] != 0x0A { start -= 1 }
        return start
    }

    /// Just past the line break at `offset` (`\n` or `\r\n`) inside the body; nil if there is none.
    private static func lineBreakEnd(at offset: Int, in bytes: [UInt8], body: Range<Int>) -> Int? {
        var end = offset
        if end < body.upperBound, bytes[end] == 0x0D { end += 1 }
        return end < body.upperBound && bytes[end] == 0x0A ? end + 1 : nil
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
