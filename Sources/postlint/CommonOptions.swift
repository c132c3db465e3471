import ArgumentParser
import Foundation
import PostlintEngine
import PostlintModel
import PostlintReporters
import PostlintRules

/// The options `check` and `fix` share: what to read, how to configure, how to report.
struct CommonOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
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

    @Option(help: "Output format: text or json.")
    var format: Format = .text

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

    func render(_ reports: [FileReport]) -> String {
        switch format {
        case .text: return TextReporter(color: useColor).render(reports)
        case .json: return JSONReporter().render(reports, toolVersion: Postlint.version)
        }
    }

    /// The configuration for standard input, found from its file name.
    func standardInputConfiguration(_ loader: ConfigurationLoader) throws(ConfigurationError) -> Configuration {
        try loader.configuration(forFile: stdinFilename ?? "stdin.md")
    }

    /// Runs `work` over every target on all cores; results come back in input order.
    static func each(_ targets: [FileCollector.Target], _ work: @Sendable (FileCollector.Target) -> FileReport) -> [FileReport] {
        let results = ReportCollector(count: targets.count, progress: ProgressLine(total: targets.count))
        DispatchQueue.concurrentPerform(iterations: targets.count) { index in
            results.store(work(targets[index]), at: index)
        }
        return results.finish()
    }

    /// `--now`: a date, read as UTC when it names no offset.
    static func moment(_ text: String) -> Int? {
        guard let date = PostDate.parse(text), date.impossibility == nil else { return nil }
        return date.epochSeconds()
    }

    static func exitStatus(_ reports: [FileReport], failLevel: Severity) -> Int32 {
        if reports.contains(where: { $0.error != nil }) { return 2 }
        return reports.contains { $0.diagnostics.contains { $0.severity >= failLevel } } ? 1 : 0
    }

    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("postlint: \(message)\n".utf8))
    }
}
