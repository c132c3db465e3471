#if canImport(Glibc)
import Glibc
#endif
import PostlintModel

/// What a reader sees of a page before it is cut into words (`ShownText`): the text, the
/// images' `alt` text, and where in each a block or an image starts. Most conversions show every
/// block of their source as it was, around a title or in another order: `showsEveryWord` tells
/// so without cutting either page into words and counting them (`ConversionVerifier.lost`).
struct ShownPage: Sendable {
    var text: String
    var alt: String
    /// Offsets in `text`'s UTF-8 where a block, a break or a box stands (a space is there).
    var textBreaks: [Int]
    /// Offsets in `alt`'s UTF-8 where an image's `alt` text starts.
    var altBreaks: [Int]

    /// How many times a block may be found before the block the one before it was found at:
    /// each time, the page is searched from its start.
    static let restarts = 8
    /// How many places a block is compared at in full before it counts as not found: on
    /// repetitive text every place could match far and then fail.
    static let tries = 4
    /// How many blocks may be found before a block found already: each shifts the places kept
    /// after it, so a page of many would be quadratic.
    static let outOfOrder = 64

    /// Whether every word of `source` is surely a word of this page as often (with `withAlt`,
    /// the `alt` text counted with the text on both sides): each block of `source`, its runs of
    /// blanks made one space or none (`eachPiece`), stands somewhere in this page so made, whole, apart from every
    /// other block found, and neither of its ends glued to a letter or digit there. Words are runs of letters, digits
    /// and marks that blanks, ASCII punctuation and CJK punctuation end, and a CJK letter is a word of its own, so the
    /// same bytes between such ends are the same words. False says nothing: the words are then
    /// counted. Linear in the pages' size: blocks are looked for after the one found before, and
    /// only `restarts` times from the start.
    func showsEveryWord(of source: ShownPage, withAlt: Bool) -> Bool {
        var haystack = Self.collapsingBlanks(text)
        if withAlt { haystack += [0x20] + Self.collapsingBlanks(alt) }
        // Where blocks were found, in order of place.
        var used: [Range<Int>] = []
        var cursor = 0, restarts = 0, outOfOrder = 0
        return haystack.withUnsafeBufferPointer { haystack in
            // Each block made when it is looked for: the first one missing ends the look.
            func found(_ text: String, _ breaks: [Int]) -> Bool {
                Self.eachPiece(of: text, breaks) { block in
                    guard !block.isEmpty else { return true }
                    let found = block.withUnsafeBufferPointer { needle -> Range<Int>? in
                        if let found = Self.place(of: needle, in: haystack, from: cursor, avoiding: used) { return found }
                        guard restarts < Self.restarts else { return nil }
                        restarts += 1
                        return Self.place(of: needle, in: haystack, from: 0, avoiding: used)
                    }
                    guard let found else { return false }
                    let index = Self.index(of: found.lowerBound, in: used)
                    if index < used.count {
                        outOfOrder += 1
                        guard outOfOrder <= Self.outOfOrder else { return false }
                    }
                    used.insert(found, at: index)
                    cursor = found.upperBound
                    return true
                }
            }
            return found(source.text, source.textBreaks) && (!withAlt || found(source.alt, source.altBreaks))
        }
    }

    /// Where a range starting at `offset` goes in `ranges`, ordered by their starts.
    private static func index(of offset: Int, in ranges: [Range<Int>]) -> Int {
        var low = 0, high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].lowerBound < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Whether `range` overlaps one of `ranges` (ordered by their starts, apart from each other).
    private static func overlaps(_ range: Range<Int>, _ ranges: [Range<Int>]) -> Bool {
        let index = index(of: range.lowerBound, in: ranges)
        return (index < ranges.count && ranges[index].lowerBound < range.upperBound)
            || (index > 0 && ranges[index - 1].upperBound > range.lowerBound)
    }

    /// Where `needle` stands in `haystack` at or after `from`, whole, at word ends and clear of
    /// `used`; nil when not at the first `tries` places its first bytes stand.
    private static func place(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from: Int, avoiding used: [Range<Int>]) -> Range<Int>? {
        let head = UnsafeBufferPointer(rebasing: needle.prefix(64))
        var from = from, tries = 0
        while tries < Self.tries, from < haystack.count,
              let found = ByteSearch.firstOffset(of: head, in: UnsafeBufferPointer(rebasing: haystack[from...])) {
            let start = from + found, end = start + needle.count
            guard end <= haystack.count else { return nil }
            if memcmp(haystack.baseAddress! + start, needle.baseAddress!, needle.count) == 0,
               apart(needle, at: start, in: haystack), !overlaps(start..<end, used) {
                return start..<end
            }
            from = start + 1
            tries += 1
        }
        return nil
    }

    /// Whether `needle`, standing at `start` in `haystack`, ends a word at both ends there.
    private static func apart(_ needle: UnsafeBufferPointer<UInt8>, at start: Int, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        let end = start + needle.count
        let left = start == 0 || endsWords(scalar(before: start, in: haystack)) || endsWords(scalar(at: 0, in: needle))
        let right = end == haystack.count || endsWords(scalar(at: end, in: haystack)) || endsWords(scalar(before: needle.count, in: needle))
        return left && right
    }

    /// Whether `value` stands apart from the letters around it in a reading: ASCII that is no
    /// letter or digit, CJK punctuation, quotes and brackets (which end words), and CJK letters
    /// (each a word of its own).
    private static func endsWords(_ value: UInt32) -> Bool {
        if value < 0x80 { return !((0x30...0x39).contains(value) || (0x61...0x7A).contains(value | 0x20)) }
        return CJK.isPunctuation(value) || CJK.isQuoteOrBracket(value) || (CJK.isLetter(value) && !(0x3099...0x309A).contains(value))
    }

