import ArgumentParser
import Foundation
import PostlintEngine
import PostlintModel
import PostlintReporters
import PostlintRules

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

    @OptionGroup var options: CommonOptions

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
        let (known, errors) = options.reportedCatalogueAndErrors()
        for rule in rules where known.rule(rule) == nil {
            if let error = errors.first { throw ValidationError("no rule named `\(rule)`, and the configuration that may define it does not load: \(error)") }
            throw ValidationError("no rule named `\(rule)`; `postlint rules` lists the built-in ones, `rule-files` adds your own")
        }
    }

    private var writes: Bool { !dryRun && !diff && !check }

    func run() throws {
        let loader = ConfigurationLoader(explicitPath: options.config)
        let policy = Fixer.Policy(
            includeUnsafe: unsafe,
            rules: Set(rules))
        let fixer = Fixer(linter: options.linter, policy: policy)
        if options.readsStandardInput {
            try fixStandardInput(fixer, loader: loader)
            return
        }
        let collector = FileCollector(loader: loader)
        let candidates = try options.selectedCandidates(collector)
        let writes = self.writes
        let roots = followSymlinks ? nil : AtomicWriter.roots(options.filePaths)
        let stream = ReportStream(options, writing: !diff)
        let progress = options.progress(collector)
        let diffs = OutputSink()
        var changedFiles = 0, fixes = 0
        options.each(candidates, collector, { target in
            let (report, outcome) = Self.fix(target, fixer: fixer, writes: writes, within: roots, folding: options.folding)
            return (stream.prepare(report), outcome, target.explicit)
        }) { (prepared, outcome, explicit) in
            let report = prepared.report
            stream.add(prepared, announce: explicit)
            if report.skipped != nil { return }
            progress.advance(problems: report.diagnostics.reduce(0) { $0 + $1.count })
            guard let outcome else { return }
            changedFiles += 1
            fixes += outcome.result.appliedCount
            if dryRun || check {
                for applied in outcome.result.applied {
                    let d = applied.diagnostic
                    FileHandle.standardError.write(Data("\(d.path):\(d.start.line):\(d.start.column): would fix [\(d.code)/\(d.ruleID)] \(d.message)\n".utf8))
                }
                let folded = outcome.result.foldedApplied
                if folded > 0 {
                    FileHandle.standardError.write(Data("\(report.path): would fix \(folded) more like those above (folded; `--max-identical 0` lists them)\n".utf8))
                }
            }
            if diff {
                diffs.write(UnifiedDiff().render(path: report.path, old: outcome.result.original, new: outcome.result.fixed))
            }
            if let note = outcome.note { CommonOptions.warn("\(report.path): \(note)") }
        }
        progress.finish()
        let written = diffs.close() && stream.finish()
        let verb = writes ? "fixed" : "would fix"
        if changedFiles > 0 || writes {
            FileHandle.standardError.write(Data("postlint: \(verb) \(fixes) problem\(fixes == 1 ? "" : "s") in \(changedFiles) file\(changedFiles == 1 ? "" : "s")\n".utf8))
        }
        if stream.summary.unreadable > 0 || !written { throw ExitCode(2) }
        if check || diff { throw ExitCode(changedFiles > 0 ? 1 : 0) }
        throw ExitCode(stream.exitStatus(failLevel: options.failSeverity, maxWarnings: options.maxWarnings))
    }

    /// What fixing changed (or would change) in one file.
    struct Outcome {
        let result: Fixer.Result
        let note: String?
    }

    /// Fixes one file; the report holds what remains (or what would remain).
    /// With `roots`, a file whose real path lies outside them is not written (see AtomicWriter).
    static func fix(_ target: FileCollector.Target, fixer: Fixer, writes: Bool, within roots: [String]? = nil, folding: Int? = nil) -> (FileReport, Outcome?) {
        if let reason = target.skipped { return (FileReport(path: target.path, skipped: reason), nil) }
        guard let configuration = target.configuration else {
            return (FileReport(path: target.path, diagnostics: [], error: target.error), nil)
        }
        do {
            let original = try FileReader.read(target.path)
            let result = fixer.fix(path: target.path, bytes: original, configuration: configuration, folding: folding)
            if let reason = configuration.siteFile(for: result.post).skipReason {
                return (FileReport(path: target.path, skipped: reason), nil)
            }
            guard result.changed else { return (FileReport(path: target.path, diagnostics: result.remaining, source: SourceText(bytes: result.fixed)), nil) }
            var note: String?
            if writes {
                do {
                    note = try AtomicWriter.write(result.fixed, to: target.path, replacing: original, within: roots)
                } catch {
                    // Nothing was written, so what the file holds is what it held.
                    return (FileReport(path: target.path, diagnostics: fixer.linter.lint(Post(path: target.path, bytes: original), configuration: configuration, folding: folding.map { Folding(limit: $0) }), error: error.message), nil)
                }
            }
            return (FileReport(path: target.path, diagnostics: result.remaining, source: SourceText(bytes: result.fixed)), Outcome(result: result, note: note))
        } catch {
            return (FileReport(path: target.path, diagnostics: [], error: error.message), nil)
        }
    }

    /// `-`/`--stdin`: the fixed text goes to standard output, what remains to standard error.
    private func fixStandardInput(_ fixer: Fixer, loader: ConfigurationLoader) throws {
        let bytes: [UInt8]
        do { bytes = try FileReader.readStandardInput() } catch {
            CommonOptions.warn(error.message)
            throw ExitCode(2)
        }
        let configuration: Configuration
        do { configuration = try options.standardInputConfiguration(loader) } catch {
            CommonOptions.warn("configuration error: \(error)")
            throw ExitCode(2)
        }
        let result = fixer.fix(path: options.stdinName, bytes: bytes, configuration: configuration, folding: options.folding)
        if diff {
            FileHandle.standardOutput.write(Data(UnifiedDiff().render(path: options.stdinName, old: bytes, new: result.fixed).utf8))
        } else {
            FileHandle.standardOutput.write(Data(result.fixed))
        }
        let report = FileReport(path: options.stdinName, diagnostics: result.remaining)
        var text = TextReporter(color: false)
        FileHandle.standardError.write(Data(text.render([report]).utf8))
        if check || diff { throw ExitCode(result.changed ? 1 : 0) }
        throw ExitCode(ReportSummary([report]).count(atLeast: options.failSeverity) > 0 ? 1 : 0)
    }
}
