/// The date at the start of a Jekyll post's file name (`2021-12-08-slug.md`), matched as Jekyll
/// matches it.
public struct FileNameDate: Sendable, Equatable {
    public let year: Int, month: Int, day: Int

    public init?(_ fileName: String) {
        guard let match = fileName.wholeMatch(of: /(\d{2,4})-(\d{1,2})-(\d{1,2})-(.+)\.[^.]+/),
              let year = Int(match.1), let month = Int(match.2), let day = Int(match.3) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD`.
    public var text: String { "\(pad4(year))-\(pad2(month))-\(pad2(day))" }
}
