import PostlintAdapters

/// What HTML means for safety and visibility, shared by the rules that report it and the
/// converters that act on it.
public enum HTMLSemantics {
    /// Why an element is hidden from readers, or nil when it is not.
    public static func hiding(_ element: HTMLElement) -> String? {
        if let style = element.attribute("style")?.value?.lowercased().filter({ !$0.isWhitespace }) {
            if style.contains("display:none") { return "`display:none`" }
            if style.contains("visibility:hidden") { return "`visibility:hidden`" }
        }
        if element.attribute("hidden") != nil { return "the `hidden` attribute" }
        if element.attribute("aria-hidden")?.value?.lowercased() == "true" { return "`aria-hidden=\"true\"`" }
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
