import PostlintEngine
import PostlintModel
import PostlintReporters

/// `check` of one input: the report of its post, from the cache when the post, its
/// configuration and postlint are unchanged.
public struct Checking: Sendable {
    public let linter: Linter
    public let cache: ResultCache?
    /// Findings kept of a rule with one message per file (`Folding`); nil keeps all.
    public let folding: Int?

    public init(linter: Linter, cache: ResultCache? = nil, folding: Int? = nil) {
        self.linter = linter
        self.cache = cache
        self.folding = folding
    }

    public func report(_ input: Run.Input) -> FileReport {
        if let reason = input.skipped { return FileReport(path: input.path, skipped: reason) }
        guard let configuration = input.configuration else {
            return FileReport(path: input.path, diagnostics: [], error: input.error)
        }
        let place = input.isStandardInput ? nil : input.sitePath ?? configuration.sitePath(for: input.path)
        // A file whose stat is as the cache knows it is not even read.
        if let place, input.isFile, let cached = cache?.lookup(place, configuration: configuration) { return cached }
        let bytes: [UInt8]
        do { bytes = try input.read() } catch { return FileReport(path: input.path, diagnostics: [], error: error.message) }
        if let place, let cached = cache?.lookup(place, content: bytes, configuration: configuration) { return cached }
        let folding = self.folding.map { Folding(limit: $0) }
        let post = Post(path: input.path, bytes: bytes)
        // Standard input is checked as the file it names, whatever the site makes of that file.
        guard let place else {
            return FileReport(path: input.path, diagnostics: linter.lint(post, configuration: configuration, folding: folding), source: post.source)
        }
        let siteFile = configuration.siteFile(for: post, at: place)
        guard let kind = siteFile.kind else { return FileReport(path: input.path, skipped: siteFile.skipReason ?? "") }
        let report = FileReport(path: input.path, diagnostics: linter.lint(post, configuration: configuration, kind: kind, folding: folding, at: place),
                                source: post.source)
        cache?.store(place, content: bytes, configuration: configuration, report: report)
        return report
    }
}
