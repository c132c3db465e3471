import PostlintModel
import PostlintAdapters

/// The declarative junk-markup engine: tracking and widget markup of one site, named by data.
///
/// Options: `classes` (elements with any of these classes), `id-prefixes` (elements whose id
/// starts so), and `comment-blocks` (`[{start: MARKER, end: MARKER}]`: everything between two
/// marker comments). Another site's junk is another rule file with other values.
struct JunkMarkupCheck: RuleCheck {
    /// A marker comment, or a start tag and one of the classes or id prefixes, spelt as given
    /// or with a character reference, or spelt otherwise (below).
    func mayFind(in bytes: UnsafeBufferPointer<UInt8>, language: MarkupLanguage, _ rule: ConfiguredRule) -> Bool {
        if !rule.option("comment-blocks").list.isEmpty, ByteClues.contains("<!--", in: bytes) { return true }
        guard ByteClues.containsStartTag(in: bytes, language: language) else { return false }
        if ByteClues.contains(UInt8(ascii: "&"), in: bytes) { return true }
        let names = rule.option("classes").strings + rule.option("id-prefixes").strings
        if names.contains(where: { ByteClues.contains($0, in: bytes) }) { return true }
        // Names compare as Swift strings do, by canonical equivalence (see `firstClass`): one
        // beyond ASCII may be spelt otherwise, and so may `K`, `;` and `` ` `` (as the Kelvin
        // sign, the Greek question mark and the Greek varia), in a file beyond ASCII.
        return ByteSearch.holdsNonASCII(bytes) && names.contains { $0.utf8.contains { $0 >= 0x80 || $0 == 0x4B || $0 == 0x3B || $0 == 0x60 } }
    }

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let html = post.body?.html else { return }
        let classes = context.stringSet("classes")
        let asciiClasses = classes.allSatisfy { !$0.utf8.contains { $0 >= 0x80 } }
        let prefixes = context.strings("id-prefixes")
        for block in context.option("comment-blocks").list {
            guard let start = block["start"]?.string, let end = block["end"]?.string else { continue }
            for (index, comment) in html.comments.enumerated() where comment.text.trimmingWhitespace == start {
                guard let close = html.comments[(index + 1)...].first(where: { $0.text.trimmingWhitespace == end }) else { continue }
                report(Finding(
                    range: comment.range.lowerBound..<close.range.upperBound,
                    message: "widget block between `<!-- \(start) -->` and `<!-- \(end) -->`; remove it",
                    fix: context.deletion(comment.range.lowerBound..<close.range.upperBound)))
            }
        }
        for element in html.elements {
            guard let tag = element.startTag else { continue }
            // Most elements of a web page carry a class and an id: they are looked at without
            // making a string of each class name, and a fix is made only for a hit.
            let found: String?
            if let hit = Self.firstClass(of: element, in: classes, ascii: asciiClasses) {
                found = "tracking markup `<\(element.name) class=\"\(hit)\">`; keep its text and drop the element"
            } else if let id = element.attribute("id")?.value, let prefix = prefixes.first(where: { id.hasPrefix($0) }) {
                found = "tracking markup `<\(element.name) id=\"\(id)\">` (id prefix `\(prefix)`); keep its text and drop the element"
            } else {
                found = nil
            }
            guard let found else { continue }
            // Unwrapping keeps the content: only the tags go.
            let unwrap = context.fix([TextEdit(range: tag, replacement: "")] + (element.endTag.map { [TextEdit(range: $0, replacement: "")] } ?? []))
            report(Finding(range: tag, message: found, fix: unwrap))
        }
    }

    /// The first of the element's classes (its `class` split at spaces) that is in `classes`.
    /// When the classes and the value are ASCII, a value holding none of them as bytes has
    /// none; beyond ASCII a class may be spelt otherwise (`e` and a combining accent for `é`,
    /// the Kelvin sign for `K`) and still equal one, as Swift compares strings.
    private static func firstClass(of element: HTMLElement, in classes: Set<String>, ascii: Bool) -> String? {
        guard var value = element.attribute("class")?.value else { return nil }
        let absent = ascii && value.withUTF8 { bytes in
            !ByteSearch.holdsNonASCII(bytes) && !classes.contains { ByteClues.contains($0, in: bytes) }
        }
        return absent ? nil : value.split(separator: " ").lazy.map(String.init).first(where: classes.contains)
    }
}