    private static func scalar(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        UTF8Scalar.decode(bytes, at: index, end: bytes.count).value
    }

    /// The scalar that ends right before `index` (a continuation byte stands for no letter).
    private static func scalar(before index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var start = index - 1
        while start > 0, index - start < 4, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        let (value, length) = UTF8Scalar.decode(bytes, at: start, end: index)
        return start + length == index ? value : 0x41
    }

    /// `text` with every run of blanks made one space, or none (`eachPiece`), and none at
    /// either end.
    static func collapsingBlanks(_ text: String) -> [UInt8] {
        var whole: [UInt8] = []
        _ = eachPiece(of: text, []) { whole = $0; return true }
        return whole
    }

    /// Hands `body` each piece of `text` between consecutive `breaks` (offsets into its UTF-8),
    /// every run of blanks in it made one space and none at either end, while it answers true;
    /// false when it answered false. Blanks are HTML's four (space, tab, line feed, carriage
    /// return) and the other spaces a reading parts words at as it does at those (`Separator`);
    /// invisible format characters, which a reading skips (zero-width spaces, soft hyphens, the
    /// byte-order mark), are dropped, as cleaning drops them.
    /// A run beside a character that ends words anyway (`endsWords`: punctuation, a CJK letter)
    /// is dropped too: it parts no words there, and cleaning adds and removes such blanks (around
    /// full-width punctuation, between CJK and Latin text), which would keep a block it touched
    /// from being found. A run between two letters or digits, or beside a mark, which joins what
    /// stands before it, stays one space.
    static func eachPiece(of text: String, _ breaks: [Int], _ body: ([UInt8]) -> Bool) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var start = 0
            for end in breaks + [bytes.count] where end >= start && end <= bytes.count {
                let piece = [UInt8](unsafeUninitializedCapacity: end - start) { out, count in
                    let input = UnsafeBufferPointer(rebasing: bytes[..<end])
                    var blank = true
                    // Copies `range` of the input, after the space a run of blanks before it stands for.
                    func emit(_ range: Range<Int>) {
                        if blank, count > 0,
                           !endsWords(scalar(before: count, in: UnsafeBufferPointer(rebasing: out[..<count]))),
                           !endsWords(scalar(at: range.lowerBound, in: input)) {
                            out[count] = 0x20
                            count += 1
                        }
                        blank = false
                        (out.baseAddress! + count).update(from: input.baseAddress! + range.lowerBound, count: range.count)
                        count += range.count
                    }
                    var index = start
                    while index < end {
                        // Up to the next blank or lead byte of a character `Separator` tells,
                        // copied as it stands: most of a text, CJK letters and all.
                        let run = index
                        while index < end, !Separator.mayStart(input[index]) { index += 1 }
                        if index > run { emit(run..<index) }
                        guard index < end else { break }
                        switch Separator.of(input, at: index) {
                        case .blank(let size):
                            blank = true
                            index += size
                        case .invisible(let size):
                            index += size
                        case .none(let size):
                            emit(index..<index + size)
                            index += size
                        }
                    }
                }
                guard body(piece) else { return false }
                start = end
            }
            return true
        }
    }

    /// What a character is to the block look, told by its bytes.
    private enum Separator {
        /// A blank: a reading parts words at it as at a space (HTML's four blanks, and the
        /// space separators, line and paragraph separators and next-line that are no letter,
        /// digit, mark or format character); `size` bytes.
        case blank(Int)
        /// An invisible format character a reading skips without parting words.
        case invisible(Int)
        /// Any other character, `size` bytes of it.
        case none(Int)

        /// Whether a character starting with `byte` may be one `of` tells apart from the rest:
        /// a blank, or the lead byte of a blank or invisible character beyond ASCII.
        static func mayStart(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0xC2 || byte == 0xE1 || byte == 0xE2 || byte == 0xE3 || byte == 0xEF
        }

        /// `index` is where a character `mayStart` holds for starts.
        static func of(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Separator {
            let lead = bytes[index]
            if lead < 0x80 { return .blank(1) }
            let size = lead >= 0xE0 ? 3 : 2
            guard index + size <= bytes.count else { return .none(1) }
            let second = bytes[index + 1]
            switch (lead, second) {
            case (0xC2, 0xA0), (0xC2, 0x85): return .blank(2)                      // no-break space, next line
            case (0xC2, 0xAD): return .invisible(2)                                // soft hyphen
            case (0xE1, 0x9A) where bytes[index + 2] == 0x80: return .blank(3)    // ogham space mark
            case (0xE2, 0x80):
                switch bytes[index + 2] {
                case 0x80...0x8A, 0xA8, 0xA9, 0xAF: return .blank(3)             // U+2000–200A, U+2028, U+2029, U+202F
                case 0x8B...0x8F, 0xAA...0xAE: return .invisible(3)               // U+200B–200F, U+202A–202E
                default: return .none(3)
                }
            case (0xE2, 0x81):
                switch bytes[index + 2] {
                case 0x9F: return .blank(3)                                        // U+205F
                case 0xA0...0xA4, 0xA6...0xAF: return .invisible(3)               // U+2060–2064, U+2066–206F
                default: return .none(3)
                }
            case (0xE3, 0x80) where bytes[index + 2] == 0x80: return .blank(3)    // ideographic space
            case (0xEF, 0xBB) where bytes[index + 2] == 0xBF: return .invisible(3) // byte-order mark
            default: return .none(size)
            }
        }
    }
}
