import Foundation
import PostlintModel
import PostlintRules

/// What a converted document says about its post besides the body: title, date, language,
/// category and a stable id.
public struct PostMetadata: Sendable {
    public let title: String
    /// ISO 8601 with an offset, e.g. `2022-03-01T10:00:00+08:00`; nil without a readable date.
    public let isoDate: String?
    /// Seconds since 1970, for ordering; 0 without a date.
    public let instant: Int
    public let language: String
    public let categories: [String]
    /// A stable id usable as an XML id and a file name: `post-2022-03-01-slug`.
    public let id: String

    /// Reads `post`; `language` and `timezone` come from the command line or configuration and
    /// fill in what the front matter lacks.
    /// `writtenInCJK` (see `writtenInCJK(_:)`) picks the language when neither the front matter
    /// nor `fallbackLanguage` names one.
    public init(_ post: Post, writtenInCJK hasCJK: Bool, language fallbackLanguage: String?, timezone: SiteTimeZone?) {
        let frontMatter = post.frontMatter
        // Tabs and space separators, as Foundation's `.whitespaces` (whose trimming cost more than
        // the rest of the metadata).
        let scalar: (String) -> String? = { key in
            frontMatter?.entry(key)?.scalar.map { String($0.trimming { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }) }
        }
        let base = Self.withoutExtension(post.fileName)
        title = scalar("title").flatMap { $0.isEmpty ? nil : $0 } ?? base
        if let text = scalar("date"), let date = PostDate.parse(text), date.impossibility == nil {
            let offset = date.offsetSeconds ?? timezone?.offset(for: date) ?? 0
            instant = date.epochSeconds(defaultOffset: offset)
            let time = date.time.map { "\(pad2($0.hour)):\(pad2($0.minute)):\(pad2($0.second))" } ?? "00:00:00"
            // `+0800` as `+08:00`.
            let hours = PostDate.offsetText(offset)
            let zone = offset == 0 ? "Z" : hours.dropLast(2) + ":" + hours.suffix(2)
            isoDate = dayText(date.year, date.month, date.day) + "T\(time)\(zone)"
        } else {
            instant = 0
            isoDate = nil
        }
        language = scalar("lang") ?? scalar("language") ?? fallbackLanguage ?? (hasCJK ? "zh-CN" : "en")
        var categories: [String] = []
        for key in ["categories", "category"] {
            guard let entry = frontMatter?.entry(key) else { continue }
            switch entry.value.content {
            case .scalar(let text, _): categories += text.wordsBetweenWhitespace
            case .sequence(let items): categories += items.compactMap { if case .scalar(let text, _) = $0.content { return text } else { return nil } }
            case .mapping: break
            }
        }
        self.categories = categories
        id = "post-" + Self.slug(base)
    }

    /// Whether a post's text has CJK letters; a post of a megabyte or more is taken as not
    /// saying, as reading all of it to guess a language is not worth its time.
    public static func writtenInCJK(_ bytes: [UInt8]) -> Bool {
        guard bytes.count < 1_000_000 else { return false }
        // By bytes: a CJK letter is three or four bytes led by E3 or more, so everything else is
        // stepped over undecoded (decoding an English post to look cost 4 % of converting it).
        // A lead byte counts only with its continuation bytes, not overlong, as decoding reads it.
        return bytes.withUnsafeBufferPointer { bytes in
            // Every CJK letter is led by a byte the clue looks for; a post without one (most
            // English posts, read here byte by byte for nothing) is told sixteen bytes at a time.
            guard ByteClues.containsCJK(in: bytes) else { return false }
            var index = 0
            while index < bytes.count {
                let lead = bytes[index]
                let length = lead >= 0xF0 ? 4 : 3
                guard lead >= 0xE3, lead <= 0xF4, index + length <= bytes.count,
                      bytes[index + 1] & 0xC0 == 0x80, bytes[index + 2] & 0xC0 == 0x80, length == 3 || bytes[index + 3] & 0xC0 == 0x80,
                      lead != 0xF0 || bytes[index + 1] >= 0x90, lead != 0xF4 || bytes[index + 1] < 0x90 else {
                    index += 1
                    continue
                }
                if CJK.isLetter(UTF8Scalar.decode(bytes, at: index, end: bytes.count).value) { return true }
                index += length
            }
            return false
        }
    }

    /// A file name without its extension, as `NSString.deletingPathExtension` gives it: up to
    /// the last `.`, unless that starts the name.
    static func withoutExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// Letters, digits and `-` only, starting with a letter or digit: safe as an id and a file name.
    static func slug(_ text: String) -> String {
        // Read by bytes: every byte of a character beyond ASCII is no ASCII letter or digit.
        var out: [UInt8] = []
        for byte in text.utf8 {
            if (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) {
                out.append(byte)
            } else if let last = out.last, last != UInt8(ascii: "-") {
                out.append(UInt8(ascii: "-"))
            }
        }
        if out.last == UInt8(ascii: "-") { out.removeLast() }
        return out.isEmpty ? "untitled" : String(decoding: out, as: UTF8.self)
    }
}

