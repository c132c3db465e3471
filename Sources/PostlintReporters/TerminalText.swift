/// Text from posts made safe to print on a terminal. Control characters (C0 but tab and line
/// breaks, DEL, C1) would move the cursor, recolour the screen or retitle the window, so they
/// are shown as U+FFFD, one cell wide like the character they stand for.
enum TerminalText {
    /// `text` on one line: line breaks become spaces, other control characters U+FFFD.
    static func line(_ text: String) -> String {
        // Found on the bytes (C1 controls are C2 80–9F): decoding every line of a report to
        // look cost more than writing it.
        guard text.utf8.withContiguousStorageIfAvailable(hasControl) ?? text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n", "\r": result.append(" ")
            case _ where isControl(scalar): result.append("\u{FFFD}")
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// The UTF-8 of one line of a post with its control characters as U+FFFD and tabs as spaces
    /// (a code frame counts a tab as one cell).
    static func frameLine(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x09 {
                out.append(0x20)
            } else if byte < 0x20 || byte == 0x7F {
                out += replacement
            } else if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) {
                out += replacement
                index += 1
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }

    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// Whether UTF-8 `bytes` hold a character `isControl` says yes to.
    static func hasControl(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for index in bytes.indices {
            let byte = bytes[index]
            if byte < 0x20 && byte != 0x09 || byte == 0x7F { return true }
            if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) { return true }
        }
        return false
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 && scalar != "\t" || (0x7F...0x9F).contains(scalar.value)
    }
}
