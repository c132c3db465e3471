import Glibc

/// The entries a run stores, kept in an anonymous temporary file until the cache is written. So
/// are their places: each 4,096 of them are sorted by hash and written after the entries as a
/// run, and writing the cache merges the runs reading a block of each at a time. A first run
/// over 100,000 posts holds 64 KB of places and a block per run, not 16 bytes a post (nor its
/// reports). Without a temporary file everything is kept in memory instead.
final class CacheSpill: @unchecked Sendable {
    /// The places not yet written as a run, in the order they were stored.
    private var places: [CacheFile.Place] = []
    /// Where each run starts in the file, and how many places it holds.
    private var runs: [(offset: Int, count: Int)] = []
    private static let run = 4096
    private var numbering = CacheFile.Numbering()
    private let file: UnsafeMutablePointer<FILE>?
    private var memory: [UInt8] = []
    private var size = 0

    init() {
        file = tmpfile()
        places.reserveCapacity(Self.run)
    }

    deinit {
        if let file { fclose(file) }
    }

    /// Keeps `entry` (callers hold their own lock).
    func add(_ entry: CacheFile.Entry) {
        let number = numbering.number(entry.configuration)
        let body = CacheFile.encode(entry, configuration: number)
        var record = CacheFile.Writer()
        record.integer(body.count)
        record.bytes += body
        let offset = size
        guard append(record.bytes) else { return }
        places.append(CacheFile.Place(hash: CacheFile.hash(entry.path), offset: offset))
        if places.count == Self.run { writeRun() }
    }

    /// Each path's last stored entry, in order of hash: the runs merged.
    func ordered() -> Ordered {
        if !places.isEmpty { writeRun() }
        return Ordered(spill: self)
    }

    /// The places held, sorted by hash and then by when they were stored, written as a run.
    private func writeRun() {
        places.sort { ($0.hash, $0.offset) < ($1.hash, $1.offset) }
        var bytes = CacheFile.Writer()
        for place in places {
            bytes.integer(Int(Int64(bitPattern: place.hash)))
            bytes.integer(place.offset)
        }
        let offset = size
        if append(bytes.bytes) { runs.append((offset, places.count)) }
        places.removeAll(keepingCapacity: true)
    }

    private func append(_ bytes: [UInt8]) -> Bool {
        if let file {
            let written = bytes.withUnsafeBytes { pwrite(fileno(file), $0.baseAddress!, $0.count, off_t(size)) }
            guard written == bytes.count else { return false }
        } else {
            memory += bytes
        }
        size += bytes.count
        return true
    }

    /// The stored entries in order of hash (then of storing), each path's last only.
    struct Ordered: IteratorProtocol {
        let spill: CacheSpill
        /// Per run: how many of its places were taken, and a block of those ahead.
        private var taken: [Int]
        private var blocks: [ArraySlice<CacheFile.Place>]
        private var pending: CacheFile.Place?
        private static let block = 64

        init(spill: CacheSpill) {
            self.spill = spill
            taken = Array(repeating: 0, count: spill.runs.count)
            blocks = Array(repeating: [], count: spill.runs.count)
            pending = merged()
        }

        mutating func next() -> CacheFile.Place? {
            guard var current = pending else { return nil }
            // A later store of the same path replaces the earlier (a store comes after the
            // earlier ones, so its offset is larger).
            while let following = merged() {
                if following.hash == current.hash, spill.entry(at: following)?.path == spill.entry(at: current)?.path {
                    current = following
                } else {
                    pending = following
                    return current
                }
            }
            pending = nil
            return current
        }

        /// The smallest place at the heads of the runs (a few dozen runs for 100,000 posts).
        private mutating func merged() -> CacheFile.Place? {
            var best: Int?
            for run in blocks.indices {
                if blocks[run].isEmpty { refill(run) }
                guard let place = blocks[run].first else { continue }
                if let chosen = best, let other = blocks[chosen].first, (other.hash, other.offset) <= (place.hash, place.offset) { continue }
                best = run
            }
            guard let best else { return nil }
            return blocks[best].popFirst()
        }

        private mutating func refill(_ run: Int) {
            let (offset, count) = spill.runs[run]
            let wanted = min(Self.block, count - taken[run])
            guard wanted > 0, let bytes = spill.read((offset + 16 * taken[run])..<(offset + 16 * (taken[run] + wanted))) else { return }
            var reader = CacheFile.Reader(bytes: bytes)
            var block: [CacheFile.Place] = []
            while let hash = reader.integer(), let place = reader.integer() {
                block.append(CacheFile.Place(hash: UInt64(bitPattern: Int64(hash)), offset: place))
            }
            taken[run] += wanted
            blocks[run] = block[...]
        }
    }

    /// The entry stored at `place`.
    func entry(at place: CacheFile.Place) -> CacheFile.Entry? {
        guard let head = read(place.offset..<(place.offset + 8)) else { return nil }
        var reader = CacheFile.Reader(bytes: head)
        guard let length = reader.integer(), length >= 0, let body = read((place.offset + 8)..<(place.offset + 8 + length)) else { return nil }
        return CacheFile.decode(body, configurations: numbering.configurations)
    }

    fileprivate func read(_ range: Range<Int>) -> ArraySlice<UInt8>? {
        guard range.upperBound <= size else { return nil }
        guard let file else { return memory.read(range) }
        return CacheFileBytes.read(fileno(file), range)
    }
}
