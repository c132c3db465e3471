/// The date at the start of a Jekyll post's file name (`2021-12-08-slug.md`), matched as Jekyll
/// matches it.
public struct FileNameDate: Sendable, Equatable {
    public let year: Int, month: Int, day: Int

    /// Jekyll's pattern: `(\d{2,4})-(\d{1,2})-(\d{1,2})-(.+)\.[^.]+`, read byte by byte: it
    /// runs for every post.
    public init?(_ fileName: String) {
        var name = fileName
        guard let (year, month, day) = name.withUTF8({ Self.parse($0) }) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
        var index = 0
        // Digits up to the next `-`, which must follow.
        func field(_ widths: ClosedRange<Int>) -> Int? {
            var value = 0, count = 0
            while index < bytes.count, bytes[index] != UInt8(ascii: "-") {
                guard (0x30...0x39).contains(bytes[index]), count < widths.upperBound else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
                count += 1
                index += 1
            }
            guard index < bytes.count, widths.contains(count) else { return nil }
            index += 1
            return value
        }
        guard let year = field(2...4), let month = field(1...2), let day = field(1...2) else { return nil }
        // A title of at least one byte, then an extension: the last `.` after the title's start
        // and before the end.
        var dot = bytes.count - 1
        while dot > index, bytes[dot] != UInt8(ascii: ".") { dot -= 1 }
        guard dot > index, dot < bytes.count - 1 else { return nil }
        return (year, month, day)
    }

    /// `YYYY-MM-DD`.
    public var text: String { dayText(year, month, day) }
}
