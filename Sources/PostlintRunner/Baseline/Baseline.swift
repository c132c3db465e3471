import Foundation
import PostlintEngine
import PostlintModel
import PostlintReporters

/// Findings accepted as they are (`--baseline FILE`), so that a blog can adopt postlint and
/// fail only on new findings. A finding is known by its file (relative to the baseline's
/// folder), its rule and a hash of the text of its line: lines added or removed elsewhere in the
/// post, which move it, leave it baselined; editing its own line or adding another like it does
/// not. `--write-baseline FILE` records every finding of a run.
public struct Baseline: Sendable {
    public static let version = 1

    /// Per file, how many findings of each key are accepted.
    private var entries: [String: [String: Int]]
    /// The folder paths are relative to.
    private let folder: String

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private struct Stored: Codable {
        struct Entry: Codable {
            let path: String
            let rule: String
            let line: String
            let count: Int
        }
        let version: Int
        let findings: [Entry]
    }

    /// An empty baseline whose paths are relative to the folder of the file at `path`.
    public init(file path: String) {
        entries = [:]
        folder = (ConfigurationLoader.absolute(path) as NSString).deletingLastPathComponent
    }

    /// Reads a baseline file.
    public static func load(_ path: String) throws(Failure) -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "\(path): cannot read the baseline") }
        let stored: Stored
        do { stored = try JSONDecoder().decode(Stored.self, from: data) } catch {
            throw Failure(description: "\(path): not a postlint baseline (write one with --write-baseline): \(error)")
        }
        guard stored.version == version else { throw Failure(description: "\(path): baseline version \(stored.version); this postlint reads version \(version)") }
        var baseline = Baseline(file: path)
        for entry in stored.findings where entry.count > 0 {
            baseline.entries[entry.path, default: [:]][entry.rule + "\u{0}" + entry.line, default: 0] += entry.count
        }
        return baseline
    }

    /// The report without the findings the baseline accepts, and how many it accepted.
    public func filter(_ report: FileReport) -> FileReport {
        guard var available = entries[relative(report.path)], !report.diagnostics.isEmpty else { return report }
        var kept: [Diagnostic] = []
        var accepted = 0
        for diagnostic in report.diagnostics {
            let key = Self.key(diagnostic, report)
            let count = available[key, default: 0]
            if count >= diagnostic.count {
                available[key] = count - diagnostic.count
                accepted += diagnostic.count
            } else {
                kept.append(diagnostic)
            }
        }
        var filtered = FileReport(path: report.path, diagnostics: kept, error: report.error, lines: report.lines, lineStarts: report.lineStarts)
        filtered.baselined = accepted
        return filtered
    }

    /// Adds every finding of a report.
    public mutating func record(_ report: FileReport) {
        for diagnostic in report.diagnostics {
            entries[relative(report.path), default: [:]][Self.key(diagnostic, report), default: 0] += diagnostic.count
        }
    }

    /// Writes the baseline, sorted so that it diffs cleanly.
    public func write(to path: String) throws(Failure) {
        var findings: [Stored.Entry] = []
        for (file, keys) in entries.sorted(by: { $0.key < $1.key }) {
            for (key, count) in keys.sorted(by: { $0.key < $1.key }) where count > 0 {
                let parts = key.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false)
                findings.append(Stored.Entry(path: file, rule: String(parts[0]), line: String(parts[1]), count: count))
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try encoder.encode(Stored(version: Self.version, findings: findings)).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw Failure(description: "\(path): cannot write the baseline: \(error.localizedDescription)")
        }
    }

    private func relative(_ path: String) -> String {
        let absolute = ConfigurationLoader.absolute(path)
        let prefix = folder == "/" ? "/" : folder + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
    }

    /// The rule and a hash of the finding's line, without the white space around it.
    private static func key(_ diagnostic: Diagnostic, _ report: FileReport) -> String {
        let line = report.lines[diagnostic.start.line] ?? ""
        var hash = StableHash()
        hash.add(line.trimmingCharacters(in: .whitespaces).utf8)
        return diagnostic.ruleID + "\u{0}" + hash.hex
    }
}
