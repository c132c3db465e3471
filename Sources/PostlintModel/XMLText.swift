/// Text and attribute values made safe for XML 1.0 (reports, XHTML, EPUB files): `&`, `<` and
/// `>` escaped, and the characters XML 1.0 cannot hold at all (C0 controls other than tab, line
/// feed and carriage return; U+FFFE and U+FFFF) dropped.
public enum XMLText {
    public static func text(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default:
                let v = scalar.value
                if v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D || v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A value for an attribute in double quotes; tabs and line breaks as references, so that
    /// a parser's normalisation of attribute values keeps them.
    public static func attribute(_ value: String) -> String {
        var out = ""
        for character in text(value).unicodeScalars {
            switch character {
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
