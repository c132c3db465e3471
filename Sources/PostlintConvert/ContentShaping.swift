import PostlintModel

/// What HTML's rendering does to text, applied to the content model whichever parser it came
/// from: white space collapsed, adjacent texts merged, blocks trimmed, an image alone made a
/// figure, captions attached.
enum ContentShaping {
    static func paragraph(_ inlines: [Inline]) -> Block {
        if inlines.count == 1, case .image(let image) = inlines[0] { return .figure(image, caption: nil) }
        return .paragraph(inlines)
    }

    /// `<img>` followed by a paragraph such as `图片来源：…` becomes an image with that caption.
    static func attachCaptions(_ blocks: [Block], prefixes captionPrefixes: [String]) -> [Block] {
        var result: [Block] = []
        for block in blocks {
            if case .paragraph(let inlines) = block, case .figure(let image, nil)? = result.last {
                let text = inlines.map(\.plainText).joined()
                if captionPrefixes.contains(where: { text.hasPrefix($0) }) {
                    result[result.count - 1] = .figure(image, caption: inlines)
                    continue
                }
            }
            if case .quote(let inner) = block {
                result.append(.quote(attachCaptions(inner, prefixes: captionPrefixes)))
            } else {
                result.append(block)
            }
        }
        return result
    }

    static func wrap(_ content: [Inline], _ make: ([Inline]) -> Inline) -> [Inline] {
        let trimmed = trim(content)
        guard !trimmed.isEmpty else { return content }
        // Spaces just inside a `<strong>` belong outside the Markdown delimiters.
        var result: [Inline] = []
        if case .text(let text)? = content.first, text.hasPrefix(" ") { result.append(.text(" ")) }
        result.append(make(trimmed))
        if case .text(let text)? = content.last, text.hasSuffix(" ") { result.append(.text(" ")) }
        return result
    }

    /// HTML's white-space collapsing: runs of spaces, tabs and line breaks are one space, except
    /// that a line break between two CJK characters disappears (CSS Text's segment-break rule),
    /// as Chinese paragraphs wrapped in the source are one unbroken run of text.
    static func collapse(_ text: String) -> String {
        var contiguous = text
        return contiguous.withUTF8(collapse) ?? text
    }

    /// Built as UTF-8 bytes, a scalar decoded only for the CJK test: appending scalars to a
    /// String one at a time costs far more. Nil when there is nothing to collapse.
    private static func collapse(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var previousSpace = false
        let collapsed = bytes.indices.allSatisfy { index in
            let byte = bytes[index]
            defer { previousSpace = byte == 0x20 }
            return byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C && !(byte == 0x20 && previousSpace)
                && !((byte == 0xEF || byte == 0xE2) && isInvisibleSpace(at: index, in: bytes) > 0)
        }
        if collapsed { return nil }
        // Written straight into the String's storage, which it never outgrows: each byte written
        // stands for one read (a run of blanks is one space, an invisible space nothing).
        // Appending to an array byte by byte cost more than the deciding.
        return String(unsafeUninitializedCapacity: bytes.count) { out in
            var count = 0
            var space = false
            var lineBreak = false
            var previous: UInt32?
            var index = 0
            while index < bytes.count {
                let lead = bytes[index]
                if lead == 0x20 || lead == 0x09 || lead == 0x0A || lead == 0x0D || lead == 0x0C {
                    space = true
                    if lead == 0x0A || lead == 0x0D { lineBreak = true }
                    index += 1
                    continue
                }
                // A zero-width space or BOM beside white space is nothing: left there, deleting it
                // (as cleaning does) would leave two spaces that collapse to one only next time.
                let invisible = isInvisibleSpace(at: index, in: bytes)
                if invisible > 0, space || index + invisible == bytes.count || [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains(bytes[index + invisible]) {
                    index += invisible
                    continue
                }
                // A String's bytes are valid UTF-8, so every byte here starts a scalar.
                let (value, length) = UTF8Scalar.decode(bytes, at: index, end: bytes.count)
                let joins = lineBreak && previous.map { CJK.isCJKOnlyPunctuation($0) || (CJK.isCJK($0) && CJK.isCJK(value)) } == true
                if space, !joins {
                    out[count] = 0x20
                    count += 1
                }
                space = false
                lineBreak = false
                for offset in 0..<length { out[count + offset] = bytes[index + offset] }
                count += length
                previous = value
                index += length
            }
            if space {
                out[count] = 0x20
                count += 1
            }
            return count
        }
    }

    /// The length of a zero-width space (U+200B) or BOM (U+FEFF) at `index`, else 0.
    private static func isInvisibleSpace(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard index + 2 < bytes.count else { return 0 }
        if bytes[index] == 0xE2, bytes[index + 1] == 0x80, bytes[index + 2] == 0x8B { return 3 }
        if bytes[index] == 0xEF, bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF { return 3 }
        return 0
    }

    /// Adjacent texts joined, collapsed again, empty ones gone; adjacent emphasis of one kind
    /// joined too, as `<b>你的</b><b>用户</b>` reads as one bold run (written apart, Markdown's
    /// `**你的****用户**` would show its asterisks).
    static func merge(_ inlines: [Inline]) -> [Inline] {
        var result: [Inline] = []
        for inline in inlines {
            switch (result.last, inline) {
            case (.strong(let previous)?, .strong(let next)):
                result[result.count - 1] = .strong(merge(previous + next))
                continue
            case (.emphasis(let previous)?, .emphasis(let next)):
                result[result.count - 1] = .emphasis(merge(previous + next))
                continue
            case (.strikethrough(let previous)?, .strikethrough(let next)):
                result[result.count - 1] = .strikethrough(merge(previous + next))
                continue
            default: break
            }
            if case .text(let text) = inline, case .text(let previous)? = result.last {
                result[result.count - 1] = .text(Self.collapse(previous + text))
            } else if case .text(let text) = inline, text.isEmpty {
                continue
            } else {
                result.append(inline)
            }
        }
        return result
    }

    /// Only spaces and tabs (Foundation's `.whitespaces`, without its cost).
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
    }

