import ArgumentParser
import Foundation
import PostlintEngine
import PostlintModel
import PostlintReporters
import PostlintRules

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check posts and report what is wrong.",
        discussion: """
            PATH may be files or folders; folders are searched for .md, .markdown and .html files. \
            Each file uses the nearest .postlint.yml above it. Exit status: 0 clean, 1 findings at \
            or above --fail-level, 2 usage, configuration or file errors.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Argument(help: "Files or folders to check.")
    var paths: [String] = []

    @Flag(help: "Read one post from standard input (also: a PATH of -).")
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

    func run() throws {
        let loader = ConfigurationLoader(explicitPath: config)
        let instant = now.flatMap(Self.moment) ?? Int(Date().timeIntervalSince1970)
        let linter = Linter(environment: LintEnvironment(now: instant))
        var reports: [FileReport] = []
        var readFromStdin = stdin
        var filePaths = paths
        if filePaths.contains("-") {
            readFromStdin = true
            filePaths.removeAll { $0 == "-" }
        }
        if readFromStdin {
            let name = stdinFilename ?? "<stdin>"
            reports.append(Self.checkStandardInput(name: name, loader: loader, linter: linter))
        }
        let targets = FileCollector(loader: loader).collect(filePaths)
        let results = ReportCollector(count: targets.count, progress: ProgressLine(total: targets.count))
        DispatchQueue.concurrentPerform(iterations: targets.count) { index in
            results.store(Self.check(targets[index], linter: linter), at: index)
        }
        let fileReports = results.finish()
        reports += fileReports
        if targets.isEmpty, !readFromStdin {
            FileHandle.standardError.write(Data("postlint: no .md, .markdown or .html files found in \(paths.joined(separator: ", "))\n".utf8))
        }
        let output: String
        switch format {
        case .text: output = TextReporter(color: useColor).render(reports)
        case .json: output = JSONReporter().render(reports, toolVersion: Postlint.version)
        }
        FileHandle.standardOutput.write(Data(output.utf8))
        throw ExitCode(Self.exitStatus(reports, failLevel: Severity(rawValue: failLevel)!))
    }

    private var useColor: Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto: return isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        }
    }

    static func check(_ target: FileCollector.Target, linter: Linter) -> FileReport {
        guard let configuration = target.configuration else {
            return FileReport(path: target.path, diagnostics: [], error: target.error)
        }
        do {
            let bytes = try FileReader.read(target.path)
            let post = Post(path: target.path, bytes: bytes)
            return FileReport(path: target.path, diagnostics: linter.lint(post, configuration: configuration))
        } catch {
            return FileReport(path: target.path, diagnostics: [], error: error.message)
        }
    }

    static func checkStandardInput(name: String, loader: ConfigurationLoader, linter: Linter) -> FileReport {
        do {
            let bytes = try FileReader.readStandardInput()
            let configuration = try loader.configuration(forFile: name == "<stdin>" ? "stdin.md" : name)
            return FileReport(path: name, diagnostics: linter.lint(Post(path: name, bytes: bytes), configuration: configuration))
        } catch let failure as FileReader.Failure {
            return FileReport(path: name, diagnostics: [], error: failure.message)
        } catch {
            return FileReport(path: name, diagnostics: [], error: "configuration error: \(error)")
        }
    }

    static func exitStatus(_ reports: [FileReport], failLevel: Severity) -> Int32 {
        if reports.contains(where: { $0.error != nil }) { return 2 }
        let failing = reports.contains { $0.diagnostics.contains { $0.severity >= failLevel } }
        return failing ? 1 : 0
    }

    /// `--now`: a date, read as UTC when it names no offset.
    static func moment(_ text: String) -> Int? {
        guard let date = PostDate.parse(text), date.impossibility == nil else { return nil }
        return date.epochSeconds()
    }
}
