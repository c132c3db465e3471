import PostlintAdapters

/// What HTML means for safety and visibility, shared by the rules that report it and the
/// converters that act on it.
public enum HTMLSemantics {
    /// Why an element is hidden from readers, or nil when it is not. `aria-hidden` is not such
    /// a reason: it hides an element from screen readers only, and sighted readers see it.
    public static func hiding(_ element: HTMLElement) -> String? {
        hiding(element.attributes)
    }

    /// Why an element with these attributes is hidden from readers, or nil when it is not.
    public static func hiding(_ attributes: [HTMLAttribute]) -> String? {
        if let style = attributes.first(where: { $0.name == "style" })?.value.flatMap(hidingStyle) { return style }
        if attributes.contains(where: { $0.name == "hidden" }) { return "the `hidden` attribute" }
        return nil
    }

    /// The declaration in a `style` value that hides its element, found with case and white
    /// space ignored (white-space scalars, so that a combining mark after a space stays).
    public static func hidingStyle(_ value: String) -> String? {
        // An ASCII style is squeezed by bytes; folding and filtering Characters cost more than
        // the rest of the rules that ask.
        let ascii = value.utf8.allSatisfy { $0 < 0x80 }
        let style = ascii
            ? String(decoding: value.utf8.lazy.filter { !(0x09...0x0D).contains($0) && $0 != 0x20 }.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
            : String(String.UnicodeScalarView(value.lowercased().unicodeScalars.filter { !$0.properties.isWhitespace }))
        func holds(_ text: String) -> Bool { ascii ? style.containsBytes(of: text) : style.contains(text) }
        if holds("display:none") { return "`display:none`" }
        if holds("visibility:hidden") { return "`visibility:hidden`" }
        return nil
    }

    /// `javascript`, `vbscript` or `data` when a URL uses them, however disguised by case,
    /// control characters or blanks.
    public static func dangerousScheme(_ url: String) -> String? {
        // Browsers ignore control characters and spaces inside a scheme (`java\tscript:`); the
        // first 12 such-free bytes, lower-cased, are enough to tell.
        var squeezed: [UInt8] = []
        for byte in url.utf8 where byte > 0x20 {
            squeezed.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
            if squeezed.count == 12 { break }
        }
        for scheme in ["javascript", "vbscript", "data"] where squeezed.starts(with: (scheme + ":").utf8) { return scheme }
        return nil
    }
}
