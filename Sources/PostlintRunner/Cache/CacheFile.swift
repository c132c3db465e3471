import Foundation
import PostlintEngine
import PostlintModel
import PostlintReporters
import PostlintRules

/// The bytes of `.postlint-cache`: a small index read whole (every file's path, content hash,
/// configuration and stat) and each file's report as an opaque record, decoded only when that
/// file is a hit and copied unread when the cache is written again. A warm run over 16,000
/// posts reads the index and decodes the reports it prints, where decoding the whole JSON file
/// this replaced took most of the run (docs/PERFORMANCE.md).
///
/// Layout, little-endian: `PLC2`, the key, the configurations (each once), then per file: path,
/// content hash, configuration index, stat (a flag, then five integers), report length and the
/// report. Strings are a length then UTF-8; integers 8 bytes. A report: its findings (code,
/// rule, severity, message, start and end as line, column, offset, fix kind, edits, folded) and
/// the lines they start on (number, start, text). Nothing read is trusted: a file that does
/// not parse is an empty cache, and a report that does not hold together is discarded.
struct CacheFile {
    static let magic: [UInt8] = Array("PLC2".utf8)

    struct Entry {
        var content: String
        var configuration: String
        var stat: FileStat?
        /// The encoded report (`encode(_:)`), read by `report(path:size:)`.
        var report: ArraySlice<UInt8>
    }

    var key: String
    var entries: [String: Entry]

    init(key: String, entries: [String: Entry] = [:]) {
        self.key = key
        self.entries = entries
    }

    /// The cache in `bytes`, or nil when they are not one.
    init?(decoding bytes: [UInt8]) {
        var reader = Reader(bytes: bytes[...])
        guard reader.take(Self.magic.count).map(Array.init) == Self.magic, let key = reader.string(),
              let configurationCount = reader.count() else { return nil }
        var configurations: [String] = []
        for _ in 0..<configurationCount {
            guard let configuration = reader.string() else { return nil }
            configurations.append(configuration)
        }
        guard let count = reader.count() else { return nil }
        var entries: [String: Entry] = [:]
        entries.reserveCapacity(count)
        for _ in 0..<count {
            guard let path = reader.string(), let content = reader.string(), let index = reader.integer(),
                  configurations.indices.contains(index), let hasStat = reader.byte() else { return nil }
            var stat: FileStat?
            if hasStat == 1 {
                guard let size = reader.integer(), let modified = reader.integer(), let changed = reader.integer(),
                      let inode = reader.integer(), let device = reader.integer() else { return nil }
                stat = FileStat(size: size, modified: modified, changed: changed, inode: UInt64(bitPattern: Int64(inode)), device: UInt64(bitPattern: Int64(device)))
            }
            guard let length = reader.count(), let report = reader.take(length) else { return nil }
            entries[path] = Entry(content: content, configuration: configurations[index], stat: stat, report: report)
        }
        self.init(key: key, entries: entries)
    }

    /// The bytes of the cache, entries in path order (the same cache, the same bytes).
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        write { bytes += $0 }
        return bytes
    }

    /// The bytes of the cache handed to `emit` a part at a time (about 64 KB), so that writing a
    /// cache does not make a second copy of it in memory.
    func write(_ emit: (ArraySlice<UInt8>) -> Void) {
        var writer = Writer()
        writer.bytes += Self.magic
        writer.string(key)
        var indices: [String: Int] = [:]
        var configurations: [String] = []
        let paths = entries.keys.sorted()
        for path in paths where indices[entries[path]!.configuration] == nil {
            indices[entries[path]!.configuration] = configurations.count
            configurations.append(entries[path]!.configuration)
        }
        writer.integer(configurations.count)
        for configuration in configurations { writer.string(configuration) }
        writer.integer(paths.count)
        for path in paths {
            let entry = entries[path]!
            writer.string(path)
            writer.string(entry.content)
            writer.integer(indices[entry.configuration]!)
            if let stat = entry.stat {
                writer.bytes.append(1)
                for value in [stat.size, stat.modified, stat.changed, Int(Int64(bitPattern: stat.inode)), Int(Int64(bitPattern: stat.device))] {
                    writer.integer(value)
                }
            } else {
                writer.bytes.append(0)
            }
            writer.integer(entry.report.count)
            if writer.bytes.count + entry.report.count > 1 << 16 {
                emit(writer.bytes[...])
                writer.bytes.removeAll(keepingCapacity: true)
                emit(entry.report)
            } else {
                writer.bytes += entry.report
            }
        }
        emit(writer.bytes[...])
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

    private struct Writer {
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
    private struct Reader {
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
