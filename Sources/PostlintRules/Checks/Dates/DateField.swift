import PostlintModel

/// The front matter's `date`, located and parsed once for the date rules. A class, so that
/// each rule that asks `PostFacts` for it gets a reference, not a copy.
final class DateField {
    let entry: FrontMatterEntry
    /// The scalar text, or nil when `date` is a list or mapping.
    let text: String?
    let parsed: PostDate?

    /// Nil when the post has no readable front matter or no `date` key.
    init?(_ post: Post) {
        guard let frontMatter = post.frontMatter, frontMatter.error == nil, frontMatter.closing != nil,
              let entry = frontMatter.entry("date") else { return nil }
        self.entry = entry
        text = entry.scalar
        parsed = text.flatMap(PostDate.parse)
    }

    /// The date's text without the quotes around it, where fixes edit.
    var textRange: Range<Int> {
        let range = entry.valueRange
        guard entry.value.style == .doubleQuoted || entry.value.style == .singleQuoted, range.count >= 2 else { return range }
        return (range.lowerBound + 1)..<(range.upperBound - 1)
    }

    /// Where findings about the value point: the value, or the key when the value is empty.
    var range: Range<Int> { entry.valueRange.isEmpty ? entry.keyRange : entry.valueRange }

    /// Whether YAML itself reads the value as a timestamp, which Psych does in UTC when it has
    /// no offset: a plain scalar with seconds (`2021-12-08 23:30:00`). Quoted values and ones
    /// without seconds (`2021-12-08 23:30`) stay strings, which Jekyll reads in the site's zone.
    var yamlReadsAsUTC: Bool {
        // Psych leaves an impossible timestamp a string, which Jekyll reads leniently in the site's zone.
        guard entry.value.style == .plain, let parsed, parsed.time != nil, parsed.impossibility == nil, let text else { return false }
        return text.utf8.lazy.filter { $0 == UInt8(ascii: ":") }.count >= 2
    }

    /// The day as written, `YYYY-MM-DD`.
    var writtenDay: String? {
        parsed.map { dayText($0.year, $0.month, $0.day) }
    }

    /// The day Jekyll shows the post on, `YYYY-MM-DD`, in the site's zone (`zone`, or UTC, where
    /// GitHub Pages builds, when the site names none): a date with an offset is shown in that
    /// zone, a plain YAML timestamp without one is read as UTC and shown there, any other text
    /// is read there. A day or hour past its range rolls over, as Ruby rolls it.
    func shownDay(in zone: SiteTimeZone?) -> String? {
        shownDate(in: zone).map { dayText($0.year, $0.month, $0.day) }
    }

    /// `shownDay` as numbers, for comparing without making text for every post.
    func shownDate(in zone: SiteTimeZone?) -> (year: Int, month: Int, day: Int)? {
        guard let parsed else { return nil }
        let zone = zone ?? .fixed(seconds: 0)
        let instant: Int
        if parsed.offsetSeconds != nil {
            instant = parsed.epochSeconds()
        } else if yamlReadsAsUTC {
            instant = parsed.epochSeconds(defaultOffset: 0)
        } else {
            // Read on the wall clock of the site's zone: shown as written, rolled over if need be.
            return PostDate.civilDay(parsed.epochSeconds(defaultOffset: 0))
        }
        return PostDate.civilDay(instant + zone.offset(at: instant))
    }
}

