import Foundation
import PostlintEngine
import PostlintModel
import PostlintReporters
@testable import PostlintRunner
import Testing

/// The cache file read in place: written a part at a time, found by path through its index,
/// and never trusted.
struct CacheFileTests {
    static func entry(_ path: String, configuration: String = "c1", findings: Int = 1) -> CacheFile.Entry {
        let report = FileReport(path: path, diagnostics: (0..<findings).map { index in
            Diagnostic(path: path, code: "PL603", ruleID: "trailing-whitespace", severity: .warning, message: "trailing \(index)",
                       range: index..<(index + 1), start: SourceLocation(line: 1, column: index + 1), end: SourceLocation(line: 1, column: index + 2), fix: nil)
        }, lines: [1: "text  "], lineStarts: [1: 0])
        return CacheFile.Entry(path: path, content: "hash-\(path.utf8.count)", configuration: configuration,
                               stat: FileStat(size: 10, modified: 1, changed: 2, inode: 3, device: 4), report: CacheFile.encode(report)[...])
    }

    static let entries = (0..<300).map { entry("/site/_posts/2022-03-01-\($0).md", configuration: $0 % 3 == 0 ? "c1" : "c2", findings: $0 % 4) }

    @Test func everyEntryIsFoundByItsPathWhateverTheOrderItWasWrittenIn() throws {
        let bytes = CacheFile.encoded(key: "k", entries: Self.entries)
        #expect(bytes == CacheFile.encoded(key: "k", entries: Self.entries.reversed()), "the same entries, the same bytes")
        guard let file = CacheFile(bytes) else {
            Issue.record("a cache file just written does not parse")
            return
        }
        #expect(file.key == "k" && file.count == Self.entries.count && Set(file.configurations) == ["c1", "c2"])
        for entry in Self.entries {
            let found = try #require(file.entry(entry.path))
            #expect(found.content == entry.content && found.configuration == entry.configuration && found.stat == entry.stat && found.report == entry.report)
        }
        #expect(file.entry("/site/_posts/other.md") == nil)
        // Held in blocks (as a cache of more than 32,768 files is), every entry is found too.
        for held in [1, 7, 16, 299] {
            let blocked = CacheFile(bytes, held: held)
            #expect(blocked != nil && Self.entries.allSatisfy { blocked?.entry($0.path)?.content == $0.content }, "\(held) records held")
            #expect(blocked?.entry("/site/_posts/other.md") == nil)
        }
        // A part of the index bigger than the writer's buffer lands where it belongs.
        let many = (0..<5000).map { Self.entry("/p/\($0).md", findings: 0) }
        let big = CacheFile(CacheFile.encoded(key: "k", entries: many))
        #expect(big != nil && many.allSatisfy { big?.entry($0.path)?.path == $0.path })
    }

    /// An entry the writer could not read again is written empty: it reads as no entry, and the
    /// rest of the file as before.
    @Test func anEmptyEntryIsNoEntry() throws {
        var bytes: [UInt8] = []
        let kept = Self.entry("/a.md"), dropped = Self.entry("/b.md")
        let ordered = [(CacheFile.hash(kept.path), kept), (CacheFile.hash(dropped.path), nil)].sorted { $0.0 < $1.0 }
        var writer = CacheFileWriter(key: "k", count: 2, sink: .init(
            append: { bytes += $0 },
            overwrite: { part, offset in bytes.replaceSubrange(offset..<(offset + part.count), with: part) }))
        for (hash, entry) in ordered { writer.add(entry, hash: hash) }
        writer.finish()
        let file = CacheFile(bytes)
        #expect(file?.entry("/a.md")?.report == kept.report)
        #expect(file != nil && file?.entry("/b.md") == nil && file?.entries().map(\.path) == ["/a.md"])
    }

    /// The entries a run stores come back in order of hash, each path once as last stored,
    /// across the sorted runs the spill writes every 4,096 stores.
    @Test func storedEntriesComeBackOrderedAndTheLastStoreWins() {
        let spill = CacheSpill()
        var last: [String: String] = [:]
        for index in 0..<10_000 {
            // Every tenth path is stored a second time, later, with another content hash.
            let path = "/p/\(index % 10 == 9 ? index - 9 : index).md"
            var entry = Self.entry(path, findings: 0)
            entry.content = "v\(index)"
            spill.add(entry)
            last[path] = entry.content
        }
        var ordered = spill.ordered()
        var seen: [String: String] = [:]
        var previous: UInt64 = 0
        while let place = ordered.next() {
            guard let entry = spill.entry(at: place) else {
                Issue.record("a stored entry does not read back")
                return
            }
            #expect(place.hash >= previous && place.hash == CacheFile.hash(entry.path))
            #expect(seen[entry.path] == nil, "\(entry.path) comes back twice")
            previous = place.hash
            seen[entry.path] = entry.content
        }
        let wrong = last.filter { seen[$0.key] != $0.value }.keys.sorted()
        #expect(wrong.isEmpty, "\(wrong.count) paths not as last stored, e.g. \(wrong.prefix(3))")
    }

    /// Cut short anywhere, or with bytes changed at random, a cache file is no cache or a cache
    /// whose entries are each whole or absent; nothing crashes and nothing reads past the end.
    @Test func aDamagedFileIsNeverTrusted() throws {
        let bytes = CacheFile.encoded(key: "k", entries: Array(Self.entries.prefix(12)))
        for length in 0..<bytes.count {
            if let file = CacheFile(Array(bytes.prefix(length))) {
                Issue.record("a file cut at \(length) of \(bytes.count) bytes still parses (\(file.count) entries)")
            }
        }
        var generator = SeededRandom()
        for _ in 0..<2000 {
            var damaged = bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0 ... .max, using: &generator)
            }
            guard let file = CacheFile(damaged) else { continue }
            for entry in file.entries() { _ = CacheFile.report(entry.report, path: entry.path, size: 10) }
            for entry in Self.entries.prefix(12) { _ = file.entry(entry.path) }
        }
    }
}
