import ArgumentParser
import PostlintEngine
import PostlintReporters
import PostlintRules
import PostlintRunner

struct Fix: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Repair what can be repaired safely, in place, and report what is left.",
        discussion: """
            Applies every safe fix (--unsafe adds the unsafe ones) as edits on the original bytes, \
            parses again, and repeats until nothing more changes. Files that are not UTF-8 text are \
            never written; writes are atomic and keep the file mode. Exit status: 0 when nothing at \
            or above --fail-level remains (with --check or --diff: when nothing would change), \
            1 otherwise, 2 on usage, configuration or file errors.
            """)

    @OptionGroup var inputs: InputOptions
    @OptionGroup var judging: ConfigurationOptions
    @OptionGroup var choice: RuleChoiceOptions
    @OptionGroup var reporting: OutputOptions

    @Flag(help: "Also apply unsafe fixes (review them).")
    var unsafe = false

    @Option(name: .customLong("rule"), help: "Fix only this rule (id or code); repeat for more.")
    var rules: [String] = []

    @Flag(help: "Write nothing; list the fixes that would be made.")
    var dryRun = false

    @Flag(help: "Write nothing; print a unified diff of the fixes (apply it with `patch -p1`).")
    var diff = false

    @Flag(help: "Write nothing; exit 1 if any file would change (for CI).")
    var check = false

    @Flag(help: "Write through symbolic links that lead outside the files and folders named (by default such files are reported and left alone).")
    var followSymlinks = false

    func validate() throws {
        guard !rules.isEmpty else { return }
        let (known, errors) = inputs.run(judging).catalogue()
        for rule in rules where known.rule(rule) == nil {
            if let error = errors.first { throw ValidationError("no rule named `\(rule)`, and the configuration that may define it does not load: \(error)") }
            throw ValidationError("no rule named `\(rule)`; `postlint rules` lists the built-in ones, `rule-files` adds your own")
        }
    }

    func run() throws {
        let run = inputs.run(judging, rules: choice.selection, onlyStandardInput: true)
        try choice.check(against: run)
        let writes = !dryRun && !diff && !check
        // Rules as their ids, however they were spelt (`pl501`, `PL501`, an id).
        let known = rules.isEmpty ? RuleCatalogue.builtIn : run.catalogue().0
        let chosen = Set(rules.map { known.rule($0)?.descriptor.id ?? $0 })
        let fixing = Fixing(fixer: Fixer(linter: judging.linter, policy: Fixer.Policy(includeUnsafe: unsafe, rules: chosen)),
                            writes: writes && run.standardInput == nil, within: followSymlinks ? nil : AtomicWriter.roots(inputs.filePaths),
                            folding: reporting.folding)
        let stream = ReportStream(reporting.settings(for: run), writing: !diff && run.standardInput == nil)
        let progress = run.progress()
        let changes = FixReport(diff: diff, listing: dryRun || check)
        do {
            try run.each({ input in
                let (report, outcome) = fixing.fix(input)
                return (stream.prepare(report), outcome, input)
            }) { prepared, outcome, input in
                if input.isStandardInput { return changes.standardInput(input, prepared.report, outcome) }
                stream.add(prepared, announce: input.explicit)
                if prepared.report.skipped != nil { return }
                progress.advance(problems: prepared.report.diagnostics.reduce(0) { $0 + $1.count })
                changes.add(prepared.report, outcome)
            }
        } catch {
            Messages.warn("\(error)")
            throw ExitCode(2)
        }
        progress.finish()
        if let status = changes.standardInputStatus(failLevel: reporting.failSeverity, changes: check || diff) { throw ExitCode(status) }
        let written = changes.close() && stream.finish()
        changes.summarize(writes: writes)
        if stream.summary.unreadable > 0 || !written { throw ExitCode(2) }
        if check || diff { throw ExitCode(changes.changedFiles > 0 ? 1 : 0) }
        throw ExitCode(stream.exitStatus(failLevel: reporting.failSeverity, maxWarnings: reporting.maxWarnings))
    }
}
