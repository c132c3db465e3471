/// Sorted, non-overlapping byte ranges with a logarithmic membership test.
public struct RangeSet: Sendable {
    public let ranges: [Range<Int>]

    /// Sorts `ranges` and merges those that overlap or touch; empty ranges are dropped.
    public init<S: Sequence>(_ ranges: S) where S.Element == Range<Int> {
        self.init(Array(ranges))
    }

    /// `init(_:)` for an array, which every caller has: compiled for it, the sort looks up no
    /// generic type at run time for each post.
    public init(_ ranges: [Range<Int>]) {
        var merged: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where !range.isEmpty {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        self.ranges = merged
    }

    /// Whether any range contains `offset`.
    public func contains(_ offset: Int) -> Bool {
        overlaps(offset..<(offset + 1))
    }

    /// Whether any range shares a byte with `range`.
    public func overlaps(_ range: Range<Int>) -> Bool {
        var low = 0, high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].upperBound <= range.lowerBound { low = mid + 1 } else { high = mid }
        }
        return low < ranges.count && ranges[low].lowerBound < range.upperBound
    }

    /// The parts of `range` that no range covers, in order.
    public func gaps(in range: Range<Int>) -> [Range<Int>] {
        // Start at the first range that can reach into `range`.
        var low = 0, high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].upperBound <= range.lowerBound { low = mid + 1 } else { high = mid }
        }
        var gaps: [Range<Int>] = []
        var start = range.lowerBound
        for covered in ranges[low...] {
            if covered.lowerBound >= range.upperBound { break }
            if covered.lowerBound > start { gaps.append(start..<covered.lowerBound) }
            start = max(start, covered.upperBound)
        }
        if start < range.upperBound { gaps.append(start..<range.upperBound) }
        return gaps
    }
}
