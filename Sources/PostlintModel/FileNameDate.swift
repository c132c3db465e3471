/// The date at the start of a Jekyll post's file name (`2021-12-08-slug.md`), matched as Jekyll
/// matches it.
public struct FileNameDate: Sendable, Equatable {
    public let year: Int, month: Int, day: Int

    /// Jekyll's pattern: `(\d{2,4})-(\d{1,2})-(\d{1,2})-(.+)\.[^.]+`, without a regex per call.
    public init?(_ fileName: String) {
        let parts = fileName.split(separator: "-", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4,
              (2...4).contains(parts[0].count), (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              parts[0...2].allSatisfy({ $0.allSatisfy(\.isASCIIDigitCharacter) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              let dot = parts[3].lastIndex(of: "."), dot > parts[3].startIndex,
              parts[3].index(after: dot) < parts[3].endIndex else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD`.
    public var text: String { "\(pad4(year))-\(pad2(month))-\(pad2(day))" }
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
