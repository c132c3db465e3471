import PostlintAdapters
import PostlintModel

/// What HTML5 says about elements, for the HTML rules.
enum HTMLVocabulary {
    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param",
    ]
    /// Elements whose end tag HTML lets you leave out.
    static let optionalEnd: Set<String> = [
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup",
        "rt", "rp", "html", "head", "body", "caption",
    ]
    /// HTML5 elements libxml2's HTML4-minded parser calls invalid.
    static let html5Elements: Set<String> = [
        "article", "aside", "audio", "bdi", "canvas", "data", "datalist", "details", "dialog", "figcaption",
        "figure", "footer", "header", "main", "mark", "meter", "nav", "output", "picture", "progress", "rp",
        "rt", "ruby", "section", "source", "summary", "template", "time", "track", "video", "wbr", "svg", "math",
        "search", "hgroup", "slot",
    ]
}

extension Post {
    /// Every attribute written in an element's start tag, in order, with the bytes from its name
    /// through its value. Unlike libxml2's list, repeated attributes are all here.
    func attributeRanges(in element: HTMLElement) -> [(name: String, range: Range<Int>, quoted: Bool)] {
        guard let tag = element.startTag else { return [] }
        let bytes = source.bytes
        var found: [(name: String, range: Range<Int>, quoted: Bool)] = []
        var index = tag.lowerBound + 1
        while index < tag.upperBound, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") { index += 1 }
        while index < tag.upperBound {
            while index < tag.upperBound, isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "/") { index += 1 }
            let nameStart = index
            while index < tag.upperBound, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="), bytes[index] != UInt8(ascii: ">") { index += 1 }
            let nameEnd = index
            guard nameEnd > nameStart else { index += 1; continue }
            var end = nameEnd
            var quoted = true
            var probe = index
            while probe < tag.upperBound, isSpace(bytes[probe]) { probe += 1 }
            if probe < tag.upperBound, bytes[probe] == UInt8(ascii: "=") {
                probe += 1
                while probe < tag.upperBound, isSpace(bytes[probe]) { probe += 1 }
                if probe < tag.upperBound, bytes[probe] == UInt8(ascii: "\"") || bytes[probe] == UInt8(ascii: "'") {
                    let quote = bytes[probe]
                    probe += 1
                    while probe < tag.upperBound, bytes[probe] != quote { probe += 1 }
                    probe = min(probe + 1, tag.upperBound)
                } else {
                    quoted = false
                    while probe < tag.upperBound, !isSpace(bytes[probe]), bytes[probe] != UInt8(ascii: ">") { probe += 1 }
                }
                end = probe
                index = probe
            }
            let name = String(decoding: bytes[nameStart..<nameEnd].map(lowercase), as: UTF8.self)
            found.append((name, nameStart..<end, quoted))
        }
        return found
    }

    /// The byte range of attribute `name` (name through value) inside an element's start tag.
    func attributeRange(_ name: String, in element: HTMLElement) -> Range<Int>? {
        attributeRanges(in: element).first { $0.name == name }?.range
    }

    private func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
    private func lowercase(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte + 32 : byte }
}
