import PostlintModel

/// How converted posts spell URLs: one percent-encoding for both writers.
enum URLText {
    /// ASCII that stays as it is in an `href`: what cmark-gfm leaves unencoded when it renders a
    /// link (letters, digits and `-_.+!*'(),%#@?=;:/&$~`).
    private static let safe: [Bool] = (0..<128).map { value in
        let byte = UInt8(value)
        return (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || "-_.+!*'(),%#@?=;:/&$~".utf8.contains(byte)
    }

    /// `url` with every byte cmark-gfm would percent-encode encoded, except that readable
    /// non-ASCII characters (letters, marks, digits, punctuation: `/路径/文件`) are kept or
    /// decoded to themselves, as a writer of Markdown would type them. A link written so renders
    /// to the same `href` as it was read from, and reading that `href` back gives the same text,
    /// so converting again changes nothing.
    static func readable(_ url: String) -> String {
        // Most URLs are ASCII that stays as it is, with no escape to decode: one pass says so.
        if url.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x25 && safe[Int($0)] }) { return url }
        var decoded = decodingReadable(url)
        return decoded.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                let (value, length) = UTF8Scalar.decode(bytes, at: index, end: bytes.count)
                if value < 0x80 {
                    append(bytes[index], to: &out, encoding: !safe[Int(value)])
                } else {
                    let encode = !(Unicode.Scalar(value).map(isReadable) ?? false)
                    for byte in bytes[index..<(index + length)] { append(byte, to: &out, encoding: encode) }
                }
                index += length
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `url` with every byte outside `keeping` and every non-ASCII byte percent-encoded.
    static func encoded(_ url: String, keeping: (UInt8) -> Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(url.utf8.count)
        for byte in url.utf8 { append(byte, to: &out, encoding: byte >= 0x80 || !keeping(byte)) }
        return String(decoding: out, as: UTF8.self)
    }

    private static func append(_ byte: UInt8, to out: inout [UInt8], encoding: Bool) {
        guard encoding else { return out.append(byte) }
        func digit(_ value: UInt8) -> UInt8 { value < 10 ? 0x30 + value : 0x37 + value }
        out.append(0x25)
        out.append(digit(byte >> 4))
        out.append(digit(byte & 0x0F))
    }

    /// Letters, marks, numbers, punctuation and symbols; not spaces, controls or invisible format characters.
    private static func isReadable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator, .control, .format, .surrogate, .privateUse, .unassigned: false
        default: true
        }
    }

    /// Runs of `%XX` that spell readable non-ASCII characters in UTF-8, decoded; everything else
    /// (ASCII escapes like `%20`, `%2F`, and bytes that are not UTF-8) left as it is.
    private static func decodingReadable(_ url: String) -> String {
        guard url.utf8.contains(0x25) else { return url }
        let bytes = Array(url.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            var run: [UInt8] = []
            var end = index
            while end + 2 < bytes.count, bytes[end] == 0x25, let high = hex(bytes[end + 1]), let low = hex(bytes[end + 2]), high >= 8 {
                run.append(high << 4 | low)
                end += 3
            }
            guard !run.isEmpty else {
                out.append(bytes[index])
                index += 1
                continue
            }
            // Each readable character decoded; anything else stays as it was written.
            var position = 0
            while position < run.count {
                let width = sequenceWidth(run[position])
                if position + width <= run.count, let scalar = String(validating: run[position..<(position + width)], as: UTF8.self)?.unicodeScalars.first,
                   width > 1, isReadable(scalar) {
                    out += run[position..<(position + width)]
                    position += width
                } else {
                    out += bytes[(index + position * 3)..<(index + position * 3 + 3)]
                    position += 1
                }
            }
            index = end
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func sequenceWidth(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: 1
        }
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x37
        case 0x61...0x66: byte - 0x57
        default: nil
        }
    }
}

extension UInt8 {
    /// `0`–`9`, `a`–`f` or `A`–`F`.
    var isHexDigit: Bool { (0x30...0x39).contains(self) || (0x61...0x66).contains(self | 0x20) }
}
