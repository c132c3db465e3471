import PostlintAdapters
import PostlintModel

/// PL413: elements with nothing to show (`<p></p>`, `<span></span>`, a `<p>` holding only
/// `<br>`), left behind by editors and generators. An element is not empty when Liquid fills it
/// (`{% include %}`, `{{ x | markdownify }}`), when a link or script can find it (`id`,
/// `name`, `data-*`, `role`), or when CSS draws it (`class`, `style`: icons, spacers).
struct EmptyElement: SwiftRuleCheck {
    static let ruleID = "empty-element"

    /// Only an element with a start tag is reported.
    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool {
        ByteClues.containsStartTag(in: bytes, language: language)
    }

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let body = post.body else { return }
        let html = body.html
        let checked = context.stringSet("elements")
        var childCount = [Int](repeating: 0, count: html.elements.count)
        var onlyBreaks = [Bool](repeating: true, count: html.elements.count)
        for element in html.elements {
            guard let parent = element.parent else { continue }
            childCount[parent] += 1
            if element.name != "br" { onlyBreaks[parent] = false }
        }
        var hasText = [Bool](repeating: false, count: html.elements.count)
        for text in html.texts where !text.text.isBlank {
            var current = text.parent
            while let index = current, !hasText[index] {
                hasText[index] = true
                current = html.elements[index].parent
            }
        }
        // Whether an element goes whole, and whether a space stays in its place. Children come
        // after their parent, so walking back sees every child first. An element holding only
        // such elements goes with them, in one fix: removing the children first left it empty
        // for another whole pass.
        // What keeps an element that has nothing to show.
        func stays(_ element: HTMLElement, _ tag: Range<Int>) -> Bool {
            HTMLSemantics.hiding(element) != nil || Self.isPurposeful(element)
                // Liquid was blanked out before parsing: what it fills in is content.
                || body.liquidRanges.overlaps(tag.upperBound..<max(tag.upperBound, element.contentEnd))
                || post.language == .markdown && Self.holdsItemOpen(Self.range(of: element, tag), in: post.source.bytes, body: body.range)
        }
        var removable = [Bool](repeating: true, count: html.elements.count)
        var spaced = [Bool](repeating: false, count: html.elements.count)
        var children = [[Int]](repeating: [], count: html.elements.count)
        for index in html.elements.indices.reversed() {
            let element = html.elements[index]
            guard removable[index], let tag = element.startTag, checked.contains(element.name), !hasText[index],
                  childCount[index] == 0 || element.endTag != nil, !stays(element, tag) else {
                removable[index] = false
                if let parent = element.parent { removable[parent] = false }
                continue
            }
            // White space inside an inline element still parts the words around it
            // (`Rowling's<i> </i>universe`): it stays as one space.
            let inline = !BodyParser.blockElementNames.contains(element.name)
            let inner = tag.upperBound..<max(tag.upperBound, element.endTag?.lowerBound ?? tag.upperBound)
            var gaps: [Range<Int>] = []
            var from = inner.lowerBound
            for child in children[index].reversed() {
                let range = Self.range(of: html.elements[child], html.elements[child].startTag!)
                gaps.append(from..<max(from, range.lowerBound))
                from = max(from, range.upperBound)
            }
            gaps.append(from..<max(from, inner.upperBound))
            spaced[index] = inline && (gaps.contains { Self.holdsSpace(post.source.bytes[$0]) } || children[index].contains { spaced[$0] })
            if let parent = element.parent { children[parent].append(index) }
        }
        for (index, element) in html.elements.enumerated() {
            guard let tag = element.startTag else { continue }
            let range = Self.range(of: element, tag)
            if removable[index] {
                if let parent = element.parent, removable[parent] { continue }
                let fix = spaced[index] ? context.fix([TextEdit(range: range, replacement: " ")]) : context.deletion(range)
                let message = childCount[index] == 0 ? "empty `<\(element.name)>`; remove it" : "`<\(element.name)>` holds only empty elements; remove it"
                report(Finding(range: range, message: message, fix: fix))
            } else if childCount[index] > 0, onlyBreaks[index], element.name == "p", checked.contains("p"), !hasText[index], !stays(element, tag) {
                report(Finding(range: range, message: "`<p>` holds only line breaks; remove it", fix: context.deletion(range)))
            }
        }
    }

    /// From the start tag through the end tag, or the start tag alone when there is none.
    private static func range(of element: HTMLElement, _ tag: Range<Int>) -> Range<Int> {
        tag.lowerBound..<(element.endTag?.upperBound ?? tag.upperBound)
    }

    /// White space, literal or as an entity of the no-break space.
    private static func holdsSpace(_ bytes: ArraySlice<UInt8>) -> Bool {
        let content = String(decoding: bytes, as: UTF8.self).lowercased()
        return content.contains { $0.isWhitespace } || ["&nbsp;", "&#xa0;", "&#160;"].contains { content.contains($0) }
    }

    /// Whether the element is all that follows a marker on its line (`- [ ] <span></span>`,
    /// `- <span></span>`, `: <span></span>`): kramdown shows a task's box only when something
    /// follows it, and `- ` alone under a paragraph underlines a heading; the element keeps the
    /// item an item.
    static func holdsItemOpen(_ range: Range<Int>, in bytes: [UInt8], body: Range<Int>) -> Bool {
        // The line's end first: only the last element of a line can pass, so that a line of
        // thousands of elements is not walked back once for each.
        var end = range.upperBound
        while end < body.upperBound, LineEndBlanks.isBlank(bytes[end]) || bytes[end] == 0x0D { end += 1 }
        guard end == body.upperBound || bytes[end] == 0x0A else { return false }
        var start = range.lowerBound
        while start > body.lowerBound, bytes[start - 1] != 0x0A { start -= 1 }
        var text = bytes[start..<range.lowerBound]
        while let last = text.last, LineEndBlanks.isBlank(last) { text = text.dropLast() }
        return LineEndBlanks.isMarker(text)
    }

    /// An element that is there to be found or drawn rather than read.
    static func isPurposeful(_ element: HTMLElement) -> Bool {
        element.attributes.contains { attribute in
            ["id", "name", "class", "style", "role"].contains(attribute.name) || attribute.name.hasPrefix("data-") || attribute.name.hasPrefix("aria-")
        }
    }
}
