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

    @Option(help: ArgumentHelp("Accept the findings recorded in this file: only new ones are reported and fail the run.", valueName: "file"))
    var baseline: String?

    @Option(help: ArgumentHelp("Record every finding of this run in this file, for --baseline (exit status 0 unless a file could not be read).", valueName: "file"))
    var writeBaseline: String?

    func validate() throws {
        if baseline != nil, writeBaseline != nil {
            throw ValidationError("--baseline and --write-baseline together: write the baseline from a run without one")
        }
    }

    func run() throws {
        let run = inputs.run(judging, rules: choice.selection)
        try choice.check(against: run)
        let linter = judging.linter
        let stream = ReportStream(reporting.settings(for: run))
        let cache = reporting.cache ? ResultCache(location: reporting.cacheLocation ?? ".postlint-cache", now: linter.environment.now, toolVersion: PostlintVersion.current, folding: reporting.folding) : nil
        let checking = Checking(linter: linter, cache: cache, folding: reporting.folding)
        let accepted: Baseline?
        do { accepted = try baseline.map(Baseline.load) } catch {
            Messages.warn("\(error)")
            throw ExitCode(2)
        }
        var recorded = writeBaseline.map { Baseline(file: $0) }
        let progress = run.progress()
        var files = 0, skipped = 0
        do {
            try run.each({ input in
                let report = checking.report(input)
                return (stream.prepare(accepted?.filter(report) ?? report), input.explicit, input.isStandardInput)
            }) { prepared, explicit, isStandardInput in
                stream.add(prepared, announce: explicit)
                recorded?.record(prepared.report)
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
            let unread = cache.map { " (\($0.unread) known by their stat, not read)" } ?? ""
            Messages.warn("\(files) files: \(cache.map { $0.misses } ?? files) parsed, \(cache?.hits ?? 0) from the cache\(unread); peak memory \(Messages.peakMemoryMB) MB")
        }
        if files == 0, skipped == 0, !inputs.filePaths.isEmpty, run.selection.isEverything {
            Messages.warn("no .md, .markdown or .html files found in \(inputs.filePaths.joined(separator: ", "))")
        }
        let written = stream.finish()
        if let recorded, let writeBaseline {
            do { try recorded.write(to: writeBaseline) } catch {
                Messages.warn("\(error)")
                throw ExitCode(2)
            }
            Messages.warn("wrote \(writeBaseline): \(stream.summary.problems) findings; check with --baseline \(writeBaseline) to report only new ones")
            throw ExitCode(written && stream.summary.unreadable == 0 ? 0 : 2)
        }
        throw ExitCode(written ? stream.exitStatus(failLevel: reporting.failSeverity, maxWarnings: reporting.maxWarnings) : 2)
    }
}
