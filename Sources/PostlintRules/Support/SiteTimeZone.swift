import Foundation
import PostlintModel

/// The zone a site's dates are read in when they carry no offset: a fixed offset (`+0800`) or a
/// zone of the system's database (`Asia/Shanghai`, what Jekyll's `_config.yml` takes), whose
/// offset depends on the date.
public enum SiteTimeZone: Sendable, Equatable, CustomStringConvertible {
    case fixed(seconds: Int)
    case named(String)

    /// `+0800`, `-05:00`, `Z`, `UTC`, or a zone name the system knows; nil for anything else.
    public init?(_ text: String) {
        if let seconds = Self.offset(text) {
            self = .fixed(seconds: seconds)
        } else if text.contains("/") || text == "GMT", TimeZone(identifier: text) != nil {
            self = .named(text)
        } else {
            return nil
        }
    }

    /// `+0800`, `-05:00`, `Z` or `UTC` in seconds east of UTC.
    public static func offset(_ text: String) -> Int? {
        if text == "Z" || text == "UTC" { return 0 }
        guard let match = text.wholeMatch(of: /([+-])(\d{2}):?(\d{2})?/), let hours = Int(match.2) else { return nil }
        let minutes = match.3.flatMap { Int($0) } ?? 0
        guard hours <= 18, minutes < 60 else { return nil }
        return (match.1 == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    public var description: String {
        switch self {
        case .fixed(let seconds): return PostDate.offsetText(seconds)
        case .named(let name): return name
        }
    }

    /// The offset in force at an instant (seconds since 1970 UTC).
    public func offset(at instant: Int) -> Int {
        switch self {
        case .fixed(let seconds): return seconds
        case .named(let name):
            return TimeZone(identifier: name)?.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))) ?? 0
        }
    }

    /// The offset in force at a wall-clock time in this zone, given as seconds since 1970 as if
    /// the wall clock were UTC. Across a change of offset, the offset after it.
    public func offset(atWallClock local: Int) -> Int {
        switch self {
        case .fixed(let seconds): return seconds
        case .named:
            let guess = offset(at: local)
            return offset(at: local - guess)
        }
    }

    /// The offset a date without one is read in.
    public func offset(for date: PostDate) -> Int {
        offset(atWallClock: date.epochSeconds(defaultOffset: 0))
    }
}
