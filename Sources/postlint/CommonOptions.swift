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

    @Argument(help: "Files or folders (.md, .markdown, .html); - reads standard input. Default: the Jekyll site (or git work tree) that holds the current folder.")
    var paths: [String] = []

    @Flag(help: "Read one post from standard input.")
    var stdin = false

    @Option(help: "The path to report for standard input; also picks its configuration.")
    var stdinFilename: String?

    @Option(name: .customLong("format"), help: "Report format: text, json, sarif, junit, github or checkstyle; NAME=FILE writes it to FILE. Repeat for several.")
    var formats: [String] = []

    @Option(help: "Exit 1 when there are more than N warnings, even if nothing reaches --fail-level.")
    var maxWarnings: Int?

    @Option(parsing: .unconditional, help: "Keep at most N findings of a rule with the same message per file; the last one kept counts the rest, which still count for the exit status (0: keep all).")
    var maxIdentical = 100

    /// `--max-identical` as the engine takes it: nil keeps every finding.
    var folding: Int? { maxIdentical == 0 ? nil : maxIdentical }

    @Flag(help: "Report errors only (warnings and infos still count for --max-warnings).")
    var quiet = false

    @Flag(name: .customLong("no-code-frame"), help: "Do not show the source line under each finding in text output.")
    var noCodeFrame = false

    @Option(parsing: .unconditional, help: "Check this many files at once (default: one per core). Output is the same for any value.")
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

    @Flag(help: "Print how many files were parsed, how many came from the cache, and the peak memory (standard error).")
    var verbose = false

    @Option(help: "Lowest severity that makes the exit status 1: error, warning or info.")
    var failLevel: String = "error"

    @Option(help: "Use this configuration file for every post instead of searching for .postlint.yml.")
    var config: String?

    @Option(help: "The moment to judge future dates against, as YYYY-MM-DD[ HH:MM:SS +HHMM] (default: now).")
    var now: String?

    @Option(help: "Colour in text output: auto (only on a terminal, never with NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    mutating func validate() throws {
        guard Severity(rawValue: failLevel) != nil else {
            throw ValidationError("--fail-level must be error, warning or info, not `\(failLevel)`")
        }
        if let now, Self.moment(now) == nil {
            throw ValidationError("--now must be a date such as 2026-01-01 or 2026-01-01 12:00:00 +0800, not `\(now)`")
        }
        if paths.isEmpty, !stdin {
            guard let root = Self.siteRootOfWorkingFolder() else {
                throw ValidationError("name a file or folder, or run inside a Jekyll site (a folder with _config.yml) or a git work tree")
            }
            paths = [root]
        }
        _ = try outputs()
        if let shard, Self.shard(shard) == nil {
            throw ValidationError("--shard must be I/N with 1 ≤ I ≤ N, e.g. 2/4, not `\(shard)`")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if maxIdentical < 0 { throw ValidationError("--max-identical must be 0 (keep all) or more, not \(maxIdentical)") }
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

    /// The root of the site that holds the working folder, relative to it (`.`, `..`, …).
    static func siteRootOfWorkingFolder() -> String? {
        let here = ConfigurationLoader.absolute(".")
        let found: Site?
        // A site whose _config.yml cannot be read is still the site: each file reports why.
        do { found = try SiteLocator().site(forFolder: here) } catch { return "." }
        guard let site = found else { return nil }
        let depth = (site.relative(here) ?? "").split(separator: "/").count
        return depth == 0 ? "." : Array(repeating: "..", count: depth).joined(separator: "/")
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

    /// The writer for one report format.
    func writer(_ format: Format, color: Bool) -> any ReportWriter {
        switch format {
        case .text: return TextReporter(color: color, frames: !noCodeFrame)
        case .json: return JSONReporter(toolVersion: Postlint.version)
        case .sarif: return SARIFReporter(catalogue: reportedCatalogue(), toolVersion: Postlint.version)
        case .junit: return JUnitReporter(rules: reportedCatalogue().rules.filter(\.descriptor.enabledByDefault))
        case .github: return GitHubReporter()
        case .checkstyle: return CheckstyleReporter()
        }
    }

    /// The rules a report's rule table lists: the built-in ones and the user rules of the
    /// configuration of every path on the command line (of standard input's file name). A
    /// configuration that does not load adds nothing here; each of its files reports why.
    func reportedCatalogue() -> RuleCatalogue {
        reportedCatalogueAndErrors().catalogue
    }

    /// `reportedCatalogue()`, with the errors of the configurations that did not load.
    func reportedCatalogueAndErrors() -> (catalogue: RuleCatalogue, errors: [ConfigurationError]) {
        var errors: [ConfigurationError] = []
        let loader = ConfigurationLoader(explicitPath: config)
        var catalogue = RuleCatalogue.builtIn
        let folders = filePaths.map { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue ? path : (path as NSString).deletingLastPathComponent
        } + (readsStandardInput ? [((stdinFilename ?? "stdin.md") as NSString).deletingLastPathComponent] : [])
        for folder in Set(folders.map { $0.isEmpty ? "." : $0 }) {
            do {
                catalogue = catalogue.merging(try loader.configuration(forFolder: folder).catalogue)
            } catch {
                errors.append(error)
            }
        }
        return (catalogue, errors)
    }

    /// The configuration for standard input, found from its file name.
    func standardInputConfiguration(_ loader: ConfigurationLoader) throws(ConfigurationError) -> Configuration {
        try loader.configuration(forFile: stdinFilename ?? "stdin.md")
    }

    /// Runs `work` over every candidate that resolves to a target, `jobs` at a time (default:
    /// one per core), and hands each result to `deliver` in input order whatever the number of
    /// jobs, as soon as it can. Only the walk is serial; configurations resolve on the workers.
    func each<Result>(_ candidates: some Sequence<FileCollector.Candidate>, _ collector: FileCollector,
                      _ work: @escaping @Sendable (FileCollector.Target) -> Result, deliver: @escaping (Result) -> Void) {
        let workers = max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        let collectors = FileCollector.perWorker(collector, workers)
        OrderedWork(candidates) { (result: Result?) in
            if let result { deliver(result) }
        }.run(workers: workers) { worker, candidate in collectors[worker].resolve(candidate).map(work) }
    }

    /// The progress line for a run over `filePaths`, which it counts in the background.
    func progress(_ collector: FileCollector) -> ProgressLine {
        let paths = filePaths
        return ProgressLine { (try? select(collector.candidates(paths)))?.lazy.compactMap(collector.resolve).reduce(0) { n, _ in n + 1 } ?? 0 }
    }

    /// `select` over the files on the command line; a git failure ends the run (status 2).
    func selectedCandidates(_ collector: FileCollector) throws -> some Sequence<FileCollector.Candidate> {
        do {
            return try select(collector.candidates(filePaths))
        } catch {
            Self.warn("\(error)")
            throw ExitCode(2)
        }
    }

    /// The files this run covers, lazily: the shard, and only changed or staged files when
    /// asked.
    func select(_ candidates: some Sequence<FileCollector.Candidate>) throws -> some Sequence<FileCollector.Candidate> {
        let shard = self.shard.flatMap(Self.shard)
        let changed = try changedSince.map(GitFiles.changed(since:))
        let staged = self.staged ? try GitFiles.staged() : nil
        let everything = shard == nil && changed == nil && staged == nil
        return candidates.lazy.filter { candidate in
            if everything { return true }
            if let (index, count) = shard, Int(Self.stableHash(ConfigurationLoader.absolute(candidate.path)) % UInt64(count)) != index - 1 {
                return false
            }
            // git names files by their real paths.
            let real = changed != nil || staged != nil ? ConfigurationLoader.canonical(candidate.path) : ""
            if let changed, !changed.contains(real) { return false }
            if let staged, !staged.contains(real) { return false }
            return true
        }
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

    /// The process's peak resident memory so far, in MB.
    static var peakMemoryMB: Int {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss / 1024
    }

    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("postlint: \(message)\n".utf8))
    }
}