    /// The text without the space characters it starts with. `trim` calls it only for a text
    /// whose first byte is a space: the others have none, and copying them cost more than the rest.
    private static func droppingLeadingSpaces(_ text: String) -> String {
        String(text.drop { $0 == " " })
    }

    /// The text without the space characters it ends with; called, likewise, only for a text
    /// whose last byte is a space.
    private static func droppingTrailingSpaces(_ text: String) -> String {
        var trimmed = text
        while trimmed.hasSuffix(" ") { trimmed.removeLast() }
        return trimmed
    }

    /// No white space at the start or end of a block, nor around line breaks.
    static func trim(_ inlines: [Inline]) -> [Inline] {
        var result = inlines
        // A line break at either end of a block shows nothing (Markdown would show its `\`).
        func isEdge(_ inline: Inline?) -> Bool {
            if inline == .lineBreak { return true }
            if case .text(let text)? = inline { return Self.isBlank(text) }
            return false
        }
        while isEdge(result.first) { result.removeFirst() }
        if case .text(let text)? = result.first, text.utf8.first == 0x20 { result[0] = .text(Self.droppingLeadingSpaces(text)) }
        while isEdge(result.last) { result.removeLast() }
        if case .text(let text)? = result.last, text.utf8.last == 0x20 { result[result.count - 1] = .text(Self.droppingTrailingSpaces(text)) }
        return trimAroundBreaks(result)
    }

    /// No white space around line breaks: Markdown drops a space that starts a line, and one
    /// before `\` would be kept only until the output was read again.
    static func trimAroundBreaks(_ inlines: [Inline]) -> [Inline] {
        guard inlines.contains(.lineBreak) else { return inlines }
        var result = inlines
        for index in result.indices {
            if result[index] == .lineBreak {
                if index > 0, case .text(let text) = result[index - 1], text.utf8.last == 0x20 {
                    result[index - 1] = .text(Self.droppingTrailingSpaces(text))
                }
                if index + 1 < result.count, case .text(let text) = result[index + 1], text.utf8.first == 0x20 {
                    result[index + 1] = .text(Self.droppingLeadingSpaces(text))
                }
            }
        }
        return result.filter { if case .text(let text) = $0 { return !text.isEmpty } else { return true } }
    }
}
