import PostlintEngine
import PostlintModel
import PostlintReporters

/// `fix` of one input: the fixed post written in place (unless only asked what would change),
/// and the report of what remains.
public struct Fixing: Sendable {
    public let fixer: Fixer
    /// Whether fixed files are written.
    public let writes: Bool
    /// When set, a file whose real path lies outside these folders is not written (see `AtomicWriter`).
    public let roots: [String]?
    /// Findings kept of a rule with one message per file (`Folding`); nil keeps all.
    public let folding: Int?

    public init(fixer: Fixer, writes: Bool, within roots: [String]? = nil, folding: Int? = nil) {
        self.fixer = fixer
        self.writes = writes
        self.roots = roots
        self.folding = folding
    }

    /// What fixing changed (or would change) in one file.
    public struct Outcome: Sendable {
        public let result: Fixer.Result
        /// Something to tell about the write (a hard link kept).
        public let note: String?
    }

    /// The report holds what remains (or would remain); the outcome is nil when nothing changed.
    public func fix(_ input: Run.Input) -> (FileReport, Outcome?) {
        if let reason = input.skipped { return (FileReport(path: input.path, skipped: reason), nil) }
        guard let configuration = input.configuration else {
            return (FileReport(path: input.path, diagnostics: [], error: input.error), nil)
        }
        do {
            let original = try input.read()
            let result = fixer.fix(path: input.path, bytes: original, configuration: configuration, folding: folding, at: input.sitePath)
            if !input.isStandardInput, let reason = configuration.siteFile(for: result.post, at: input.sitePath).skipReason {
                return (FileReport(path: input.path, skipped: reason), nil)
            }
            guard result.changed else { return (FileReport(path: input.path, diagnostics: result.remaining, source: SourceText(bytes: result.fixed)), nil) }
            var note: String?
            if writes {
                do {
                    note = try AtomicWriter.write(result.fixed, to: input.path, replacing: original, within: roots)
                } catch {
                    // Nothing was written, so what the file holds is what it held.
                    let remaining = fixer.linter.lint(Post(path: input.path, bytes: original), configuration: configuration,
                                                      folding: folding.map { Folding(limit: $0) }, at: input.sitePath)
                    return (FileReport(path: input.path, diagnostics: remaining, error: error.message), nil)
                }
            }
            return (FileReport(path: input.path, diagnostics: result.remaining, source: SourceText(bytes: result.fixed)), Outcome(result: result, note: note))
        } catch {
            return (FileReport(path: input.path, diagnostics: [], error: error.message), nil)
        }
    }
}
