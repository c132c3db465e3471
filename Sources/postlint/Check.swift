import ArgumentParser
import Foundation
import PostlintEngine
import PostlintModel
import PostlintReporters

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check posts and report what is wrong.",
        discussion: """
            PATH may be files or folders; folders are searched for .md, .markdown and .html files. \
            Each file uses the nearest .postlint.yml above it. Exit status: 0 clean, 1 findings at \
            or above --fail-level, 2 usage, configuration or file errors.
            """)

    @OptionGroup var options: CommonOptions

    func run() throws {
        let loader = ConfigurationLoader(explicitPath: options.config)
        let linter = options.linter
        var reports: [FileReport] = []
        if options.readsStandardInput {
            reports.append(Self.checkStandardInput(options, loader: loader, linter: linter))
        }
        let targets = FileCollector(loader: loader).collect(options.filePaths)
        reports += CommonOptions.each(targets) { Self.check($0, linter: linter) }
        if targets.isEmpty, !options.filePaths.isEmpty {
            CommonOptions.warn("no .md, .markdown or .html files found in \(options.filePaths.joined(separator: ", "))")
        }
        FileHandle.standardOutput.write(Data(options.render(reports).utf8))
        throw ExitCode(CommonOptions.exitStatus(reports, failLevel: options.failSeverity))
    }

    static func check(_ target: FileCollector.Target, linter: Linter) -> FileReport {
        guard let configuration = target.configuration else {
            return FileReport(path: target.path, diagnostics: [], error: target.error)
        }
        do {
            let post = Post(path: target.path, bytes: try FileReader.read(target.path))
            return FileReport(path: target.path, diagnostics: linter.lint(post, configuration: configuration))
        } catch {
            return FileReport(path: target.path, diagnostics: [], error: error.message)
        }
    }

    static func checkStandardInput(_ options: CommonOptions, loader: ConfigurationLoader, linter: Linter) -> FileReport {
        let name = options.stdinName
        do {
            let bytes = try FileReader.readStandardInput()
            let configuration = try options.standardInputConfiguration(loader)
            return FileReport(path: name, diagnostics: linter.lint(Post(path: name, bytes: bytes), configuration: configuration))
        } catch let failure as FileReader.Failure {
            return FileReport(path: name, diagnostics: [], error: failure.message)
        } catch {
            return FileReport(path: name, diagnostics: [], error: "configuration error: \(error)")
        }
    }
}
