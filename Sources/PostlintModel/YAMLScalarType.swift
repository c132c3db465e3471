import PostlintAdapters

/// What a YAML 1.1 scalar means to Jekyll's YAML loader (Psych): plain scalars are resolved
/// by their form, quoted and block scalars are always strings.
public enum YAMLScalarType: String, Sendable {
    case null, bool, int, float, timestamp, string
}

extension YAMLNode {
    /// The resolved type of a scalar, or nil for a collection.
    public var scalarType: YAMLScalarType? {
        guard case .scalar(let text, let style) = content else { return nil }
        guard style == .plain else { return .string }
        return Self.resolve(text)
    }

    /// Psych's implicit resolution of a plain scalar.
    public static func resolve(_ text: String) -> YAMLScalarType {
        // Only texts starting with one of these can be a null, a bool or a named float; the
        // comparisons below are skipped for all others.
        if text.utf8.first.map(mayBeNamed) ?? true {
            switch text {
            case "", "~", "null", "Null", "NULL": return .null
            case "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
                 "on", "On", "ON", "off", "Off", "OFF":
                return .bool
            case ".inf", ".Inf", ".INF", "+.inf", "-.inf", "-.Inf", "+.Inf", ".nan", ".NaN", ".NAN": return .float
            default: break
            }
        }
        let bytes = Array(text.utf8)
        if isInteger(bytes) { return .int }
        if isFloat(bytes) { return .float }
        if bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), PostDate.parse(text) != nil { return .timestamp }
        return .string
    }

    /// Whether a text starting with `byte` may be a null, a bool or a named float (`~`, `n`,
    /// `y`, `t`, `f`, `o` in either case, `.`, `+`, `-`).
    private static func mayBeNamed(_ byte: UInt8) -> Bool {
        switch byte | 0x20 {
        case UInt8(ascii: "n"), UInt8(ascii: "y"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "o"): return true
        default: return byte == UInt8(ascii: "~") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
        }
    }

    private static func isInteger(_ bytes: [UInt8]) -> Bool {
        var body = bytes[...]
        if let first = body.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { body = body.dropFirst() }
        guard let first = body.first else { return false }
        if body.count > 2, first == UInt8(ascii: "0"), body.dropFirst().first == UInt8(ascii: "x") {
            return body.dropFirst(2).allSatisfy { isHex($0) || $0 == UInt8(ascii: "_") }
        }
        return body.allSatisfy { isDigit($0) || $0 == UInt8(ascii: "_") } && isDigit(first)
    }

    private static func isFloat(_ bytes: [UInt8]) -> Bool {
        var body = bytes[...]
        if let first = body.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { body = body.dropFirst() }
        var digits = 0, dots = 0, exponent = false
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            if isDigit(byte) { digits += 1 } else if byte == UInt8(ascii: ".") { dots += 1 } else if byte == UInt8(ascii: "_") {
            } else if (byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")) && digits > 0 && !exponent {
                exponent = true
                if index + 1 < body.endIndex, body[index + 1] == UInt8(ascii: "-") || body[index + 1] == UInt8(ascii: "+") { index += 1 }
            } else { return false }
            index += 1
        }
        return digits > 0 && dots == 1
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    private static func isHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 65 && byte <= 70) || (byte >= 97 && byte <= 102)
    }
}
