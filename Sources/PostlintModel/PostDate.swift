/// A post date as Jekyll reads it: `YYYY-MM-DD`, optionally a time, optionally an offset.
public struct PostDate: Sendable, Equatable {
    public let year: Int, month: Int, day: Int
    /// Nil for a date with no time of day.
    public let time: Time?
    /// Seconds east of UTC; nil when the date names no offset.
    public let offsetSeconds: Int?
    /// Whether the text is exactly `YYYY-MM-DD HH:MM:SS +HHMM`, Jekyll's own format.
    public let isCanonical: Bool

    public struct Time: Sendable, Equatable {
        public let hour: Int, minute: Int, second: Int
        /// Digits after the decimal point of the seconds, as written.
        public let fraction: String
        /// Whether the seconds were written (`10:00:00`, not `10:00`).
        public var hasSeconds = true
    }

    /// What is wrong with a date whose form is right but whose values are not.
    public var impossibility: String? {
        guard (1...12).contains(month) else { return "month \(month) does not exist" }
        let days = Self.daysIn(month: month, year: year)
        guard (1...days).contains(day) else {
            return "\(pad4(year))-\(pad2(month)) has \(days) days, not \(day)"
        }
        if let time {
            guard (0...23).contains(time.hour) else { return "hour \(time.hour) does not exist" }
            guard (0...59).contains(time.minute) else { return "minute \(time.minute) does not exist" }
            guard (0...60).contains(time.second) else { return "second \(time.second) does not exist" }
        }
        if let offsetSeconds, abs(offsetSeconds) > 18 * 3600 { return "offset beyond ±18:00" }
        return nil
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Seconds since 1970-01-01T00:00:00Z, reading a date with no offset in `defaultOffset`.
    public func epochSeconds(defaultOffset: Int = 0) -> Int {
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        let clock = (time?.hour ?? 0) * 3600 + (time?.minute ?? 0) * 60 + (time?.second ?? 0)
        return days * 86_400 + clock - (offsetSeconds ?? defaultOffset)
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date in Jekyll's canonical form, the same instant (fractions of a second kept); nil
    /// without a time or an offset.
    public var canonical: String? {
        guard let time, let offsetSeconds else { return nil }
        let sign = offsetSeconds < 0 ? "-" : "+"
        let offset = abs(offsetSeconds)
        return dayText(year, month, day) + " "
            + "\(pad2(time.hour)):\(pad2(time.minute)):\(pad2(time.second))\(time.fraction.isEmpty ? "" : "." + time.fraction) "
            + "\(sign)\(pad2(offset / 3600))\(pad2(offset % 3600 / 60))"
    }

    /// The parts written, zero-padded and in Jekyll's layout, adding none: `2014-10-01` for
    /// `2014-10-1`, `2014-10-01 09:05` for `2014-10-1 9:05`.
    public var padded: String {
        var text = dayText(year, month, day)
        guard let time else { return text }
        text += " \(pad2(time.hour)):\(pad2(time.minute))"
        if time.hasSeconds { text += ":\(pad2(time.second))" + (time.fraction.isEmpty ? "" : "." + time.fraction) }
        if let offsetSeconds { text += " " + PostDate.offsetText(offsetSeconds) }
        return text
    }

    /// Parses the forms Jekyll accepts; nil when `text` is not a date at all.
    /// Values are not range-checked here: see `impossibility`.
    public static func parse(_ text: String) -> PostDate? {
        var text = text
        return text.withUTF8 { parse(DateScanner($0)) }
    }

    private static func parse(_ scanner: DateScanner) -> PostDate? {
        var scanner = scanner
        scanner.skipBlanks()
        guard let year = scanner.digits(4...4), scanner.take(UInt8(ascii: "-")),
              let month = scanner.digits(1...2), scanner.take(UInt8(ascii: "-")),
              let day = scanner.digits(1...2) else { return nil }
        var canonical = month.width == 2 && day.width == 2
        var time: Time?
        var offset: Int?
        if !scanner.atEnd {
            let separatorIsSpace = scanner.peek == UInt8(ascii: " ")
            let blanks = scanner.skipBlanks()
            guard blanks > 0 || scanner.take(UInt8(ascii: "T")) || scanner.take(UInt8(ascii: "t")) else { return nil }
            canonical = canonical && separatorIsSpace && blanks == 1
            if !scanner.atEnd, scanner.peekIsDigit {
                guard let hour = scanner.digits(1...2), scanner.take(UInt8(ascii: ":")), let minute = scanner.digits(2...2)?.value else { return nil }
                var second = 0
                var fraction = ""
                var hasSeconds = false
                if scanner.take(UInt8(ascii: ":")) {
                    guard let value = scanner.digits(2...2)?.value else { return nil }
                    second = value
                    hasSeconds = true
                    if scanner.take(UInt8(ascii: ".")) { fraction = scanner.rawDigits() }
                }
                canonical = canonical && hasSeconds && hour.width == 2
                time = Time(hour: hour.value, minute: minute, second: second, fraction: fraction, hasSeconds: hasSeconds)
                let blanks = scanner.skipBlanks()
                if !scanner.atEnd {
                    guard let value = scanner.offset() else { return nil }
                    offset = value.seconds
                    canonical = canonical && blanks == 1 && value.canonical
                }
            }
        }
        scanner.skipBlanks()
        guard scanner.atEnd else { return nil }
        return PostDate(
            year: year.value, month: month.value, day: day.value, time: time, offsetSeconds: offset,
            isCanonical: canonical && time != nil && offset != nil)
    }
}

/// Byte-level scanning for `PostDate.parse`.
private struct DateScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { atEnd ? nil : bytes[index] }
    var peekIsDigit: Bool { peek.map { $0 >= 48 && $0 <= 57 } ?? false }

    /// Reads `byte` when it comes next (a byte, not a Character: making a Character's ASCII
    /// value cost more than the rest of the parse).
    mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    @discardableResult
    mutating func skipBlanks() -> Int {
        var count = 0
        while let peek, peek == 0x20 || peek == 0x09 { index += 1; count += 1 }
        return count
    }

    mutating func rawDigits() -> String {
        let start = index
        while peekIsDigit { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// A number of `width` digits, and how many it had (canonical dates pad to two).
    mutating func digits(_ width: ClosedRange<Int>) -> (value: Int, width: Int)? {
        let start = index
        var value = 0
        while peekIsDigit, index - start < width.upperBound {
            value = value * 10 + Int(bytes[index] - 48)
            index += 1
        }
        guard width.contains(index - start), !peekIsDigit else { index = start; return nil }
        return (value, index - start)
    }

    /// `Z`, `+HH`, `+HHMM` or `+HH:MM`.
    mutating func offset() -> (seconds: Int, canonical: Bool)? {
        if take(UInt8(ascii: "Z")) || take(UInt8(ascii: "z")) { return (0, false) }
        let negative: Bool
        if take(UInt8(ascii: "+")) { negative = false } else if take(UInt8(ascii: "-")) { negative = true } else { return nil }
        let start = index
        let run = rawDigits()
        let hours: Int, minutes: Int
        var canonical = false
        switch run.count {
        case 4:
            hours = Int(run.prefix(2))!
            minutes = Int(run.suffix(2))!
            canonical = true
        case 1, 2:
            hours = Int(run)!
            if take(UInt8(ascii: ":")) {
                guard let value = digits(2...2)?.value else { index = start; return nil }
                minutes = value
            } else {
                minutes = 0
            }
        default:
            index = start
            return nil
        }
        let seconds = hours * 3600 + minutes * 60
        return (negative ? -seconds : seconds, canonical)
    }
}

/// Zero-padded decimal, at least two digits.
public func pad2(_ value: Int) -> String { value >= 0 && value < 10 ? "0\(value)" : "\(value)" }

/// `YYYY-MM-DD`: how a day is written in file names, front matter and messages.
public func dayText(_ year: Int, _ month: Int, _ day: Int) -> String { "\(pad4(year))-\(pad2(month))-\(pad2(day))" }

/// Zero-padded decimal, at least four digits.
public func pad4(_ value: Int) -> String {
    let digits = "\(value)"
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}

extension PostDate {
    /// `YYYY-MM-DD HH:MM` in UTC for seconds since 1970.
    public static func utcText(_ epoch: Int) -> String {
        let (day, time) = civil(epoch)
        return day + " " + time
    }

    /// The day (`YYYY-MM-DD`) and time (`HH:MM`) of seconds since 1970, read as UTC; add an
    /// offset first for a wall clock elsewhere.
    public static func civil(_ epoch: Int) -> (day: String, time: String) {
        let (year, month, day) = civilDay(epoch)
        let seconds = epoch - days(epoch) * 86_400
        return (dayText(year, month, day), "\(pad2(seconds / 3600)):\(pad2(seconds % 3600 / 60))")
    }

    /// The year, month and day of seconds since 1970, read as UTC: `civil` without the text,
    /// for comparing days.
    public static func civilDay(_ epoch: Int) -> (year: Int, month: Int, day: Int) {
        let days = days(epoch)
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Whole days since 1970, rounded down.
    private static func days(_ epoch: Int) -> Int {
        epoch >= 0 ? epoch / 86_400 : (epoch - 86_399) / 86_400
    }
}

extension PostDate {
    /// `+0800` for 28,800 seconds.
    public static func offsetText(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        return "\(sign)\(pad2(magnitude / 3600))\(pad2(magnitude % 3600 / 60))"
    }
}

/// Timestamps for package metadata.
public enum PostDateText {
    /// `YYYY-MM-DDThh:mm:ssZ` for seconds since 1970.
    public static func utc(_ epoch: Int) -> String {
        let minute = PostDate.utcText(epoch)   // "YYYY-MM-DD HH:MM"
        let seconds = ((epoch % 60) + 60) % 60
        return minute.replacingOccurrences(of: " ", with: "T") + ":" + pad2(seconds) + "Z"
    }
}
