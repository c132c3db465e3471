import Foundation
import PostlintModel

/// An ICU regular expression with the literal text every match must contain. Handing a string
/// to `NSRegularExpression` copies it to UTF-16 first, which costs more than the search on most
/// posts; a text without the literal cannot match, so it is skipped with a byte search.
///
/// The expression is compiled when first needed: the first compilation sets up ICU, which
/// costs a one-file run a few milliseconds, and a post without the literal never needs it.
struct Pattern: Sendable {
    /// UTF-8 of a literal every match contains, or nil when none is known.
    let required: [UInt8]?
    /// The UTF-8 of each character of `required`, for `mayMatch(piecesOf:)`.
    private let requiredCharacters: [[UInt8]]
    /// For `^` and literal characters alone, the literal's UTF-8: see `matches`.
    private let anchoredLiteral: [UInt8]?
    /// Whether a match can depend on text beyond the lines it lies on: the expression names the
    /// input's start or end (`\A`, `\z`, `\Z`, `\G`) or looks around (`(?=`, `(?!`, `(?<=`,
    /// `(?<!`). Written with a literal backslash before it (`\\A`), it is taken to as well.
    let seesPastItsLines: Bool
    private let compiled: Compiled

    /// With `validating`, the expression is compiled now, so that a bad one is reported where
    /// it is written; otherwise a bad expression matches nothing.
    init(_ source: String, validating: Bool = false) throws {
        let literal = Self.requiredLiteral(source)
        required = literal.map { Array($0.utf8) }
        requiredCharacters = literal.map { $0.unicodeScalars.map { Array(UTF8.encode($0)!) } } ?? []
        anchoredLiteral = Self.anchoredLiteral(source)
        seesPastItsLines = ["\\A", "\\z", "\\Z", "\\G", "(?=", "(?!", "(?<=", "(?<!"].contains { source.contains($0) }
        compiled = Compiled(source)
        if validating { _ = try compiled.expression() }
    }

    /// Whether the pattern matches somewhere in `text`. A pattern that is `^` and a literal
    /// (`^返回`) matches a text that starts with the literal; a text holding a line break, after
    /// which `^` also matches, goes to ICU.
    func matches(_ text: String) -> Bool {
        if let literal = anchoredLiteral {
            var text = text
            if let starts = text.withUTF8({ bytes -> Bool? in Self.holdsLineBreak(bytes) ? nil : bytes.starts(with: literal) }) {
                return starts
            }
        }
        return firstMatch(in: text) != nil
    }

    static func anchoredLiteral(_ source: String) -> [UInt8]? {
        let rest = source.unicodeScalars.dropFirst()
        guard source.unicodeScalars.first == "^", !rest.isEmpty,
              rest.allSatisfy({ !"\\^$.|?*+()[]{}".unicodeScalars.contains($0) }) else { return nil }
        return Array(String(rest).utf8)
    }

