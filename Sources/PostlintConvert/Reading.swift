import Foundation

extension ConversionVerifier {
    /// The words a reader sees, in order, each as an index into the reading's vocabulary: a
    /// 100 MB Chinese post has tens of millions of words and a few thousand distinct ones.
    public struct Reading: Sendable {
        /// The words of the text.
        public private(set) var words: [Int32] = []
        /// The words of images' `alt` text, which readers see only when images are off; kept
        /// apart, as `--images drop` drops them by request.
        public private(set) var alt: [Int32] = []
        /// The vocabulary's words as UTF-8, one after another (word `i` is
        /// `bytes[starts[i]..<starts[i + 1]]`), and an open-addressing table of word ids by their
        /// bytes: a word is looked up, and kept, without making a String of it (making and
        /// hashing one per word was most of a verification).
        private var bytes: [UInt8] = []
        private var starts: [Int] = [0]
        private var slots = [Int32](repeating: -1, count: 64)
        /// How many words the table of slots holds.
        private var hashed = 0
        /// Word ids plus one (zero: none there) of the CJK Unified Ideographs (U+4E00–U+9FFF) by
        /// code point, made at a reading's first: most words of a Chinese text are one of them,
        /// and an array look-up is cheaper than hashing and probing. Sixteen bits, so that the
        /// table zeroed for each reading is small: an ideograph first read once the vocabulary is
        /// past 65,534 words goes in the table of slots instead.
        private var ideographs: [UInt16] = []

        public init() {}

        /// The words of `text`, and of `alt` as alternative text.
        public init(text: String, alt: String = "") {
            add(text: text, alt: alt)
        }

        /// How many distinct words there are.
        public var count: Int { starts.count - 1 }

        /// Every distinct word, once, in the order first read.
        public var vocabulary: [String] { (0..<count).map { word(Int32($0)) } }

        /// Word `id` as a string.
        public func word(_ id: Int32) -> String {
            String(decoding: bytes[starts[Int(id)]..<starts[Int(id) + 1]], as: UTF8.self)
        }

        /// Adds the words of `text` after those read so far, and those of `alt` to the `alt` text.
        mutating func add(text: String, alt: String) {
            // A table big enough for a word every eight bytes is made at once rather than grown
            // to (a text's distinct words are fewer than that; most readings are of one text).
            reserve((text.utf8.count + alt.utf8.count) / 8)
            ConversionVerifier.forEachWordUTF8(in: text) { words.append(id($0)) }
            ConversionVerifier.forEachWordUTF8(in: alt) { self.alt.append(id($0)) }
        }

        private mutating func id(_ word: UnsafeBufferPointer<UInt8>) -> Int32 {
            let ideograph = Self.ideograph(word)
            if let ideograph {
                if let known = tabled(ideograph) { return known }
                if count < Int(UInt16.max) {
                    // Zero is no word (ids are kept one up), so that the table is made zeroed.
                    if ideographs.isEmpty { ideographs = [UInt16](repeating: 0, count: Self.ideographCount) }
                    let new = add(word)
                    ideographs[ideograph] = UInt16(new + 1)
                    return new
                }
            }
            let (known, empty) = probe(word)
            if let known { return known }
            let new = add(word)
            slots[empty] = new
            hashed += 1
            if hashed * 2 > slots.count { rehash(slots.count * 2) }
            return new
        }

        /// The id of ideograph `index` when the table of ideographs has it.
        private func tabled(_ index: Int) -> Int32? {
            ideographs.isEmpty || ideographs[index] == 0 ? nil : Int32(ideographs[index]) - 1
        }

        /// The id of `word` when the table of slots has it, and otherwise the empty slot where
        /// it would go.
        private func probe(_ word: UnsafeBufferPointer<UInt8>) -> (id: Int32?, empty: Int) {
            let mask = slots.count - 1
            var index = Self.slot(of: word, in: slots.count)
            while slots[index] >= 0 {
                if holds(Int(slots[index]), word) { return (slots[index], index) }
                index = (index + 1) & mask
            }
            return (nil, index)
        }

        /// A new word of the vocabulary.
        private mutating func add(_ word: UnsafeBufferPointer<UInt8>) -> Int32 {
            bytes.append(contentsOf: word)
            starts.append(bytes.count)
            return Int32(count - 1)
        }

        private static let ideographCount = 0xA000 - 0x4E00

        /// Where `word` is in `ideographs`, when it is one CJK Unified Ideograph (three bytes
        /// from E4 B8 80 to E9 BF BF; words are valid UTF-8).
        private static func ideograph(_ word: UnsafeBufferPointer<UInt8>) -> Int? {
            guard word.count == 3, (0xE4...0xE9).contains(word[0]) else { return nil }
            let value = Int(word[0] & 0x0F) << 12 | Int(word[1] & 0x3F) << 6 | Int(word[2] & 0x3F)
            return value >= 0x4E00 ? value - 0x4E00 : nil
        }

