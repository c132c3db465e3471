import Foundation
import PostlintEngine
import PostlintModel
import PostlintReporters
import PostlintRules

/// `--cache`: a file's findings keyed by a hash of its bytes, of its configuration and of
/// postlint itself (version and rule catalogue), so an unchanged tree is not parsed again.
///
/// The cache file is input like any other: an entry that does not hold together is discarded
/// and its file checked again.
public final class ResultCache: @unchecked Sendable {
    private let location: String
    private let key: String
    private let lock = NSLock()
    /// The cache as the last run left it, read in place; nil when there was none with this key.
    private let previous: CacheFile?
    /// What this run stored, to be written with what it did not replace of `previous`.
    private let spill = CacheSpill()
    public private(set) var hits = 0
    /// Hits known by the file's stat alone, without reading it.
    public private(set) var unread = 0
    public private(set) var misses = 0
    /// Entries that did not hold together and were checked again.
    public private(set) var discarded = 0
    /// Whether an entry was added or changed since the file was read: only then is it written.
    private var dirty = false
    /// When the run started, in nanoseconds since 1970 (see `FileStat.settled(before:)`).
    private let start: Int

    /// `now` enters the key by day, because whether a date lies in the future depends on it;
    /// `folding`, the findings kept of each rule and message (nil for all), because a report
    /// kept with one limit is not the report of another.
    public init(location: String, now: Int, toolVersion: String, folding: Int? = nil) {
        self.location = location
        var clock = timespec()
        clock_gettime(CLOCK_REALTIME, &clock)
        start = Int(clock.tv_sec) * 1_000_000_000 + Int(clock.tv_nsec)
        let catalogue = RuleCatalogue.builtInFiles.map { $0.path + "\n" + $0.text }.joined(separator: "\n")
        key = "\(toolVersion)-\(Self.hash(Array(catalogue.utf8)))-\(now / 86_400)-\(folding.map(String.init) ?? "all")"
        let found = CacheFileBytes(path: location).flatMap { CacheFile($0) }
        previous = found?.key == key ? found : nil
    }

    /// The reports of every entry of a cache file's `data` that holds together, whatever its
    /// key, each for a file of the size its content hash records: what `lookup` could return.
    public static func reports(decoding data: Data) -> [FileReport] {
        guard let stored = CacheFile(Array(data)) else { return [] }
        return stored.entries().sorted { $0.path < $1.path }.compactMap { entry in
            CacheFile.report(entry.report, path: entry.path, size: entry.content.split(separator: "-").last.flatMap { Int($0) } ?? 0)
        }
    }

    /// The report stored for a file whose stat and configuration are unchanged, without
    /// reading it; nil (and no count) when the stat does not settle it.
    public func lookup(_ place: SitePath, configuration: Configuration) -> FileReport? {
        guard let stat = FileStat(path: place.path) else { return nil }
        guard let entry = previous?.entry(place.absolute), let known = entry.stat, known == stat,
              entry.configuration == configuration.fingerprint else { return nil }
        let found = report(entry, place, size: stat.size)
        if found != nil { lock.withLock { unread += 1 } }
        return found
    }

    /// The report stored for the file, when its content and configuration are unchanged.
    public func lookup(_ place: SitePath, content: [UInt8], configuration: Configuration) -> FileReport? {
        guard var entry = previous?.entry(place.absolute), entry.content == Self.hash(content),
              entry.configuration == configuration.fingerprint else {
            lock.withLock { misses += 1 }
            return nil
        }
        // The content is as it was (a checkout or `touch` changed the stat): keep the new stat.
        if let stat = FileStat(path: place.path), stat.size == content.count, stat.settled(before: start), entry.stat != stat {
            entry.stat = stat
            lock.withLock {
                spill.add(entry)
                dirty = true
            }
        }
        return report(entry, place, size: content.count)
    }

    private func report(_ entry: CacheFile.Entry, _ place: SitePath, size: Int) -> FileReport? {
        guard let report = CacheFile.report(entry.report, path: place.path, size: size) else {
            lock.withLock { misses += 1; discarded += 1 }
            return nil
        }
        lock.withLock { hits += 1 }
        return report
    }

    /// Keeps the report of a file that was checked.
    public func store(_ place: SitePath, content: [UInt8], configuration: Configuration, report: FileReport) {
        guard report.error == nil else { return }
        // The stat is kept only when it describes the bytes that were read.
        let stat = FileStat(path: place.path).flatMap { $0.size == content.count && $0.settled(before: start) ? $0 : nil }
        let entry = CacheFile.Entry(path: place.absolute, content: Self.hash(content), configuration: configuration.fingerprint, stat: stat,
                                    report: CacheFile.encode(report)[...])
        lock.withLock {
            spill.add(entry)
            dirty = true
        }
    }

    /// Writes the cache file, when anything in it changed.
    public func save() throws {
        guard lock.withLock({ dirty }) else { return }
        let folder = (location as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        // Written beside the old file and renamed over it: a run stopped half way leaves the
        // old cache, never half of a new one.
        let file = try TemporaryFile(beside: location, prefix: ".postlint-cache-")
        var failure: String?
        lock.withLock {
            write(CacheFileWriter.Sink(
                append: { part in if failure == nil { failure = part.withUnsafeBytes { file.write($0) } } },
                overwrite: { part, offset in if failure == nil { failure = part.withUnsafeBytes { file.write($0, at: offset) } } }))
        }
        if let failure {
            file.discard()
            throw AtomicWriter.Failure(message: failure)
        }
        try file.commit(sync: false)
    }

    /// The new cache: what this run stored, and the entries of the last run's cache it did
    /// not replace, merged in order of path hash. The merge runs twice, once to count and once
    /// to write, so that nothing of each file is held but the two indexes.
    private func write(_ sink: CacheFileWriter.Sink) {
        var count = 0
        merge { _, _ in count += 1 }
        var writer = CacheFileWriter(key: key, count: count, sink: sink)
        merge { hash, entry in writer.add(entry(), hash: hash) }
        writer.finish()
    }

    /// Each entry of the new cache in order, with how to read it: the stored ones, and the old
    /// ones not replaced by one stored now (a path's hash stands for the path; should two
    /// paths share one, the old entry is dropped and its file checked again) nor left empty by
    /// a write that could not read them.
    private func merge(_ visit: (UInt64, () -> CacheFile.Entry?) -> Void) {
        var old = previous?.records()
        var current = old?.next()
        func visitOld(below hash: UInt64?) {
            while let record = current, hash.map({ record.place.hash < $0 }) ?? true {
                if !record.range.isEmpty { visit(record.place.hash) { self.previous!.entry(in: record.range) } }
                current = old!.next()
            }
        }
        var stored = spill.ordered()
        while let place = stored.next() {
            visitOld(below: place.hash)
            while let record = current, record.place.hash == place.hash { current = old!.next() }
            visit(place.hash) { self.spill.entry(at: place) }
        }
        visitOld(below: nil)
    }

    public static func hash(_ bytes: [UInt8]) -> String {
        var hash = StableHash()
        hash.add(bytes)
        return hash.hex + "-" + String(bytes.count)
    }

    /// Everything about a configuration that can change findings (`Configuration.fingerprint`).
    public static func fingerprint(_ configuration: Configuration) -> String {
        configuration.fingerprint
    }
}
