import PostlintAdapters
import PostlintModel

/// PL413: elements with nothing to show (`<p></p>`, `<span></span>`, a `<p>` holding only
/// `<br>`), left behind by editors and generators. An element is not empty when Liquid fills it
/// (`{% include %}`, `{{ x | markdownify }}`), when a link or script can find it (`id`,
/// `name`, `data-*`, `role`), or when CSS draws it (`class`, `style`: icons, spacers).
struct EmptyElement: SwiftRuleCheck {
    static let ruleID = "empty-element"

    /// Only an element with a start tag is reported.
    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, _ rule: ConfiguredRule) -> Bool {
        ByteClues.containsStartTag(in: bytes)
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
        for (index, element) in html.elements.enumerated() {
            guard let tag = element.startTag, checked.contains(element.name), !hasText[index], HTMLSemantics.hiding(element) == nil,
                  !Self.isPurposeful(element) else { continue }
            let range = tag.lowerBound..<(element.endTag?.upperBound ?? tag.upperBound)
            // Liquid was blanked out before parsing: what it fills in is content.
            if body.liquidRanges.overlaps(tag.upperBound..<max(tag.upperBound, element.contentEnd)) { continue }
            if post.language == .markdown, Self.holdsTaskOpen(range, in: post.source.bytes, body: body.range) { continue }
            if childCount[index] == 0 {
                // White space inside an inline element still parts the words around it
                // (`Rowling's<i> </i>universe`): it stays as one space.
                let inner = tag.upperBound..<max(tag.upperBound, element.endTag?.lowerBound ?? tag.upperBound)
                let content = String(decoding: post.source.bytes[inner], as: UTF8.self).lowercased()
                let spaced = !BodyParser.blockElementNames.contains(element.name)
                    && (content.contains { $0.isWhitespace } || ["&nbsp;", "&#xa0;", "&#160;"].contains { content.contains($0) })
                let fix = spaced ? context.fix([TextEdit(range: range, replacement: " ")]) : context.deletion(range)
                report(Finding(range: range, message: "empty `<\(element.name)>`; remove it", fix: fix))
            } else if onlyBreaks[index], element.name == "p" {
                report(Finding(range: range, message: "`<p>` holds only line breaks; remove it", fix: context.deletion(range)))
            }
        }
    }

    /// Whether the element is all that follows a task's box on its line (`- [ ] <span></span>`):
    /// kramdown shows the box only when something follows it, so the element keeps the task a task.
    static func holdsTaskOpen(_ range: Range<Int>, in bytes: [UInt8], body: Range<Int>) -> Bool {
        var start = range.lowerBound
        while start > body.lowerBound, bytes[start - 1] != 0x0A { start -= 1 }
        var end = range.upperBound
        while end < body.upperBound, LineEndBlanks.isBlank(bytes[end]) || bytes[end] == 0x0D { end += 1 }
        guard end == body.upperBound || bytes[end] == 0x0A else { return false }
        var text = bytes[start..<range.lowerBound]
        while let last = text.last, LineEndBlanks.isBlank(last) { text = text.dropLast() }
        return LineEndBlanks.isTaskMarker(text)
    }

    /// An element that is there to be found or drawn rather than read.
    static func isPurposeful(_ element: HTMLElement) -> Bool {
        element.attributes.contains { attribute in
            ["id", "name", "class", "style", "role"].contains(attribute.name) || attribute.name.hasPrefix("data-") || attribute.name.hasPrefix("aria-")
        }
    }
}
