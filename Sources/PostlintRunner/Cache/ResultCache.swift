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
    private struct Stored: Codable {
        var key: String
        var entries: [String: Entry]
    }

    private struct Entry: Codable {
        let content: String
        let configuration: String
        let diagnostics: [StoredDiagnostic]
        let lines: [String: String]
        /// Where those lines start, in bytes (absent in caches written before it was kept).
        let starts: [String: Int]?
        /// The file's stat when it was checked, when it had settled by then: a file with the
        /// same stat is not read again.
        var stat: FileStat?

        /// The entry as the report of the file at `path` of `size` bytes, or nil when any of
        /// its findings is not one postlint could have written for such a file.
        func report(path: String, size: Int) -> FileReport? {
            var found: [Diagnostic] = []
            for stored in diagnostics {
                guard let diagnostic = ResultCache.diagnostic(stored, path: path, size: size) else { return nil }
                found.append(diagnostic)
            }
            var numbered: [Int: String] = [:]
            for (line, text) in lines { if let number = Int(line), number >= 1 { numbered[number] = text } }
            var starts: [Int: Int] = [:]
            for (line, start) in self.starts ?? [:] {
                // A start that cannot be one in a file of this size is not used.
                if let number = Int(line), numbered[number] != nil, start >= 0, start <= size { starts[number] = start }
            }
            return FileReport(path: path, diagnostics: found, lines: numbered, lineStarts: starts)
        }
    }

    private struct StoredDiagnostic: Codable {
        let path, code, rule, severity, message: String
        let start, end: [Int]
        let fixKind: String?
        let edits: [[String]]?
        /// Findings folded into this one; absent for none.
        let folded: Int?
    }

    private let location: String
    private let key: String
    private let lock = NSLock()
    private var stored: Stored
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
        if let data = FileManager.default.contents(atPath: location),
           let decoded = try? JSONDecoder().decode(Stored.self, from: data), decoded.key == key {
            stored = decoded
        } else {
            stored = Stored(key: key, entries: [:])
        }
    }

    /// The reports of every entry of a cache file's `data` that holds together, whatever its
    /// key, each for a file of the size its content hash records: what `lookup` could return.
    public static func reports(decoding data: Data) -> [FileReport] {
        guard let stored = try? JSONDecoder().decode(Stored.self, from: data) else { return [] }
        return stored.entries.sorted { $0.key < $1.key }.compactMap { path, entry in
            entry.report(path: path, size: entry.content.split(separator: "-").last.flatMap { Int($0) } ?? 0)
        }
    }

    /// The report stored for a file whose stat and configuration are unchanged, without
    /// reading it; nil (and no count) when the stat does not settle it.
    public func lookup(_ place: SitePath, configuration: Configuration) -> FileReport? {
        guard let stat = FileStat(path: place.path) else { return nil }
        guard let entry = lock.withLock({ stored.entries[place.absolute] }), let known = entry.stat, known == stat,
              entry.configuration == configuration.fingerprint else { return nil }
        let found = report(entry, place, size: stat.size)
        if found != nil { lock.withLock { unread += 1 } }
        return found
    }

    /// The report stored for the file, when its content and configuration are unchanged.
    public func lookup(_ place: SitePath, content: [UInt8], configuration: Configuration) -> FileReport? {
        guard var entry = lock.withLock({ stored.entries[place.absolute] }), entry.content == Self.hash(content),
              entry.configuration == configuration.fingerprint else {
            lock.withLock { misses += 1 }
            return nil
        }
        // The content is as it was (a checkout or `touch` changed the stat): keep the new stat.
        if let stat = FileStat(path: place.path), stat.size == content.count, stat.settled(before: start), entry.stat != stat {
            entry.stat = stat
            lock.withLock {
                stored.entries[place.absolute] = entry
                dirty = true
            }
        }
        return report(entry, place, size: content.count)
    }

    private func report(_ entry: Entry, _ place: SitePath, size: Int) -> FileReport? {
        guard let report = entry.report(path: place.path, size: size) else {
            lock.withLock { misses += 1; discarded += 1 }
            return nil
        }
        lock.withLock { hits += 1 }
        return report
    }

    /// A stored finding, or nil when it is not one postlint could have written for a file of
    /// `size` bytes: an unknown severity or fix kind, a range that ends before it starts or
    /// lies outside the file, a position before line 1 or column 1.
    private static func diagnostic(_ stored: StoredDiagnostic, path: String, size: Int) -> Diagnostic? {
        guard let severity = Severity(rawValue: stored.severity), stored.start.count == 3, stored.end.count == 3,
              stored.start[0] >= 1, stored.start[1] >= 1, stored.end[0] >= stored.start[0], stored.end[1] >= 1,
              stored.start[2] >= 0, stored.start[2] <= stored.end[2], stored.end[2] <= size,
              (stored.folded ?? 0) >= 0, (stored.folded ?? 0) <= size else { return nil }
        var fix: PostlintRules.Fix?
        if let kindName = stored.fixKind {
            guard let kind = FixKind(rawValue: kindName) else { return nil }
            var edits: [TextEdit] = []
            for edit in stored.edits ?? [] {
                guard edit.count == 3, let start = Int(edit[0]), let end = Int(edit[1]), start >= 0, start <= end, end <= size else { return nil }
                edits.append(TextEdit(range: start..<end, replacement: edit[2]))
            }
            fix = PostlintRules.Fix(kind: kind, edits: edits)
        }
        return Diagnostic(
            path: path, code: stored.code, ruleID: stored.rule, severity: severity, message: stored.message,
            range: stored.start[2]..<stored.end[2],
            start: SourceLocation(line: stored.start[0], column: stored.start[1]),
            end: SourceLocation(line: stored.end[0], column: stored.end[1]), fix: fix, folded: stored.folded ?? 0)
    }

    /// Keeps the report of a file that was checked.
    public func store(_ place: SitePath, content: [UInt8], configuration: Configuration, report: FileReport) {
        guard report.error == nil else { return }
        // The stat is kept only when it describes the bytes that were read.
        let stat = FileStat(path: place.path).flatMap { $0.size == content.count && $0.settled(before: start) ? $0 : nil }
        let entry = Entry(
            content: Self.hash(content), configuration: configuration.fingerprint,
            diagnostics: report.diagnostics.map { d in
                StoredDiagnostic(
                    path: d.path, code: d.code, rule: d.ruleID, severity: d.severity.rawValue, message: d.message,
                    start: [d.start.line, d.start.column, d.range.lowerBound], end: [d.end.line, d.end.column, d.range.upperBound],
                    fixKind: d.fix?.kind.rawValue,
                    edits: d.fix?.edits.map { [String($0.range.lowerBound), String($0.range.upperBound), $0.replacement] },
                    folded: d.folded == 0 ? nil : d.folded)
            },
            lines: Dictionary(uniqueKeysWithValues: report.lines.map { (String($0.key), $0.value) }),
            starts: Dictionary(uniqueKeysWithValues: report.lineStarts.map { (String($0.key), $0.value) }),
            stat: stat)
        lock.withLock {
            stored.entries[place.absolute] = entry
            dirty = true
        }
    }

    /// Writes the cache file, when anything in it changed.
    public func save() throws {
        guard lock.withLock({ dirty }) else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try lock.withLock { try encoder.encode(stored) }
        let folder = (location as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try data.write(to: URL(fileURLWithPath: location), options: .atomic)
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
