import Foundation
import PostlintEngine
import PostlintModel
import PostlintReporters
import PostlintRules

/// The bytes of `.postlint-cache`, read in place: of its index at most 32,768 records are held
/// in memory (every record of a cache of up to that many files, else the first of each block of
/// 2, 4, 8… records), and a look-up reads the entry, after the block of the index it lies in
/// when records are not all held. A run over 100,000 posts holds 512 KB of the cache, not the
/// file (docs/PERFORMANCE.md).
///
/// Layout, little-endian; strings are a length then UTF-8, integers 8 bytes:
/// `PLC3`, the key, the number of entries, the index (per entry: the path's hash and where
/// the entry starts, ordered by hash), the entries, the configurations (a count, then each
/// once), and last the offset where the configurations start. An entry: path, content hash,
/// configuration (its number in the list), stat (a flag, then five integers), report length
/// and the report. A report: its findings (code, rule, severity, message, start and end as
/// line, column, offset, fix kind, edits, folded) and the lines they start on (number, start,
/// text). Nothing read is trusted: a file that does not parse is an empty cache, an entry that
/// does not is a miss, and a report that does not hold together is discarded.
struct CacheFile {
    static let magic: [UInt8] = Array("PLC3".utf8)
    /// The most index records held in memory.
    static let held = 1 << 15

    /// One file's cached result.
    struct Entry {
        var path: String
        var content: String
        var configuration: String
        var stat: FileStat?
        /// The encoded report (`encode(_:)`), read by `report(_:path:size:)`.
        var report: ArraySlice<UInt8>
    }

    /// Where the index says an entry is: the hash of its path and its first byte.
    struct Place {
        var hash: UInt64
        var offset: Int
    }

    let key: String
    /// How many entries the index lists.
    let count: Int
    let configurations: [String]
    /// Index records per block: a power of two, 1 for a cache of up to `held` files.
    private let block: Int
    /// The first record of each block of the index.
    private var blocks: [Place] = []
    private let bytes: any CacheBytes
    private let indexStart: Int
    private let entriesEnd: Int

    /// The cache in `bytes`, or nil when its header, index or configurations do not parse.
    /// The whole index is read once, a part at a time, to know that it holds together: in
    /// order of hash, each entry after the one before and inside the entries.
    init?(_ bytes: any CacheBytes, held: Int = CacheFile.held) {
        guard bytes.count >= Self.magic.count + 24, let head = bytes.read(0..<min(bytes.count, 1 << 16)) else { return nil }
        var reader = Reader(bytes: head)
        guard reader.take(Self.magic.count).map(Array.init) == Self.magic, let key = reader.string(), let count = reader.integer(),
              count >= 0, count <= bytes.count / 16 else { return nil }
        let indexStart = head.count - reader.bytes.count
        let entriesStart = indexStart + 16 * count
        var trailer = Reader(bytes: bytes.read((bytes.count - 8)..<bytes.count) ?? [])
        guard let end = trailer.integer(),
              end >= entriesStart, end <= bytes.count - 8, let table = bytes.read(end..<(bytes.count - 8)) else { return nil }
        var tableReader = Reader(bytes: table)
        guard let configurationCount = tableReader.count() else { return nil }
        var configurations: [String] = []
        for _ in 0..<configurationCount {
            guard let configuration = tableReader.string() else { return nil }
            configurations.append(configuration)
        }
        guard tableReader.atEnd else { return nil }
        (self.key, self.count, self.configurations, self.bytes, self.indexStart, entriesEnd) = (key, count, configurations, bytes, indexStart, end)
        var block = 1
        while (count + block - 1) / block > max(1, held) { block *= 2 }
        self.block = block
        var blocks: [Place] = []
        blocks.reserveCapacity((count + block - 1) / block)
        var records = Records(file: self, from: 0, part: 4096)
        var last: Place?
        for position in 0..<count {
            // An entry that could not be read again when the cache was written is left empty.
            guard let place = records.nextPlace(), place.offset >= entriesStart, place.offset <= end,
                  last.map({ $0.hash <= place.hash && $0.offset <= place.offset }) ?? true else { return nil }
            if position % block == 0 { blocks.append(place) }
            last = place
        }
        self.blocks = blocks
    }

    /// The hash entries are found and ordered by.
    static func hash(_ path: String) -> UInt64 {
        StableHash.fnv1a(path)
    }

    /// The entry for `path`, read from the file; nil when there is none or it does not parse.
    func entry(_ path: String) -> Entry? {
        let hash = Self.hash(path)
        // The block before the first that starts at or after the hash: equal hashes may
        // begin in it.
        var low = 0, high = blocks.count
        while low < high {
            let middle = (low + high) / 2
            if blocks[middle].hash < hash { low = middle + 1 } else { high = middle }
        }
        let first = max(0, low - 1)
        if block == 1 {
            // Every record is held: the entry ends where the next one starts.
            for position in first..<count {
                let place = blocks[position]
                guard place.hash <= hash else { break }
                let end = position + 1 < count ? blocks[position + 1].offset : entriesEnd
                if place.hash == hash, let entry = entry(in: place.offset..<max(place.offset, end)), entry.path == path { return entry }
            }
            return nil
        }
        var records = Records(file: self, from: first * block, part: block + 1)
        while let record = records.next(), record.place.hash <= hash {
            if record.place.hash == hash, let entry = entry(in: record.range), entry.path == path { return entry }
        }
        return nil
    }

