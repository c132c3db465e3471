/// Writes a cache file (`CacheFile`'s layout) a part at a time: entries go out as they are
/// added, in index order, and each part of the index is written into the room kept for it
/// ahead of them, so that writing a cache of any size holds about 128 KB.
struct CacheFileWriter {
    /// Where the bytes go: appended at the end, or written over bytes already appended.
    struct Sink {
        let append: ([UInt8]) -> Void
        let overwrite: ([UInt8], Int) -> Void
    }

    private let sink: Sink
    private let count: Int
    private var added = 0
    /// Bytes appended so far, and those waiting to be.
    private var written = 0
    private var pending = CacheFile.Writer()
    /// Index records waiting to be written, and where the first of them goes.
    private var index = CacheFile.Writer()
    private var indexAt: Int
    private var numbering = CacheFile.Numbering()
    private static let part = 1 << 16

    /// A cache file with `key` that is to hold exactly `count` entries.
    init(key: String, count: Int, sink: Sink) {
        self.sink = sink
        self.count = count
        pending.bytes += CacheFile.magic
        pending.string(key)
        pending.integer(count)
        indexAt = pending.bytes.count
        // Room for the index, zeros until each part of it is known.
        var room = 16 * count
        while room > 0 {
            let chunk = min(room, Self.part)
            pending.bytes += repeatElement(0, count: chunk)
            flush(over: Self.part)
            room -= chunk
        }
    }

    /// Adds an entry; entries come in order of their path's hash (`CacheFile.hash`). An entry
    /// that could not be read is added as nil: an empty entry, which reads as none.
    mutating func add(_ entry: CacheFile.Entry?, hash: UInt64) {
        precondition(added < count, "more cache entries than announced")
        added += 1
        index.integer(Int(Int64(bitPattern: hash)))
        index.integer(written + pending.bytes.count)
        if index.bytes.count >= Self.part { flushIndex() }
        guard let entry else { return }
        let number = numbering.number(entry.configuration)
        pending.bytes += CacheFile.encode(entry, configuration: number)
        flush(over: Self.part)
    }

    /// Writes the configurations and the end of the file.
    mutating func finish() {
        precondition(added == count, "fewer cache entries than announced")
        let table = written + pending.bytes.count
        pending.integer(numbering.configurations.count)
        for configuration in numbering.configurations { pending.string(configuration) }
        pending.integer(table)
        flush(over: 0)
        flushIndex()
    }

    private mutating func flush(over limit: Int) {
        guard pending.bytes.count >= limit, !pending.bytes.isEmpty else { return }
        sink.append(pending.bytes)
        written += pending.bytes.count
        pending.bytes.removeAll(keepingCapacity: true)
    }

    private mutating func flushIndex() {
        guard !index.bytes.isEmpty else { return }
        // The room for this part of the index may not be appended yet (a few entries in, all
        // of it still pending): out with it first.
        if indexAt + index.bytes.count > written { flush(over: 0) }
        sink.overwrite(index.bytes, indexAt)
        indexAt += index.bytes.count
        index.bytes.removeAll(keepingCapacity: true)
    }
}

extension CacheFile {
    /// The bytes of a cache with `key` holding `entries` (in any order).
    static func encoded(key: String, entries: [Entry]) -> [UInt8] {
        var bytes: [UInt8] = []
        var writer = CacheFileWriter(key: key, count: entries.count, sink: .init(
            append: { bytes += $0 },
            overwrite: { part, offset in bytes.replaceSubrange(offset..<(offset + part.count), with: part) }))
        for entry in entries.map({ (hash($0.path), $0) }).sorted(by: { $0.0 < $1.0 }) { writer.add(entry.1, hash: entry.0) }
        writer.finish()
        return bytes
    }
}
