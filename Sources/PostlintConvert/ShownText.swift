import PostlintAdapters
import PostlintModel

/// What a reader sees of a page, worked out from its events in document order: the text outside
/// scripts, styles and hidden elements, with a space wherever a block, a break or a box stands
/// between words, and the `alt` text of its images. Fed by libxml2's XML parser for an XHTML
/// output (`XMLStream`), by libxml2's HTML parser for HTML not parsed yet (`HTMLStream`), or by
/// a parsed HTML document replayed (`ConversionVerifier.shown(html:)`), so that all are read by
/// one set of rules.
final class ShownText: XMLEvents {
    private var shown: [UInt8] = []
    private var alt = ""
    /// Where in `shown` and in `alt` a block or an image starts (`ShownPage`).
    private var breaks: [Int] = []
    private var altBreaks: [Int] = []
    private struct Open {
        let hidden: Bool
        let separates: Bool
        let scripted: Bool
    }
    private var open: [Open] = []
    /// Whether the text ends in a superscript or subscript word.
    private var inScript = false
    /// Whether the last event was text: the pieces libxml2 cuts one text into come one after
    /// another, with no element between.
    private var afterText = false

    /// Which of the verifier's sets of elements a name is in, found with one look-up per element.
    private struct Kind: OptionSet {
        let rawValue: UInt8
        static let unseen = Kind(rawValue: 1)
        static let separating = Kind(rawValue: 2)
        static let box = Kind(rawValue: 4)
    }

    private static let kinds: [String: Kind] = {
        var kinds: [String: Kind] = [:]
        for name in ConversionVerifier.unseen { kinds[name, default: []].insert(.unseen) }
        for name in ConversionVerifier.separating { kinds[name, default: []].insert(.separating) }
        for name in ConversionVerifier.boxes { kinds[name, default: []].insert(.box) }
        return kinds
    }()

    func start(name: String, attributes: [HTMLAttribute]) {
        let kind = Self.kinds[name] ?? []
        let parentHidden = open.last?.hidden ?? false
        let hidden = parentHidden || kind.contains(.unseen) || !attributes.isEmpty && HTMLSemantics.hiding(attributes) != nil
        // A block stands apart at both ends (`<div>2022</div>Oct` reads `2022 Oct`); so does a
        // box a reader sees in place of what it holds.
        let separates = !hidden && kind.contains(.separating) || kind.contains(.box) && !parentHidden
        if separates {
            shown.append(0x20)
            breaks.append(shown.count)
            if name == "img", let text = attributes.first(where: { $0.name == "alt" })?.value {
                altBreaks.append(alt.utf8.count)
                alt += " " + text
            }
        }
        open.append(Open(hidden: hidden, separates: separates, scripted: name == "sup" || name == "sub"))
        afterText = false
    }

    func end() {
        if open.popLast()?.separates == true {
            shown.append(0x20)
            breaks.append(shown.count)
        }
        afterText = false
    }

    func text(_ utf8: UnsafeBufferPointer<UInt8>) {
        defer { afterText = true }
        guard open.last?.hidden != true else { return }
        // A superscript or subscript is a word of its own on both sides: 10<sup>6</sup>,
        // H<sub>2</sub>O; the pieces of one text in it go on the same word.
        let scripted = open.last?.scripted == true
        let continued = scripted && inScript && afterText
        if inScript, !continued {
            shown.append(0x20)
            inScript = false
        }
        if scripted, !continued { shown.append(0x20) }
        shown.append(contentsOf: utf8)
        if scripted { inScript = true }
    }

    /// The text shown and the `alt` text, once every event is in. (A superscript that ends the
    /// text needs no space after it: the text ends its word.)
    func finish() -> ShownPage {
        ShownPage(text: String(decoding: shown, as: UTF8.self), alt: alt, textBreaks: breaks, altBreaks: altBreaks)
    }
}
