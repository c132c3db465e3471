import Foundation
import PostlintEngine
import PostlintReporters
import PostlintRules

/// What `fix` says beside the findings: each fix it would make (`--dry-run`, `--check`), the
/// unified diff (`--diff`), notes about the writes, and how many fixes it made. For standard
/// input, the fixed text (or its diff) goes to standard output and what remains to standard error.
public final class FixReport {
    private let diff: Bool
    private let listing: Bool
    private let diffs = OutputSink()
    public private(set) var changedFiles = 0
    public private(set) var fixes = 0
    /// What remains of standard input after fixing, once it is fixed; nil when it could not be.
    private var standardInputReport: FileReport??

    public init(diff: Bool, listing: Bool) {
        self.diff = diff
        self.listing = listing
    }

    /// A fixed file, in input order.
    public func add(_ report: FileReport, _ outcome: Fixing.Outcome?) {
        guard let outcome else { return }
        changedFiles += 1
        fixes += outcome.result.appliedCount
        if listing {
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
        if let note = outcome.note { Messages.warn("\(report.path): \(note)") }
    }

    /// Standard input, fixed: its text (or diff) to standard output, what remains to standard error.
    public func standardInput(_ input: Run.Input, _ report: FileReport, _ outcome: Fixing.Outcome?) {
        if let error = report.error {
            Messages.warn(error)
            standardInputReport = .some(nil)
            return
        }
        let original = outcome?.result.original ?? (try? input.read()) ?? []
        let fixed = outcome?.result.fixed ?? original
        if outcome != nil { changedFiles += 1 }
        if diff {
            FileHandle.standardOutput.write(Data(UnifiedDiff().render(path: input.path, old: original, new: fixed).utf8))
        } else {
            FileHandle.standardOutput.write(Data(fixed))
        }
        let remaining = FileReport(path: input.path, diagnostics: report.diagnostics)
        var text = TextReporter(color: false)
        FileHandle.standardError.write(Data(text.render([remaining]).utf8))
        standardInputReport = .some(remaining)
    }

    /// The exit status of fixing standard input, nil when it was not read: 2 when it could not
    /// be fixed; with `changes`, 1 when it changed; else 1 when findings at `failLevel` remain.
    public func standardInputStatus(failLevel: Severity, changes: Bool) -> Int32? {
        guard let result = standardInputReport else { return nil }
        guard let report = result else { return 2 }
        if changes { return changedFiles > 0 ? 1 : 0 }
        return ReportSummary([report]).count(atLeast: failLevel) > 0 ? 1 : 0
    }

    /// Ends the diff; false when it could not be written.
    public func close() -> Bool { diffs.close() }

    /// "fixed N problems in M files" on standard error (when something would change, or fixes
    /// were written).
    public func summarize(writes: Bool) {
        let verb = writes ? "fixed" : "would fix"
        if changedFiles > 0 || writes {
            FileHandle.standardError.write(Data("postlint: \(verb) \(fixes) problem\(fixes == 1 ? "" : "s") in \(changedFiles) file\(changedFiles == 1 ? "" : "s")\n".utf8))
        }
    }
}
