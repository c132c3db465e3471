/// Text and attribute values made safe for XML 1.0 (reports, XHTML, EPUB files): `&`, `<` and
/// `>` escaped, and the characters XML 1.0 cannot hold at all (C0 controls other than tab, line
/// feed and carriage return; U+FFFE and U+FFFF) dropped.
public enum XMLText {
    public static func text(_ value: String) -> String {
        // Most text has nothing to escape or drop: it is returned as it is, found so on its
        // bytes (a scalar at a time, building a copy, cost ten instructions a byte).
        guard needsWork(value, attribute: false) else { return value }
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
        guard needsWork(value, attribute: true) else { return value }
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

    /// Whether `value` holds anything `text` (or `attribute`) escapes or drops.
    private static func needsWork(_ value: String, attribute: Bool) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            for index in bytes.indices {
                switch bytes[index] {
                case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"): return true
                case UInt8(ascii: "\""), 0x09, 0x0A, 0x0D: if attribute { return true }
                case 0..<0x20: return true
                // U+FFFE and U+FFFF.
                case 0xEF: if index + 2 < bytes.count, bytes[index + 1] == 0xBF, bytes[index + 2] >= 0xBE { return true }
                default: break
                }
            }
            return false
        }
    }
}
