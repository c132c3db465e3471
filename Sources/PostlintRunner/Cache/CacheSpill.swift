import Glibc

/// The entries a run stores, kept in an anonymous temporary file until the cache is written,
/// with 16 bytes of each in memory: a first run over 100,000 posts does not hold their
/// reports. Without a temporary file they are kept in memory instead.
final class CacheSpill: @unchecked Sendable {
    /// Where each stored entry starts (its length first), in the order they were stored.
    private var places: [CacheFile.Place] = []
    private var numbers: [String: Int] = [:]
    private var configurations: [String] = []
    private let file: UnsafeMutablePointer<FILE>?
    private var memory: [UInt8] = []
    private var size = 0

    init() {
        file = tmpfile()
    }

    deinit {
        if let file { fclose(file) }
    }

    var isEmpty: Bool { places.isEmpty }

    /// Keeps `entry` (callers hold their own lock).
    func add(_ entry: CacheFile.Entry) {
        let number = numbers[entry.configuration] ?? {
            configurations.append(entry.configuration)
            numbers[entry.configuration] = configurations.count - 1
            return configurations.count - 1
        }()
        let body = CacheFile.encode(entry, configuration: number)
        var record = CacheFile.Writer()
        record.integer(body.count)
        record.bytes += body
        if let file {
            let written = record.bytes.withUnsafeBytes { pwrite(fileno(file), $0.baseAddress!, $0.count, off_t(size)) }
            guard written == record.bytes.count else { return }
        } else {
            memory += record.bytes
        }
        places.append(CacheFile.Place(hash: CacheFile.hash(entry.path), offset: size))
        size += record.bytes.count
    }

    /// Where each path's last stored entry is, in order of hash (sorted in place: a store
    /// comes after the earlier ones, so the offset orders two stores of one path).
    func sorted() -> [CacheFile.Place] {
        places.sort { ($0.hash, $0.offset) < ($1.hash, $1.offset) }
        var kept = 0
        for place in places {
            if kept > 0, places[kept - 1].hash == place.hash, entry(at: place)?.path == entry(at: places[kept - 1])?.path {
                places[kept - 1] = place
            } else {
                places[kept] = place
                kept += 1
            }
        }
        places.removeLast(places.count - kept)
        return places
    }

    /// The entry stored at `place`.
    func entry(at place: CacheFile.Place) -> CacheFile.Entry? {
        guard let head = read(place.offset..<(place.offset + 8)) else { return nil }
        var reader = CacheFile.Reader(bytes: head)
        guard let length = reader.integer(), length >= 0, let body = read((place.offset + 8)..<(place.offset + 8 + length)) else { return nil }
        return CacheFile.decode(body, configurations: configurations)
    }

    private func read(_ range: Range<Int>) -> ArraySlice<UInt8>? {
        guard range.upperBound <= size else { return nil }
        guard let file else { return memory.read(range) }
        var bytes = [UInt8](repeating: 0, count: range.count)
        let got = bytes.withUnsafeMutableBytes { pread(fileno(file), $0.baseAddress!, $0.count, off_t(range.lowerBound)) }
        return got == range.count ? bytes[...] : nil
    }
}
