#if canImport(Glibc)
import Glibc
#endif
import PostlintModel

/// Writes a `ContentDocument` as CommonMark with GFM tables: no line wrapping, no trailing
/// white space, blank lines between blocks, and backslash escapes only where a character would
/// otherwise become syntax.
public struct MarkdownWriter: Sendable {
    public init() {}

    /// How many raw HTML fallbacks the last document needed (see docs/converting.md).
    public func write(_ blocks: [Block]) -> (text: String, htmlFallbacks: Int) {
        var fallbacks = 0
        let text = renderBlocks(blocks, fallbacks: &fallbacks).joined(separator: "\n\n")
        return (text.isEmpty ? "" : text + "\n", fallbacks)
    }

    /// Blocks in order; two lists in a row get different markers, or Markdown would join them.
    private func renderBlocks(_ blocks: [Block], fallbacks: inout Int) -> [String] {
        var out: [String] = []
        var alternate = false
        var previousWasList = false
        for block in blocks {
            if case .list = block {
                alternate = previousWasList ? !alternate : false
                previousWasList = true
            } else {
                previousWasList = false
            }
            let text = render(block, fallbacks: &fallbacks, alternateMarker: alternate)
            if !text.isEmpty { out.append(text) }
        }
        return out
    }

    private func render(_ block: Block, fallbacks: inout Int, alternateMarker: Bool = false) -> String {
        switch block {
        case .paragraph(let inlines):
            return escapeLineStarts(inline(inlines, fallbacks: &fallbacks))
        case .heading(let level, let inlines):
            let text = inline(inlines.map { $0 == .lineBreak ? .text(" ") : $0 }, fallbacks: &fallbacks)
            return String(repeating: "#", count: level) + " " + text
        case .code(let language, let text):
            // A fence longer than any run of backticks inside.
            let fence = String(repeating: "`", count: max(3, Self.longestBacktickRun(text) + 1))
            // Blank lines at the start of code show nothing, and the HTML parser drops one.
            var body = Self.codeLines(String(text.drop { $0 == "\n" }))
            if !body.hasSuffix("\n") { body += "\n" }
            return fence + (language ?? "") + "\n" + body + fence
        case .quote(let inner):
            let text = renderBlocks(inner, fallbacks: &fallbacks).joined(separator: "\n\n")
            return Self.lines(text).map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n")
        case .list(let ordered, let start, let items):
            let loose = items.contains { $0.count > 1 }
            var lines: [String] = []
            for (index, item) in items.enumerated() {
                let marker = ordered ? "\(start + index)\(alternateMarker ? ")" : ".") " : (alternateMarker ? "* " : "- ")
                let indent = String(repeating: " ", count: marker.count)
                let text = renderBlocks(item, fallbacks: &fallbacks).joined(separator: "\n\n")
                let itemLines = Self.lines(text)
                for (position, line) in itemLines.enumerated() {
                    // `- ---` would be a thematic break, not an item holding one.
                    if position == 0 { lines.append(marker + (line == "---" ? "***" : line)) } else { lines.append(line.isEmpty ? "" : indent + line) }
                }
                if itemLines.isEmpty { lines.append(marker.trimmingSuffixSpaces()) }
                if loose, index + 1 < items.count { lines.append("") }
            }
            return lines.joined(separator: "\n")
        case .rule:
            return "---"
        case .table(let table):
            func row(_ cells: [[Inline]]) -> String {
                "| " + cells.map { cell in
                    inline(cell.map { $0 == .lineBreak ? .text(" ") : $0 }, fallbacks: &fallbacks)
                        .replacingOccurrences(of: "|", with: "\\|")
                }.joined(separator: " | ") + " |"
            }
            let rule = "| " + table.alignments.map { alignment -> String in
                switch alignment {
                case .none: return "---"
                case .left: return ":---"
                case .center: return ":---:"
                case .right: return "---:"
                }
            }.joined(separator: " | ") + " |"
            return ([row(table.header), rule] + table.rows.map(row)).joined(separator: "\n")
        case .figure(let image, let caption):
            let picture = inline([.image(image)], fallbacks: &fallbacks)
            guard let caption else { return picture }
            return picture + "\n\n" + escapeLineStarts(inline(caption, fallbacks: &fallbacks))
        case .fallback(let nodes):
            fallbacks += 1
            return FallbackNode.markup(
                nodes,
                link: { destination, content in "<a href=\"" + XMLText.attribute(destination) + "\">" + content + "</a>" },
                image: { image, _ in "<img src=\"\(XMLText.attribute(image.source))\" alt=\"\(XMLText.attribute(image.alt))\"/>" })
        }
    }

    // MARK: - Inlines

    /// In a link's text (`inLink`) a URL stays text: an autolink there would nest a link in a
    /// link, and CommonMark would drop the outer one with its real destination.
    private func inline(_ inlines: [Inline], fallbacks: inout Int, inLink: Bool = false) -> String {
        var out = ""
        for (index, item) in inlines.enumerated() {
            switch item {
            case .text(var text):
                // Spaces from two texts meet where an inline between them was dropped.
                if out.last == " ", text.first == " " { text = String(text.drop { $0 == " " }) }
                out += inLink ? escapePlain(text, after: out.last) : escapeText(text, after: out.last)
            case .strong(let children), .emphasis(let children), .strikethrough(let children):
                let inner = inline(children, fallbacks: &fallbacks, inLink: inLink)
                let (mark, tag): (String, String)
                switch item {
                case .strong: (mark, tag) = ("**", "strong")
                case .emphasis: (mark, tag) = ("*", "em")
                default: (mark, tag) = ("~~", "del")
                }
                let next = inlines[(index + 1)...].lazy.compactMap(\.firstCharacter).first
                if Self.canDelimit(before: out.last, content: inner, after: next) {
                    out += mark + inner + mark
                } else {
                    // CommonMark cannot open or close emphasis here (punctuation against a
                    // letter, common in Chinese); HTML can.
                    fallbacks += 1
                    out += "<\(tag)>" + inner + "</\(tag)>"
                }
            case .code(let text):
                out += Self.codeSpan(text)
            case .link(let destination, let title, let children):
                // A script URL however disguised (`java&Tab;script:`) is dropped, its text kept.
                if Self.isDangerous(destination) {
                    out += inline(children, fallbacks: &fallbacks, inLink: inLink)
                    continue
                }
                // A link in a link is its text: browsers end the outer link where the inner one
                // starts, and Markdown would keep the inner one and show the outer's brackets.
                if inLink {
                    var inner = inline(children, fallbacks: &fallbacks, inLink: true)
                    if out.last == " " { inner = String(inner.drop { $0 == " " }) }
                    out += inner
                    continue
                }
                let children = ContentShaping.trimAroundBreaks(children)
                let text = children.map(\.plainText).joined()
                if title == nil, URLText.readable(text) == URLText.readable(destination), Self.isAutolinkable(text) {
                    out += "<" + text + ">"
                } else {
                    out += "[" + inline(children, fallbacks: &fallbacks, inLink: true) + "](" + Self.destination(destination) + Self.title(title) + ")"
                }
            case .image(let image):
                let inlinePicture = image.source.lowercased().hasPrefix("data:image/") && !image.source.lowercased().hasPrefix("data:image/svg")
                if Self.isDangerous(image.source), !inlinePicture {
                    out += escapeText(image.alt, after: out.last)
                    continue
                }
                // Alt text is one line: a line break in it would end the paragraph's line there.
                let alt = image.alt.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                out += "![" + escapePlain(alt, after: "[") + "](" + Self.destination(image.source) + Self.title(image.title) + ")"
            case .lineBreak:
                out += "\\\n"
            case .math(let display, let nodes):
                fallbacks += 1
                out += "<math" + (display ? " display=\"block\"" : "") + ">" + Self.math(nodes) + "</math>"
            case .superscript(let children), .subscript(let children):
                let superscript = { if case .superscript = item { return true } else { return false } }()
                let text = children.map(\.plainText).joined()
                if let mapped = Self.scripted(text, superscript: superscript) {
                    out += mapped
                } else {
                    // Inline HTML, which kramdown and cmark-gfm both pass through.
                    let tag = superscript ? "sup" : "sub"
                    out += "<\(tag)>" + inline(children, fallbacks: &fallbacks, inLink: inLink) + "</\(tag)>"
                    fallbacks += 1
                }
            }
        }
        return out
    }

    /// Backslash escapes for characters that would otherwise start Markdown syntax here, and
    /// URLs in the text as `<…>` autolinks, found in the text before any escaping (an escape
    /// inside a URL would end it: `https://e.com/?a=1&b=2` must not become `…a=1>\&b=2`).
    private func escapeText(_ text: String, after previous: Character?) -> String {
        guard text.containsBytes(of: "://") else { return escapePlain(text, after: previous) }
        var out = ""
        var last = previous
        for (piece, isURL) in Self.urlPieces(text) {
            if isURL {
                out += "<" + piece + ">"
                last = ">"
            } else {
                out += escapePlain(piece, after: last)
                last = piece.last ?? last
            }
        }
        return out
    }

    /// Backslash escapes for characters that would otherwise start Markdown syntax here.
    /// The text is copied byte by byte; only around an escapable ASCII character are the
    /// characters before and after it read, which is where grapheme breaking costs.
    private func escapePlain(_ text: String, after previous: Character?) -> String {
        var contiguous = text
        let escaped = contiguous.withUTF8 { bytes -> [UInt8]? in
            guard bytes.contains(where: Self.isEscapable) else { return nil }
            let utf8 = text.utf8
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            var copied = 0
            let tildes = bytes.lazy.filter { $0 == UInt8(ascii: "~") }.count
            for offset in bytes.indices where Self.isEscapable(bytes[offset]) {
                let index = utf8.index(utf8.startIndex, offsetBy: offset)
                let next = utf8.index(after: index)
                let before = offset == 0 ? previous : text[..<index].last
                let after = next == utf8.endIndex ? nil : text[next...].first
                let wordy = { (character: Character?) in character?.isLetter == true || character?.isNumber == true }
                let escaped: Bool
                switch bytes[offset] {
                case UInt8(ascii: "_"): escaped = !(wordy(before) && wordy(after))
                case UInt8(ascii: "&"): escaped = wordy(after) || after == "#"
                case UInt8(ascii: "~"):
                    // Two tildes in a text may pair as GFM strikethrough (`~a~`); kramdown keeps
                    // a backslash before `~` visible, so the tilde is written as a reference.
                    if tildes >= 2 {
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<offset]))
                        out += Array("&#126;".utf8)
                        copied = offset + 1
                    }
                    continue
                default: escaped = true
                }
                guard escaped else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<offset]))
                out.append(UInt8(ascii: "\\"))
                copied = offset
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
            return out
        }
        return escaped.map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    /// Text URLs become `<…>` autolinks, which every CommonMark renderer links; kept as text,
    /// GFM's autolinking would link them anyway but kramdown would not.
    /// The bytes `escapeText` may escape: \\ ` * [ ] < _ & ~
    private static func isEscapable(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "<"), UInt8(ascii: "_"), UInt8(ascii: "&"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// The text cut into plain runs and URLs to write as autolinks.
    private static func urlPieces(_ text: String) -> [(String, Bool)] {
        let stops = Set("<>\\[]`*（）“”‘’，。、；：！？\"'")
        var pieces: [(String, Bool)] = []
        var out = ""
        var characters = Substring(text)
        while let range = Self.firstURLStart(in: characters) {
            let before = characters[..<range.lowerBound]
            out += before
            let previous = before.last ?? out.last
            var end = range.upperBound
            while end < characters.endIndex, characters[end].isASCII, !characters[end].isWhitespace, !stops.contains(characters[end]) {
                end = characters.index(after: end)
            }
            // Sentence punctuation right after a URL is not part of it, nor is a `)` it does not open.
            while end > range.upperBound {
                let last = characters[characters.index(before: end)]
                let url = characters[range.lowerBound..<end]
                if ".,;:!?'\"".contains(last) || (last == ")" && url.filter { $0 == "(" }.count < url.filter { $0 == ")" }.count) {
                    end = characters.index(before: end)
                } else {
                    break
                }
            }
            let url = characters[range.lowerBound..<end]
            if previous == "<" || previous?.isLetter == true || previous?.isNumber == true || end == range.upperBound {
                out += url
            } else {
                pieces.append((out, false))
                pieces.append((String(url), true))
                out = ""
            }
            characters = characters[end...]
        }
        pieces.append((out + characters, false))
        return pieces.filter { !$0.0.isEmpty }
    }

    /// The first `http://` or `https://` in `text`. Searched without a regular expression: a
    /// regex literal is compiled each time it is evaluated, and this runs for every text.
    private static func firstURLStart(in text: Substring) -> Range<Substring.Index>? {
        var from = text.startIndex
        while let http = text[from...].firstRange(of: "http") {
            var after = http.upperBound
            if after < text.endIndex, text[after] == "s" { after = text.index(after: after) }
            if text[after...].hasPrefix("://") { return http.lowerBound..<text.index(after, offsetBy: 3) }
            from = http.upperBound
        }
        return nil
    }

    /// Escapes what would open a block at the start of a line: headings, quotes, list markers,
    /// thematic breaks, setext underlines, fences.
    private func escapeLineStarts(_ text: String) -> String {
        // Found on the bytes, and the text rebuilt only when a line start needs a backslash.
        let bytes = Array(text.utf8)
        var insertions: [Int] = []
        var start = 0
        while start < bytes.count {
            let end = bytes.withUnsafeBufferPointer { all in
                memchr(all.baseAddress! + start, 0x0A, all.count - start).map { UnsafeRawPointer($0) - UnsafeRawPointer(all.baseAddress!) }
            } ?? bytes.count
            if let offset = Self.blockMarker(bytes[start..<end]) { insertions.append(offset) }
            start = end + 1
        }
        guard !insertions.isEmpty else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + insertions.count)
        var copied = 0
        for offset in insertions {
            out.append(contentsOf: bytes[copied..<offset])
            out.append(UInt8(ascii: "\\"))
            copied = offset
        }
        out.append(contentsOf: bytes[copied...])
        return String(decoding: out, as: UTF8.self)
    }

    /// Where a backslash keeps a line from starting a block (a heading, quote, list item, table
    /// row, setext underline or fence), or nil.
    private static func blockMarker(_ line: ArraySlice<UInt8>) -> Int? {
        guard let first = line.first else { return nil }
        switch first {
        case UInt8(ascii: "#"), UInt8(ascii: ">"), UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "|"):
            return line.startIndex
        case UInt8(ascii: "~"):
            return line.starts(with: "~~~".utf8) ? line.startIndex : nil
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            guard let marker = line.firstIndex(where: { !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                  marker - line.startIndex <= 9, line[marker] == UInt8(ascii: ".") || line[marker] == UInt8(ascii: ")") else { return nil }
            return marker
        default:
            return nil
        }
    }

    // MARK: - Pieces

    static func codeSpan(_ text: String) -> String {
        let fence = String(repeating: "`", count: longestBacktickRun(text) + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") || (text.hasPrefix(" ") && text.hasSuffix(" ") && !text.allSatisfy { $0 == " " })
        return fence + (pad ? " " + text + " " : text) + fence
    }

    /// `text` split at LF, found on the bytes; with a CR in the text, split by characters as
    /// before (CR LF is one character, which a split at LF leaves whole).
    static func lines(_ text: String) -> [Substring] {
        var contiguous = text
        guard let breaks = contiguous.withUTF8({ bytes -> [Int]? in
            guard let base = bytes.baseAddress else { return [] }
            if memchr(base, 0x0D, bytes.count) != nil { return nil }
            var breaks: [Int] = []
            var from = 0
            while from < bytes.count, let found = memchr(base + from, 0x0A, bytes.count - from) {
                breaks.append(UnsafeRawPointer(found) - UnsafeRawPointer(base))
                from = breaks.last! + 1
            }
            return breaks
        }) else { return text.split(separator: "\n", omittingEmptySubsequences: false) }
        let utf8 = text.utf8
        var lines: [Substring] = []
        lines.reserveCapacity(breaks.count + 1)
        var start = utf8.startIndex
        for offset in breaks {
            let end = utf8.index(utf8.startIndex, offsetBy: offset)
            lines.append(text[start..<end])
            start = utf8.index(after: end)
        }
        lines.append(text[start...])
        return lines
    }

    static func longestBacktickRun(_ text: String) -> Int {
        var longest = 0, run = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "`") { run += 1; longest = max(longest, run) } else { run = 0 }
        }
        return longest
    }

    /// A code block's text with every line break Swift knows (CR LF, LF, CR, VT, FF, NEL, LS, PS)
    /// made LF, and no line ending in white space (see docs/converting.md).
    static func codeLines(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 1)
        var lineStart = 0
        func endLine() {
            while out.count > lineStart, out.last == 0x20 || out.last == 0x09 { out.removeLast() }
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            var breakLength = 0
            switch byte {
            case 0x0D: breakLength = index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
            case 0x0A, 0x0B, 0x0C: breakLength = 1
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: breakLength = 2
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                breakLength = 3
            default: break
            }
            if breakLength > 0 {
                endLine()
                out.append(0x0A)
                lineStart = out.count
                index += breakLength
            } else {
                out.append(byte)
                index += 1
            }
        }
        endLine()
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `url` holds any of `characters` or a line break; ASCII text is read as bytes
    /// (where a character is a byte, CR LF aside, which breaks a line either way).
    private static func holds(_ url: String, anyOf characters: String) -> Bool {
        if url.utf8.allSatisfy({ $0 < 0x80 }) {
            let bytes = Array(characters.utf8)
            return url.utf8.contains { (0x0A...0x0D).contains($0) || bytes.contains($0) }
        }
        return url.contains { $0.isNewline || characters.contains($0) }
    }

    /// MathML as inline HTML. Markdown is still read between the tags, so text is escaped for
    /// both: `<` and `&` as references, Markdown's punctuation with a backslash.
    static func math(_ nodes: [MathNode]) -> String {
        nodes.map { node -> String in
            switch node {
            case .element(let name, let children): return "<\(name)>" + math(children) + "</\(name)>"
            case .text(let text):
                var out = ""
                for character in XMLText.text(text) {
                    if "\\`*_[]~|".contains(character) { out += "\\" }
                    out.append(character)
                }
                return out
            }
        }.joined()
    }

    /// The text in Unicode superscript or subscript characters, when every character has one.
    static func scripted(_ text: String, superscript: Bool) -> String? {
        let upper: [Character: Character] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
            "+": "⁺", "-": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", "n": "ⁿ", "i": "ⁱ",
        ]
        let lower: [Character: Character] = [
            "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉",
            "+": "₊", "-": "₋", "=": "₌", "(": "₍", ")": "₎",
        ]
        let table = superscript ? upper : lower
        guard !text.isEmpty else { return nil }
        var result = ""
        for character in text {
            guard let mapped = table[character] else { return nil }
            result.append(mapped)
        }
        return result
    }

    static func destination(_ url: String) -> String {
        if url.isEmpty { return "<>" }
        // Spelt as cmark-gfm renders it, so that converting the output again gives the same URL.
        // CommonMark decodes entities in a destination (before backslash escapes, in cmark):
        // `?a=1&copy;=2` would become `?a=1©=2`, so the `&` is written `&amp;`.
        let url = Self.entitySafe(URLText.readable(url))
        return holds(url, anyOf: "()") ? "<" + url + ">" : url
    }

    static func title(_ title: String?) -> String {
        guard let title, !title.isEmpty else { return "" }
        // As in a destination, an entity-like `&` is written `&amp;` so that it stays itself.
        let escaped = title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return " \"" + entitySafe(escaped) + "\""
    }

    /// `&` written `&amp;` where it would start an entity.
    private static func entitySafe(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        var out = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            out += rest[...ampersand]
            let next = rest.index(after: ampersand)
            if next < rest.endIndex, rest[next].isASCII, rest[next].isLetter || rest[next] == "#" {
                out += "amp;"
            }
            rest = rest[next...]
        }
        return out + rest
    }

    /// `javascript:`, `vbscript:` or `data:` as a browser reads it: percent-encoded control
    /// characters and blanks inside the scheme do not hide it.
    static func isDangerous(_ url: String) -> Bool {
        // Each `%00`…`%1F` and `%20` taken out.
        let bytes = Array(url.prefix(64).utf8)
        var kept: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
               bytes[index + 1] == UInt8(ascii: "0") || bytes[index + 1] == UInt8(ascii: "1") || bytes[index + 1] == UInt8(ascii: "2") && bytes[index + 2] == UInt8(ascii: "0"),
               bytes[index + 2].isHexDigit {
                index += 3
                continue
            }
            kept.append(bytes[index])
            index += 1
        }
        return HTMLSemantics.dangerousScheme(String(decoding: kept, as: UTF8.self)) != nil
    }

    static func isAutolinkable(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":"), url.distance(from: url.startIndex, to: colon) >= 2 else { return false }
        return !holds(url, anyOf: " <>")
    }

    /// Whether `mark` delimiters around `content` open and close under CommonMark's flanking rules.
    static func canDelimit(before: Character?, content: String, after: Character?) -> Bool {
        guard let first = content.first, let last = content.last, !first.isWhitespace, !last.isWhitespace else { return false }
        let opens = !isPunctuation(first) || before == nil || before!.isWhitespace || isPunctuation(before!)
        let closes = !isPunctuation(last) || after == nil || after!.isWhitespace || isPunctuation(after!)
        return opens && closes
    }

    static func isPunctuation(_ character: Character) -> Bool {
        character.isPunctuation || character.isSymbol
    }
}

private extension Substring {
    func trimmingSuffixSpaces() -> String {
        var text = String(self)
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}

private extension String {
    func trimmingSuffixSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
