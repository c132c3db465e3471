import ArgumentParser
import Foundation
import PostlintEngine
import PostlintModel
import PostlintReporters
import PostlintRules

/// The options `check` and `fix` share: what to read, how to configure, how to report.
struct CommonOptions: ParsableArguments {
    enum Format: String, CaseIterable {
        case text, json, sarif, junit, github, checkstyle
    }

    /// One `--format NAME[=FILE]`: where a report goes.
    struct Output {
        let format: Format
        let file: String?
    }

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Argument(help: "Files or folders (.md, .markdown, .html); - reads standard input.")
    var paths: [String] = []

    @Flag(help: "Read one post from standard input.")
    var stdin = false

    @Option(help: "The path to report for standard input; also picks its configuration.")
    var stdinFilename: String?

    @Option(name: .customLong("format"), help: "Report format: text, json, sarif, junit, github or checkstyle; NAME=FILE writes it to FILE. Repeat for several.")
    var formats: [String] = []

    @Option(help: "Exit 1 when there are more than N warnings, even if nothing reaches --fail-level.")
    var maxWarnings: Int?

    @Flag(help: "Report errors only (warnings and infos still count for --max-warnings).")
    var quiet = false

    @Flag(name: .customLong("no-code-frame"), help: "Do not show the source line under each finding in text output.")
    var noCodeFrame = false

    @Option(help: "Check this many files at once (default: one per core). Output is the same for any value.")
    var jobs: Int?

    @Option(help: "Check only shard I of N (e.g. 2/4): a stable split of the files by path, for CI matrices.")
    var shard: String?

    @Flag(help: "Reuse results for files whose content, configuration and postlint version are unchanged.")
    var cache = false

    @Option(help: "Where --cache keeps its results (default: .postlint-cache in the current folder).")
    var cacheLocation: String?

    @Option(help: "Only files changed since this git revision (and files not yet tracked).")
    var changedSince: String?

    @Flag(help: "Only files staged for commit, checked as they are staged.")
    var staged = false

    @Flag(help: "Print how many files were parsed and how many came from the cache (standard error).")
    var verbose = false

    @Option(help: "Lowest severity that makes the exit status 1: error, warning or info.")
    var failLevel: String = "error"

    @Option(help: "Use this configuration file for every post instead of searching for .postlint.yml.")
    var config: String?

    @Option(help: "The moment to judge future dates against, as YYYY-MM-DD[ HH:MM:SS +HHMM] (default: now).")
    var now: String?

    @Option(help: "Colour in text output: auto (only on a terminal, never with NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    func validate() throws {
        guard Severity(rawValue: failLevel) != nil else {
            throw ValidationError("--fail-level must be error, warning or info, not `\(failLevel)`")
        }
        if let now, Self.moment(now) == nil {
            throw ValidationError("--now must be a date such as 2026-01-01 or 2026-01-01 12:00:00 +0800, not `\(now)`")
        }
        if paths.isEmpty, !stdin {
            throw ValidationError("name at least one file or folder, or use --stdin")
        }
        _ = try outputs()
        if let shard, Self.shard(shard) == nil {
            throw ValidationError("--shard must be I/N with 1 ≤ I ≤ N, e.g. 2/4, not `\(shard)`")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func outputs() throws -> [Output] {
        if formats.isEmpty { return [Output(format: .text, file: nil)] }
        return try formats.map { spec in
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard let format = Format(rawValue: parts[0]) else {
                throw ValidationError("unknown format `\(parts[0])`; expected text, json, sarif, junit, github or checkstyle")
            }
            return Output(format: format, file: parts.count == 2 ? parts[1] : nil)
        }
    }

    /// `I/N` as (I, N).
    static func shard(_ text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else { return nil }
        return (parts[0], parts[1])
    }

    var failSeverity: Severity { Severity(rawValue: failLevel)! }
    var readsStandardInput: Bool { stdin || paths.contains("-") }
    var filePaths: [String] { paths.filter { $0 != "-" } }
    var stdinName: String { stdinFilename ?? "<stdin>" }

    var linter: Linter {
        Linter(environment: LintEnvironment(now: now.flatMap(Self.moment) ?? Int(Date().timeIntervalSince1970)))
    }

    var useColor: Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto: return isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        }
    }

