import ArgumentParser
import PostlintRunner

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check posts and report what is wrong.",
        discussion: """
            PATH may be files or folders; folders are searched for .md, .markdown and .html files. \
            Each file uses the nearest .postlint.yml above it. Exit status: 0 clean, 1 findings at \
            or above --fail-level (or more warnings than --max-warnings), 2 usage, configuration or \
            file errors.
            """)

    @OptionGroup var inputs: InputOptions
    @OptionGroup var judging: ConfigurationOptions
    @OptionGroup var choice: RuleChoiceOptions
    @OptionGroup var reporting: OutputOptions

    func run() throws {
        let run = inputs.run(judging, rules: choice.selection)
        try choice.check(against: run)
        let linter = judging.linter
        let stream = ReportStream(reporting.settings(for: run))
        let cache = reporting.cache ? ResultCache(location: reporting.cacheLocation ?? ".postlint-cache", now: linter.environment.now, toolVersion: PostlintVersion.current, folding: reporting.folding) : nil
        let checking = Checking(linter: linter, cache: cache, folding: reporting.folding)
        let progress = run.progress()
        var files = 0, skipped = 0
        do {
            try run.each({ input in (stream.prepare(checking.report(input)), input.explicit, input.isStandardInput) }) { prepared, explicit, isStandardInput in
                stream.add(prepared, announce: explicit)
                if isStandardInput { return }
                guard prepared.report.skipped == nil else { skipped += 1; return }
                files += 1
                progress.advance(problems: prepared.report.diagnostics.reduce(0) { $0 + $1.count })
            }
        } catch {
            Messages.warn("\(error)")
            throw ExitCode(2)
        }
        progress.finish()
        if let cache {
            if cache.discarded > 0 { Messages.warn("\(cache.discarded) entries of the cache were not valid; those files were checked again") }
            do { try cache.save() } catch { Messages.warn("cannot save the cache: \(error.localizedDescription)") }
        }
        if reporting.verbose {
            Messages.warn("\(files) files: \(cache.map { $0.misses } ?? files) parsed, \(cache?.hits ?? 0) from the cache; peak memory \(Messages.peakMemoryMB) MB")
        }
        if files == 0, skipped == 0, !inputs.filePaths.isEmpty, run.selection.isEverything {
            Messages.warn("no .md, .markdown or .html files found in \(inputs.filePaths.joined(separator: ", "))")
        }
        let written = stream.finish()
        throw ExitCode(written ? stream.exitStatus(failLevel: reporting.failSeverity, maxWarnings: reporting.maxWarnings) : 2)
    }
}
