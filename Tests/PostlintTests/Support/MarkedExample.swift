import PostlintRules

/// A rule example with its `⟦ ⟧` markers taken out: the bytes to lint and the byte ranges
/// where findings must be.
struct MarkedExample {
    let bytes: [UInt8]
    let expected: [Range<Int>]

    init(_ text: String, rawBytes: Bool) {
        var bytes: [UInt8] = []
        var expected: [Range<Int>] = []
        var open: Int?
        for scalar in text.unicodeScalars {
            switch scalar {
            case "⟦": open = bytes.count
            case "⟧":
                if let start = open { expected.append(start..<bytes.count) }
                open = nil
            default:
                if rawBytes, (0x80...0xFF).contains(scalar.value) {
                    bytes.append(UInt8(scalar.value))
                } else {
                    bytes.append(contentsOf: Array(String(scalar).utf8))
                }
            }
        }
        self.bytes = bytes
        self.expected = expected
    }
}
