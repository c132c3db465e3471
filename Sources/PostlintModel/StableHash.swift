/// A hash that is the same on every machine and in every run, unlike Swift's seeded `Hasher`:
/// for shards, cache keys and book identifiers. Two 64-bit lanes: FNV-1a, and a second lane
/// mixed differently, for 128 bits where one lane's collisions would matter.
public struct StableHash: Sendable {
    /// FNV-1a of every byte added.
    public private(set) var first: UInt64 = 0xcbf2_9ce4_8422_2325
    public private(set) var second: UInt64 = 0x9e37_79b9_7f4a_7c15

    public init() {}

    public mutating func add(_ bytes: some Sequence<UInt8>) {
        // Contiguous bytes (an array, a String's UTF-8) go through one loop compiled for them:
        // the generic loop, not specialized across modules, cost 200 instructions a byte and
        // hashing a post's content for `--cache` took as long as checking it.
        if let done: Void = bytes.withContiguousStorageIfAvailable({ add(UnsafeRawBufferPointer($0)) }) { return done }
        for byte in bytes { add(byte) }
    }

    /// Adds every byte of `bytes`.
    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var (first, second) = (self.first, self.second)
        for byte in bytes {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            second = (second &+ UInt64(byte)) &* 0xff51_afd7_ed55_8ccd
        }
        (self.first, self.second) = (first, second)
    }

    private mutating func add(_ byte: UInt8) {
        first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        second = (second &+ UInt64(byte)) &* 0xff51_afd7_ed55_8ccd
    }

    /// FNV-1a of `text`'s UTF-8.
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash = StableHash()
        hash.add(text.utf8)
        return hash.first
    }

    /// Both lanes, as 32 hexadecimal digits.
    public var hex: String {
        func digits(_ value: UInt64) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }
        return digits(first) + digits(second)
    }
}