    /// The entry that lies at `range` of the file, or nil when it does not parse.
    func entry(in range: Range<Int>) -> Entry? {
        guard !range.isEmpty, let raw = bytes.read(range) else { return nil }
        return Self.decode(raw, configurations: configurations)
    }

    /// Every entry that parses, in index order.
    func entries() -> [Entry] {
        var found: [Entry] = []
        var records = records()
        while let record = records.next() {
            if let entry = entry(in: record.range) { found.append(entry) }
        }
        return found
    }

    /// The index's records in order, read `part` at a time.
    func records(part: Int = 4096) -> Records {
        Records(file: self, from: 0, part: part)
    }

    /// Index records from a position on, each with where its entry lies, read a part at a
    /// time (the next record's start is where an entry ends).
    struct Records: IteratorProtocol {
        private let file: CacheFile
        private var position: Int
        private let part: Int
        private var reader = Reader(bytes: [])
        private var ahead: Place?

        init(file: CacheFile, from position: Int, part: Int) {
            (self.file, self.position, self.part) = (file, position, part)
        }

        /// The next record's place alone.
        mutating func nextPlace() -> Place? {
            if let ahead {
                self.ahead = nil
                return ahead
            }
            guard position < file.count else { return nil }
            if reader.atEnd {
                let start = file.indexStart + 16 * position
                guard let bytes = file.bytes.read(start..<(start + 16 * min(part, file.count - position))) else { return nil }
                reader = Reader(bytes: bytes)
            }
            guard let hash = reader.integer(), let offset = reader.integer() else { return nil }
            position += 1
            return Place(hash: UInt64(bitPattern: Int64(hash)), offset: offset)
        }

        mutating func next() -> (place: Place, range: Range<Int>)? {
            guard let place = nextPlace() else { return nil }
            let following = nextPlace()
            ahead = following
            let end = following?.offset ?? file.entriesEnd
            return (place, place.offset..<max(place.offset, end))
        }
    }

    /// An entry's bytes; `configurations` numbers its configuration.
    static func encode(_ entry: Entry, configuration: Int) -> [UInt8] {
        var writer = Writer()
        writer.string(entry.path)
        writer.string(entry.content)
        writer.integer(configuration)
        if let stat = entry.stat {
            writer.bytes.append(1)
            for value in [stat.size, stat.modified, stat.changed, Int(Int64(bitPattern: stat.inode)), Int(Int64(bitPattern: stat.device))] {
                writer.integer(value)
            }
        } else {
            writer.bytes.append(0)
        }
        writer.integer(entry.report.count)
        writer.bytes += entry.report
        return writer.bytes
    }

    /// The entry `encode` wrote into `raw` (and nothing after it), its configuration looked up
    /// in `configurations`.
    static func decode(_ raw: ArraySlice<UInt8>, configurations: [String]) -> Entry? {
        var reader = Reader(bytes: raw)
        guard let path = reader.string(), let content = reader.string(), let index = reader.integer(),
              configurations.indices.contains(index), let hasStat = reader.byte() else { return nil }
        var stat: FileStat?
        if hasStat == 1 {
            guard let size = reader.integer(), let modified = reader.integer(), let changed = reader.integer(),
                  let inode = reader.integer(), let device = reader.integer() else { return nil }
            stat = FileStat(size: size, modified: modified, changed: changed, inode: UInt64(bitPattern: Int64(inode)), device: UInt64(bitPattern: Int64(device)))
        }
        guard let length = reader.count(), let report = reader.take(length), reader.atEnd else { return nil }
        return Entry(path: path, content: content, configuration: configurations[index], stat: stat, report: report)
    }

    /// A report's record: its findings and the lines they start on.
    static func encode(_ report: FileReport) -> [UInt8] {
        var writer = Writer()
        writer.integer(report.diagnostics.count)
        for d in report.diagnostics {
            writer.string(d.code)
            writer.string(d.ruleID)
            writer.string(d.severity.rawValue)
            writer.string(d.message)
            for value in [d.start.line, d.start.column, d.range.lowerBound, d.end.line, d.end.column, d.range.upperBound] { writer.integer(value) }
            writer.string(d.fix?.kind.rawValue ?? "")
            writer.integer(d.fix?.edits.count ?? 0)
            for edit in d.fix?.edits ?? [] {
                writer.integer(edit.range.lowerBound)
                writer.integer(edit.range.upperBound)
                writer.string(edit.replacement)
            }
            writer.integer(d.folded)
        }
        let lines = report.lines.keys.sorted()
        writer.integer(lines.count)
        for line in lines {
            writer.integer(line)
            writer.integer(report.lineStarts[line] ?? -1)
            writer.string(report.lines[line]!)
        }
        return writer.bytes
    }