        /// The id of `word` when it is in the vocabulary.
        func lookup(_ word: UnsafeBufferPointer<UInt8>) -> Int32? {
            if let ideograph = Self.ideograph(word) {
                if let known = tabled(ideograph) { return known }
                // Only an ideograph first read past the table's last id is in the slots.
                if count <= Int(UInt16.max) { return nil }
            }
            return probe(word).id
        }

        /// The id here of word `id` of `other`, when this reading has it.
        func lookup(_ id: Int32, of other: Reading) -> Int32? {
            other.bytes.withUnsafeBufferPointer { all in
                lookup(UnsafeBufferPointer(rebasing: all[other.starts[Int(id)]..<other.starts[Int(id) + 1]]))
            }
        }

        private func holds(_ id: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
            let start = starts[id], count = starts[id + 1] - start
            guard count == word.count else { return false }
            return bytes.withUnsafeBufferPointer { count == 0 || memcmp($0.baseAddress! + start, word.baseAddress!, count) == 0 }
        }

        /// Room for `words` more distinct words without growing the table, up to 65,536.
        private mutating func reserve(_ words: Int) {
            let wanted = min(hashed + words, 1 << 16) * 2
            guard wanted > slots.count else { return }
            var size = slots.count
            while size < wanted { size *= 2 }
            rehash(size)
        }

        private mutating func rehash(_ size: Int) {
            slots = [Int32](repeating: -1, count: size)
            let mask = size - 1
            bytes.withUnsafeBufferPointer { all in
                for id in 0..<count {
                    let word = UnsafeBufferPointer(rebasing: all[starts[id]..<starts[id + 1]])
                    guard id >= Int(UInt16.max) || Self.ideograph(word) == nil else { continue }
                    var index = Self.slot(of: word, in: size)
                    while slots[index] >= 0 { index = (index + 1) & mask }
                    slots[index] = Int32(id)
                }
            }
        }

        /// Random keys, new each run, for `slot(of:in:)`: one to add, one for the length, one
        /// for each four-byte piece of a word of up to 256 bytes.
        private static let keys: [UInt64] = {
            var random = SystemRandomNumberGenerator()
            return (0..<(2 + 64)).map { _ in random.next() }
        }()

        /// The first slot to try for `word` in a table of `size` (a power of two) slots.
        ///
        /// Vector multiply-shift hashing (Thorup): the word's four-byte pieces and its length,
        /// each multiplied by a 64-bit key of this run, are summed with another key, and the top
        /// bits of the sum are the slot. With 32-bit pieces and 64-bit arithmetic the family is
        /// strongly universal for tables of up to 2^33 slots, so that no text can be written to
        /// make words collide without knowing the keys (64-bit pieces would not be: words that
        /// differ only in a piece's top byte would differ only in the sum's top bits). The piece
        /// past the end is read ending at the last byte, and a word under four bytes is read as
        /// three of its bytes: with the length, the pieces still tell words apart. It takes a
        /// multiplication per four bytes where SipHash (`Hasher`) took about 190 instructions
        /// a word; a word longer than 256 bytes is hashed with `Hasher`.
        static func slot(of word: UnsafeBufferPointer<UInt8>, in size: Int) -> Int {
            let shift = UInt64(64 - size.trailingZeroBitCount)
            let count = word.count
            guard count <= 4 * (keys.count - 2) else {
                var hasher = Hasher()
                hasher.combine(bytes: UnsafeRawBufferPointer(word))
                return Int(truncatingIfNeeded: UInt64(UInt(bitPattern: hasher.finalize())) >> shift)
            }
            let raw = UnsafeRawBufferPointer(word)
            return keys.withUnsafeBufferPointer { keys in
                var sum = keys[0] &+ UInt64(count) &* keys[1]
                if count >= 4 {
                    var offset = 0, key = 2
                    while offset + 4 <= count {
                        sum &+= UInt64(raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) &* keys[key]
                        offset += 4
                        key += 1
                    }
                    if offset < count { sum &+= UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)) &* keys[key] }
                } else if count > 0 {
                    sum &+= (UInt64(raw[0]) | UInt64(raw[count / 2]) << 8 | UInt64(raw[count - 1]) << 16) &* keys[2]
                }
                return Int(truncatingIfNeeded: sum >> shift)
            }
        }

        /// Text and `alt` text together.
        public var withAlt: Reading {
            var both = self
            both.words += alt
            both.alt = []
            return both
        }

        /// The words of the text as strings.
        public var wordStrings: [String] { words.map(word) }
    }
}
