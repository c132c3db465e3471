import ArgumentParser
import Foundation
import PostlintEngine
import PostlintRules
import PostlintRunner

/// How findings are reported and what makes the run fail.
struct OutputOptions: ParsableArguments {
    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Option(name: .customLong("format"), help: "Report format: text, json, sarif, junit, github, checkstyle or html; NAME=FILE writes it to FILE. Repeat for several.")
    var formats: [String] = []

    @Option(help: "Lowest severity that makes the exit status 1: error, warning or info.")
    var failLevel: String = "error"

    @Option(help: "Exit 1 when there are more than N warnings, even if nothing reaches --fail-level.")
    var maxWarnings: Int?

    @Option(parsing: .unconditional, help: "Keep at most N findings of a rule with the same message per file; the last one kept counts the rest, which still count for the exit status (0: keep all).")
    var maxIdentical = 100

    @Flag(help: "Report errors only (warnings and infos still count for --max-warnings).")
    var quiet = false

    @Flag(name: .customLong("no-code-frame"), help: "Do not show the source line under each finding in text output.")
    var noCodeFrame = false

    @Option(help: "Colour in text output: auto (only on a terminal, never with NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    @Flag(help: "Reuse results for files whose content, configuration and postlint version are unchanged.")
    var cache = false

    @Option(help: "Where --cache keeps its results (default: .postlint-cache in the current folder).")
    var cacheLocation: String?

    @Flag(help: "Count findings per rule (with how many `fix` repairs) instead of listing them, in the text report.")
    var statistics = false

    @Flag(help: "Print how many files were parsed, how many came from the cache, and the peak memory (standard error).")
    var verbose = false

    func validate() throws {
        guard Severity(rawValue: failLevel) != nil else {
            throw ValidationError("--fail-level must be error, warning or info, not `\(failLevel)`")
        }
        _ = try outputs()
        if maxIdentical < 0 { throw ValidationError("--max-identical must be 0 (keep all) or more, not \(maxIdentical)") }
    }

    func outputs() throws -> [ReportOutput] {
        if formats.isEmpty { return [ReportOutput(format: .text)] }
        return try formats.map { spec in
            guard let output = ReportOutput(spec) else {
                throw ValidationError("unknown format `\(spec.split(separator: "=", maxSplits: 1).first ?? "")`; expected text, json, sarif, junit, github, checkstyle or html")
            }
            return output
        }
    }

    /// `--max-identical` as the engine takes it: nil keeps every finding.
    var folding: Int? { maxIdentical == 0 ? nil : maxIdentical }

    var failSeverity: Severity { Severity(rawValue: failLevel)! }

    var useColor: Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto: return isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        }
    }

    /// The settings of the reports of `run`, whose configurations add user rules to the rule tables.
    func settings(for run: Run) -> ReportSettings {
        var settings = ReportSettings(outputs: (try? outputs()) ?? [])
        settings.quiet = quiet
        settings.color = useColor
        settings.codeFrames = !noCodeFrame
        settings.statistics = statistics
        settings.catalogue = { run.catalogue().catalogue }
        return settings
    }
}
