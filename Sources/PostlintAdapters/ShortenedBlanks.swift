/// A text with its long blanked runs of one kind (a Markdown post's code blocks, read as
/// spaces) shortened to one space each, and the way back from its offsets to the original's.
/// libxml2 reads every byte it is given, and a code-heavy post's code blocks were most of what
/// it read.
struct ShortenedBlanks {
    /// A run shorter than this stays as it is, its bytes spaces but for line breaks.
    static let shortestShortened = 64
    /// A post bigger than this is shortened only to half its size or less, so that the copy
    /// made here and libxml2's copy of it together take no more memory than libxml2's copy of
    /// the whole post did.
    static let sizeForHalving = 1 << 20

    /// The text to parse: blanks applied, long runs shortened.
    let bytes: [UInt8]
    /// Where each stretch kept whole starts, in `bytes` and in the original; sorted.
    private let starts: [(shortened: Int, original: Int)]

    /// nil when no run is long enough, or when a big text would not shrink to half. `blanks`
    /// are offsets into `original`, sorted and apart; `shortening` too, each inside a blank.
    init?(_ original: UnsafeBufferPointer<UInt8>, blanks: [Range<Int>], shortening: [Range<Int>]) {
        let long = shortening.filter { $0.count >= Self.shortestShortened }
        let saved = long.reduce(0) { $0 + $1.count - 1 }
        guard saved > 0, original.count < Self.sizeForHalving || original.count - saved <= original.count / 2 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(original.count - saved)
        func blanked(_ range: Range<Int>) {
            for byte in original[range] { bytes.append(byte == 0x0A || byte == 0x0D ? byte : 0x20) }
        }
        var starts: [(shortened: Int, original: Int)] = [(0, 0)]
        var cursor = 0
        var next = 0
        for blank in blanks {
            bytes.append(contentsOf: original[cursor..<blank.lowerBound])
            var at = blank.lowerBound
            while next < long.count, long[next].lowerBound < blank.upperBound {
                let run = long[next].clamped(to: at..<blank.upperBound)
                next += 1
                guard !run.isEmpty else { continue }
                blanked(at..<run.lowerBound)
                bytes.append(0x20)
                starts.append((bytes.count, run.upperBound))
                at = run.upperBound
            }
            blanked(at..<blank.upperBound)
            cursor = blank.upperBound
        }
        bytes.append(contentsOf: original[cursor...])
        self.bytes = bytes
        self.starts = starts
    }

    /// The original offset of `offset` in `bytes`. An offset inside a shortened run's one
    /// space is the run's start; the offset just past it, the run's end.
    func original(_ offset: Int) -> Int {
        var low = 0, high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle].shortened <= offset { low = middle + 1 } else { high = middle }
        }
        let start = starts[max(0, low - 1)]
        return start.original + (offset - start.shortened)
    }
}