    /// The report a record holds for the file at `path` of `size` bytes, or nil when the
    /// record does not parse or any finding is not one postlint could have written for such a
    /// file: an unknown severity or fix kind, a range that ends before it starts or lies
    /// outside the file, a position before line 1 or column 1.
    static func report(_ record: ArraySlice<UInt8>, path: String, size: Int) -> FileReport? {
        var reader = Reader(bytes: record)
        guard let count = reader.count() else { return nil }
        var diagnostics: [Diagnostic] = []
        for _ in 0..<count {
            guard let code = reader.string(), let rule = reader.string(), let severity = reader.string().flatMap(Severity.init(rawValue:)),
                  let message = reader.string() else { return nil }
            var position: [Int] = []
            for _ in 0..<6 {
                guard let value = reader.integer() else { return nil }
                position.append(value)
            }
            let (startLine, startColumn, lower, endLine, endColumn, upper) = (position[0], position[1], position[2], position[3], position[4], position[5])
            guard startLine >= 1, startColumn >= 1, endLine >= startLine, endColumn >= 1, lower >= 0, lower <= upper, upper <= size,
                  let kindName = reader.string(), let editCount = reader.count() else { return nil }
            var edits: [TextEdit] = []
            for _ in 0..<editCount {
                guard let start = reader.integer(), let end = reader.integer(), let replacement = reader.string(),
                      start >= 0, start <= end, end <= size else { return nil }
                edits.append(TextEdit(range: start..<end, replacement: replacement))
            }
            var fix: PostlintRules.Fix?
            if !kindName.isEmpty {
                guard let kind = FixKind(rawValue: kindName) else { return nil }
                fix = PostlintRules.Fix(kind: kind, edits: edits)
            } else if !edits.isEmpty {
                return nil
            }
            guard let folded = reader.integer(), folded >= 0, folded <= size else { return nil }
            diagnostics.append(Diagnostic(
                path: path, code: code, ruleID: rule, severity: severity, message: message, range: lower..<upper,
                start: SourceLocation(line: startLine, column: startColumn), end: SourceLocation(line: endLine, column: endColumn),
                fix: fix, folded: folded))
        }
        guard let lineCount = reader.count() else { return nil }
        var lines: [Int: String] = [:], starts: [Int: Int] = [:]
        for _ in 0..<lineCount {
            guard let line = reader.integer(), let start = reader.integer(), let text = reader.string(), line >= 1 else { return nil }
            lines[line] = text
            // A start that cannot be one in a file of this size is not used.
            if start >= 0, start <= size { starts[line] = start }
        }
        guard reader.atEnd else { return nil }
        return FileReport(path: path, diagnostics: diagnostics, lines: lines, lineStarts: starts)
    }

    /// Configurations numbered in the order they are first met: an entry names its
    /// configuration by number, and the file lists each once.
    struct Numbering {
        private var numbers: [String: Int] = [:]
        private(set) var configurations: [String] = []

        mutating func number(_ configuration: String) -> Int {
            if let known = numbers[configuration] { return known }
            configurations.append(configuration)
            numbers[configuration] = configurations.count - 1
            return configurations.count - 1
        }
    }

    struct Writer {
        var bytes: [UInt8] = []

        mutating func integer(_ value: Int) {
            withUnsafeBytes(of: Int64(value).littleEndian) { bytes += $0 }
        }

        mutating func string(_ value: String) {
            var value = value
            value.withUTF8 { utf8 in
                integer(utf8.count)
                bytes += utf8
            }
        }
    }

    /// Reads what `Writer` wrote; every read is bounds-checked and nil past the end.
    struct Reader {
        var bytes: ArraySlice<UInt8>

        var atEnd: Bool { bytes.isEmpty }

        mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
            guard count >= 0, count <= bytes.count else { return nil }
            defer { bytes = bytes.dropFirst(count) }
            return bytes.prefix(count)
        }

        mutating func byte() -> UInt8? { take(1)?.first }

        mutating func integer() -> Int? {
            guard let raw = take(8) else { return nil }
            var value: UInt64 = 0
            for (shift, byte) in raw.enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
            return Int(Int64(bitPattern: value))
        }

        /// A count of things still to read: each takes at least a byte, so a count beyond the
        /// bytes left is not one (and does not make the reader reserve memory for it).
        mutating func count() -> Int? {
            guard let value = integer(), value >= 0, value <= bytes.count else { return nil }
            return value
        }

        mutating func string() -> String? {
            guard let length = count(), let utf8 = take(length) else { return nil }
            return String(decoding: utf8, as: UTF8.self)
        }
    }
}
