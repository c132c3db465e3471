/// Receives the HTML parser's events with byte offsets and turns them into an `HTMLDocument`,
/// recovering each tag's exact source range from the bytes around the parser's position.
final class HTMLTreeBuilder {
    /// The offset in the file of an offset into `source`.
    private let place: (Int) -> Int
    /// The parser's input while it runs; offsets from libxml2 are into it.
    var source: UnsafeBufferPointer<UInt8>?
    /// Ranges of `source`, sorted and apart, that the parser reads as spaces (but for line breaks).
    var blanks: [Range<Int>] = []
    private var elements: [HTMLElement] = []
    private var texts: [HTMLText] = []
    private var comments: [HTMLComment] = []
    private var issues: [HTMLParseIssue] = []
    /// The open elements, each by its index in `elements`.
    private var open = OpenElements()
    private var lastEvent = 0
    private var order = 0

    /// `place` gives the file's offset of an offset into `source`.
    init(place: @escaping (Int) -> Int) { self.place = place }

    func finish() -> HTMLDocument {
        HTMLDocument(elements: elements, texts: texts, comments: comments, issues: issues)
    }

    /// `name` is lowercase (as in `end`); `position` is where the parser stands: on the `>` or
    /// `/>` that ends the start tag.
    func start(name: String, attributes: [HTMLAttribute], at position: Int) {
        var startTag: Range<Int>?
        var selfClosing = false
        // An attribute value may hold `<` too; the tag starts at the last `<name` before here.
        var candidate = lastIndex(of: UInt8(ascii: "<"), before: position)
        while let lt = candidate, !matchesName(name, at: lt + 1) {
            candidate = lastIndex(of: UInt8(ascii: "<"), before: lt)
        }
        if let lt = candidate, lt >= lastEvent {
            let gt = firstIndex(of: UInt8(ascii: ">"), from: position) ?? position
            let end = min(gt + 1, count)
            selfClosing = gt > 0 && byte(gt - 1) == UInt8(ascii: "/")
            startTag = place(lt)..<place(end)
            lastEvent = end
        }
        // Foreign content a start tag breaks out of ends where the parser stood before the tag.
        let parent = open.open(name, elements.count) { elements[$0].contentEnd = place(max(min(lastEvent, count), 0)) }
        elements.append(HTMLElement(
            name: name, attributes: attributes, parent: parent, depth: open.count - 1,
            startTag: startTag, endTag: nil, contentEnd: place(max(position, lastEvent)),
            selfClosing: selfClosing, order: order))
        order += 1
    }

    /// `position` is just past the end tag when there is one, else where the parser stands.
    func end(name: String, at position: Int) {
        guard let index = open.close(name, closing: { _ in }) else { return }
        if let lt = lastIndex(of: UInt8(ascii: "<"), before: position), lt >= lastEvent,
           byte(lt + 1) == UInt8(ascii: "/"), matchesName(name, at: lt + 2) {
            elements[index].endTag = place(lt)..<place(position)
            elements[index].contentEnd = place(lt)
            lastEvent = position
        } else {
            elements[index].contentEnd = place(max(min(position, count), lastEvent))
        }
    }

    func text(_ text: String, endingAt position: Int) {
        let start = min(lastEvent, position)
        texts.append(HTMLText(text: text, range: place(start)..<place(position), parent: open.innermost, order: order))
        order += 1
        lastEvent = max(lastEvent, position)
    }

    func comment(_ text: String, endingAt position: Int) {
        var start = lastEvent
        if position >= 4, let lt = lastIndex(ofComment: position), lt >= lastEvent { start = lt }
        comments.append(HTMLComment(text: text, range: place(start)..<place(position)))
        lastEvent = max(lastEvent, position)
    }

    func issue(code: Int, message: String, at position: Int) {
        issues.append(HTMLParseIssue(code: code, message: message, offset: place(min(position, count))))
    }

    // MARK: - Byte access

    private var count: Int { source?.count ?? 0 }

    private func byte(_ index: Int) -> UInt8? {
        guard let source, index >= 0, index < source.count else { return nil }
        let byte = source[index]
        return byte == 0x0A || byte == 0x0D || !isBlank(index) ? byte : 0x20
    }

    private func isBlank(_ index: Int) -> Bool {
        var low = 0, high = blanks.count
        while low < high {
            let middle = (low + high) / 2
            if blanks[middle].upperBound <= index { low = middle + 1 } else { high = middle }
        }
        return low < blanks.count && blanks[low].lowerBound <= index
    }

    // The searches below look for `<` or `>`, which blanking turns into a space: a byte is the
    // one sought when it is in the source and not blanked. Only hits are looked up in `blanks`,
    // as a long tag's every byte was.

    private func lastIndex(of target: UInt8, before position: Int) -> Int? {
        guard let source else { return nil }
        var index = min(position, source.count) - 1
        while index >= lastEvent {
            if source[index] == target, !isBlank(index) { return index }
            index -= 1
        }
        return nil
    }

    private func lastIndex(ofComment position: Int) -> Int? {
        guard let source else { return nil }
        var index = min(position, source.count) - 4
        while index >= lastEvent {
            if source[index] == UInt8(ascii: "<"), byte(index) == UInt8(ascii: "<"), byte(index + 1) == UInt8(ascii: "!"),
               byte(index + 2) == UInt8(ascii: "-"), byte(index + 3) == UInt8(ascii: "-") {
                return index
            }
            index -= 1
        }
        return nil
    }

    private func firstIndex(of target: UInt8, from position: Int) -> Int? {
        guard let source else { return nil }
        var index = max(position, 0)
        while index < source.count {
            if source[index] == target, !isBlank(index) { return index }
            index += 1
        }
        return nil
    }

    private func matchesName(_ name: String, at index: Int) -> Bool {
        var cursor = index
        for expected in name.utf8 {
            guard let actual = byte(cursor), lower(actual) == lower(expected) else { return false }
            cursor += 1
        }
        guard let next = byte(cursor) else { return true }
        return !isNameByte(next)
    }

    private func lower(_ byte: UInt8) -> UInt8 {
        (byte >= 65 && byte <= 90) ? byte + 32 : byte
    }

    private func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "_")
    }
}