    /// Writes every requested report; returns false when a report file could not be written.
    func emit(_ reports: [FileReport]) -> Bool {
        let shown = quiet ? reports.map { FileReport(path: $0.path, diagnostics: $0.diagnostics.filter { $0.severity == .error }, error: $0.error, lines: $0.lines) } : reports
        var ok = true
        for output in (try? outputs()) ?? [] {
            let toTerminal = output.file == nil
            let text = render(shown, format: output.format, color: toTerminal && useColor)
            if let file = output.file {
                do { try Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic) } catch {
                    Self.warn("cannot write the \(output.format.rawValue) report to \(file): \(error.localizedDescription)")
                    ok = false
                }
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
        return ok
    }

    func render(_ reports: [FileReport], format: Format, color: Bool) -> String {
        switch format {
        case .text: return TextReporter(color: color, frames: !noCodeFrame).render(reports)
        case .json: return JSONReporter().render(reports, toolVersion: Postlint.version)
        case .sarif: return SARIFReporter().render(reports, catalogue: RuleCatalogue.builtIn, toolVersion: Postlint.version)
        case .junit: return JUnitReporter().render(reports, rules: RuleCatalogue.builtIn.rules.filter { Configuration().isEnabled($0) })
        case .github: return GitHubReporter().render(reports)
        case .checkstyle: return CheckstyleReporter().render(reports)
        }
    }

    /// The configuration for standard input, found from its file name.
    func standardInputConfiguration(_ loader: ConfigurationLoader) throws(ConfigurationError) -> Configuration {
        try loader.configuration(forFile: stdinFilename ?? "stdin.md")
    }

    /// Runs `work` over every target, `jobs` at a time (default: one per core); results come
    /// back in input order whatever the number of jobs.
    func each(_ targets: [FileCollector.Target], _ work: @escaping @Sendable (FileCollector.Target) -> FileReport) -> [FileReport] {
        let results = ReportCollector(count: targets.count, progress: ProgressLine(total: targets.count))
        let workers = min(max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount), max(1, targets.count))
        let next = WorkQueue(count: targets.count)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = next.take() { results.store(work(targets[index]), at: index) }
        }
        return results.finish()
    }

    /// The targets this run covers: the shard, and only changed or staged files when asked.
    func select(_ targets: [FileCollector.Target]) throws -> [FileCollector.Target] {
        var selected = targets
        if let shard, let (index, count) = Self.shard(shard) {
            selected = selected.filter { Int(Self.stableHash(ConfigurationLoader.absolute($0.path)) % UInt64(count)) == index - 1 }
        }
        if let revision = changedSince {
            let changed = try GitFiles.changed(since: revision)
            selected = selected.filter { changed.contains(ConfigurationLoader.absolute($0.path)) }
        }
        if staged {
            let files = try GitFiles.staged()
            selected = selected.filter { files.contains(ConfigurationLoader.absolute($0.path)) }
        }
        return selected
    }

    /// FNV-1a: the same on every machine and every run, unlike Swift's seeded hashing.
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        return hash
    }

    /// `--now`: a date, read as UTC when it names no offset.
    static func moment(_ text: String) -> Int? {
        guard let date = PostDate.parse(text), date.impossibility == nil else { return nil }
        return date.epochSeconds()
    }

    static func exitStatus(_ reports: [FileReport], failLevel: Severity, maxWarnings: Int? = nil) -> Int32 {
        if reports.contains(where: { $0.error != nil }) { return 2 }
        if reports.contains(where: { $0.diagnostics.contains { $0.severity >= failLevel } }) { return 1 }
        if let maxWarnings, reports.reduce(0, { $0 + $1.diagnostics.filter { $0.severity == .warning }.count }) > maxWarnings { return 1 }
        return 0
    }

    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("postlint: \(message)\n".utf8))
    }
}
