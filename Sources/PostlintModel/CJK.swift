/// Character classes for Chinese, Japanese and Korean typography, by Unicode scalar value.
public enum CJK {
    /// Han ideographs, kana and Hangul: the letters of CJK text.
    @inlinable public static func isLetter(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2FA1F, 0xF900...0xFAFF,
             0x3040...0x30FF, 0x31F0...0x31FF, 0xAC00...0xD7AF, 0x3005, 0x3007:
            return true
        default:
            return false
        }
    }

    /// Full-width sentence punctuation: ，。、；：！？ and friends (not quotes or brackets).
    @inlinable public static func isPunctuation(_ value: UInt32) -> Bool {
        switch value {
        case 0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F, 0x2026, 0x2014, 0x00B7, 0xFF5E, 0x30FB:
            return true
        default:
            return false
        }
    }

    /// The closing mark that pairs with a full-width opening quote or bracket, or nil.
    /// Switches, not dictionaries: every prose character goes through these.
    @inlinable public static func closer(for opener: UInt32) -> UInt32? {
        switch opener {
        case 0x201C: 0x201D
        case 0x2018: 0x2019
        case 0x300C: 0x300D
        case 0x300E: 0x300F
        case 0xFF08: 0xFF09
        case 0x300A: 0x300B
        case 0x3008: 0x3009
        case 0x3010: 0x3011
        case 0x3014: 0x3015
        case 0xFF3B: 0xFF3D
        case 0xFF5B: 0xFF5D
        default: nil
        }
    }

    /// The opening mark that pairs with a full-width closing quote or bracket, or nil.
    @inlinable public static func opener(for closer: UInt32) -> UInt32? {
        switch closer {
        case 0x201D: 0x201C
        case 0x2019: 0x2018
        case 0x300D: 0x300C
        case 0x300F: 0x300E
        case 0xFF09: 0xFF08
        case 0x300B: 0x300A
        case 0x3009: 0x3008
        case 0x3011: 0x3010
        case 0x3015: 0x3014
        case 0xFF3D: 0xFF3B
        case 0xFF5D: 0xFF5B
        default: nil
        }
    }

    /// Punctuation only CJK text uses (，。、；：！？), unlike `…`, `—` and `·`, which English
    /// text uses too.
    @inlinable public static func isCJKOnlyPunctuation(_ value: UInt32) -> Bool {
        switch value {
        case 0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F: return true
        default: return false
        }
    }

    /// Full-width quotation marks and brackets: “”‘’「」『』（）《》〈〉【】〔〕［］｛｝.
    @inlinable public static func isQuoteOrBracket(_ value: UInt32) -> Bool {
        closer(for: value) != nil || opener(for: value) != nil
    }

    /// Full-width forms of ASCII letters and digits (Ａ, ｚ, ０…).
    @inlinable public static func isFullwidthAlphanumeric(_ value: UInt32) -> Bool {
        (0xFF10...0xFF19).contains(value) || (0xFF21...0xFF3A).contains(value) || (0xFF41...0xFF5A).contains(value)
    }

    /// Anything that belongs to CJK text: letters, punctuation, quotes and brackets.
    @inlinable public static func isCJK(_ value: UInt32) -> Bool {
        isLetter(value) || isPunctuation(value) || isQuoteOrBracket(value)
    }
}