    /// LF, VT, FF, CR, NEL, LS and PS: where ICU's `^` matches in multiline mode.
    private static func holdsLineBreak(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for index in bytes.indices {
            switch bytes[index] {
            case 0x0A...0x0D: return true
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: return true
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9): return true
            default: continue
            }
        }
        return false
    }

    var expression: NSRegularExpression {
        (try? compiled.expression()) ?? Self.nothing
    }

    private static let nothing = try! NSRegularExpression(pattern: "(?!)")

    /// The compiled expression, made once under a lock: patterns are shared by every worker.
    private final class Compiled: @unchecked Sendable {
        private let source: String
        private let lock = NSLock()
        private var result: Result<NSRegularExpression, Error>?

        init(_ source: String) {
            self.source = source
        }

        func expression() throws -> NSRegularExpression {
            try lock.withLock {
                if let result { return try result.get() }
                let made = Result { try NSRegularExpression(pattern: source, options: [.anchorsMatchLines]) }
                result = made
                return try made.get()
            }
        }
    }

    /// Whether `text` can hold a match at all.
    func mayMatch(_ text: String) -> Bool {
        guard let required else { return true }
        var text = text
        return text.withUTF8 { Self.contains($0, required) }
    }

    /// Whether a text made of pieces of `bytes` (prose with the markup between left out) can
    /// hold a match: every character of the literal must occur in the bytes somewhere.
    func mayMatch(piecesOf bytes: ArraySlice<UInt8>) -> Bool {
        guard required != nil else { return true }
        return bytes.withUnsafeBufferPointer { haystack in
            requiredCharacters.allSatisfy { character in
                character.withUnsafeBufferPointer { ByteSearch.firstOffset(of: $0, in: haystack) != nil }
            }
        }
    }

    /// Whether the bytes can hold a match at all.
    func mayMatch(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let required else { return true }
        return bytes.withUnsafeBufferPointer { Self.contains($0, required) }
    }

    func firstMatch(in text: String) -> NSTextCheckingResult? {
        guard mayMatch(text) else { return nil }
        return expression.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length))
    }

    private static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        needle.withUnsafeBufferPointer { ByteSearch.firstOffset(of: $0, in: haystack) != nil }
    }

    /// The longest run of literal characters outside any group that every match of `source`
    /// contains, or nil. Conservative: alternation, inline flags, lookaround and `\Q…\E` give
    /// nil; a character made optional by `?`, `*` or `{…}` ends the run without joining it.
    static func requiredLiteral(_ source: String) -> String? {
        let characters = Array(source.unicodeScalars)
        if characters.contains("|") { return nil }
        var runs: [String.UnicodeScalarView] = []
        var run = String.UnicodeScalarView()
        var depth = 0
        var index = 0
        func end() {
            if !run.isEmpty { runs.append(run) }
            run = String.UnicodeScalarView()
        }
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\":
                guard index + 1 < characters.count else { return nil }
                let next = characters[index + 1]
                index += 2
                if next.properties.isAlphabetic || ("0"..."9").contains(next) {
                    if next == "Q" { return nil }
                    end()
                    // \p{…}, \x{…}, \N{…}: skip the braces.
                    if index < characters.count, characters[index] == "{" {
                        while index < characters.count, characters[index] != "}" { index += 1 }
                        index += 1
                    } else {
                        // The escape's own characters are not literal text: `\u00A0` is one
                        // character, not "00A0"; `\cX` names a control; `\0ooo` and back references
                        // run on in digits.
                        let argument: (count: Int, allowed: (Unicode.Scalar) -> Bool) = switch next {
                        case "u": (4, \.properties.isASCIIHexDigit)
                        case "U": (8, \.properties.isASCIIHexDigit)
                        case "x": (2, \.properties.isASCIIHexDigit)
                        case "c": (1, { _ in true })
                        case "0"..."9": (Int.max, { ("0"..."9").contains($0) })
                        default: (0, { _ in false })
                        }
                        var taken = 0
                        while taken < argument.count, index < characters.count, argument.allowed(characters[index]) {
                            index += 1
                            taken += 1
                        }
                    }
                } else if depth == 0 {
                    run.append(next)
                }
                continue
            case "[":
                end()
                index += 1
                if index < characters.count, characters[index] == "^" { index += 1 }
                if index < characters.count, characters[index] == "]" { index += 1 }
                var nested = 1
                while index < characters.count, nested > 0 {
                    if characters[index] == "\\" { index += 2; continue }
                    if characters[index] == "[" { nested += 1 }
                    if characters[index] == "]" { nested -= 1 }
                    index += 1
                }
                continue
            case "(":
                if index + 1 < characters.count, characters[index + 1] == "?" {
                    guard index + 2 < characters.count, characters[index + 2] == ":" else { return nil }
                }
                end()
                depth += 1
            case ")":
                end()
                depth -= 1
            case "?", "*", "{":
                // The character before is optional: it cannot be part of a required run.
                if !run.isEmpty { run.removeLast() }
                end()
                if character == "{" {
                    while index < characters.count, characters[index] != "}" { index += 1 }
                }
            case "+", ".", "^", "$":
                end()
            default:
                if depth == 0 { run.append(character) } else { end() }
            }
            index += 1
        }
        end()
        guard let longest = runs.max(by: { $0.count < $1.count }) else { return nil }
        return String(longest)
    }
}
