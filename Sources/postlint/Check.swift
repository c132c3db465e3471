import ArgumentParser
import Foundation
import PostlintEngine
import PostlintModel
import PostlintReporters
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

    @OptionGroup var options: CommonOptions

    func run() throws {
        let loader = ConfigurationLoader(explicitPath: options.config)
        let linter = options.linter
        let stream = ReportStream(options)
        if options.readsStandardInput {
            stream.add(Self.checkStandardInput(options, loader: loader, linter: linter))
        }
        let collector = FileCollector(loader: loader)
        let candidates = try options.selectedCandidates(collector)
        let cache = options.cache ? ResultCache(location: options.cacheLocation ?? ".postlint-cache", now: linter.environment.now, toolVersion: Postlint.version, folding: options.folding) : nil
        let staged = options.staged
        let progress = options.progress(collector)
        var files = 0, skipped = 0
        options.each(candidates, collector, { target in
            (stream.prepare(Self.check(target, linter: linter, cache: cache, staged: staged, folding: options.folding)), target.explicit)
        }) { prepared, explicit in
            stream.add(prepared, announce: explicit)
            guard prepared.report.skipped == nil else { skipped += 1; return }
            files += 1
            progress.advance(problems: prepared.report.diagnostics.reduce(0) { $0 + $1.count })
        }
        progress.finish()
        if let cache {
            if cache.discarded > 0 { CommonOptions.warn("\(cache.discarded) entries of the cache were not valid; those files were checked again") }
            do { try cache.save() } catch { CommonOptions.warn("cannot save the cache: \(error.localizedDescription)") }
        }
        if options.verbose {
            let parsed = cache.map { $0.misses } ?? files
            CommonOptions.warn("\(files) files: \(parsed) parsed, \(cache?.hits ?? 0) from the cache; peak memory \(CommonOptions.peakMemoryMB) MB")
        }
        if files == 0, skipped == 0, !options.filePaths.isEmpty, options.changedSince == nil, !options.staged, options.shard == nil {
            CommonOptions.warn("no .md, .markdown or .html files found in \(options.filePaths.joined(separator: ", "))")
        }
        let written = stream.finish()
        let status = stream.exitStatus(failLevel: options.failSeverity, maxWarnings: options.maxWarnings)
        throw ExitCode(written ? status : 2)
    }

    static func check(_ target: FileCollector.Target, linter: Linter, cache: ResultCache? = nil, staged: Bool = false, folding: Int? = nil) -> FileReport {
        if let reason = target.skipped { return FileReport(path: target.path, skipped: reason) }
        guard let configuration = target.configuration else {
            return FileReport(path: target.path, diagnostics: [], error: target.error)
        }
        do {
            let bytes = staged ? try GitFiles.stagedContent(target.path) : try FileReader.read(target.path)
            if let cached = cache?.lookup(path: target.path, content: bytes, configuration: configuration) { return cached }
            let post = Post(path: target.path, bytes: bytes)
            guard let kind = configuration.siteFile(for: post).kind else {
                return FileReport(path: target.path, skipped: configuration.siteFile(for: post).skipReason ?? "")
            }
            let report = FileReport(path: target.path, diagnostics: linter.lint(post, configuration: configuration, kind: kind, folding: folding.map { Folding(limit: $0) }), source: post.source)
            cache?.store(path: target.path, content: bytes, configuration: configuration, report: report)
            return report
        } catch let failure as FileReader.Failure {
            return FileReport(path: target.path, diagnostics: [], error: failure.message)
        } catch {
            return FileReport(path: target.path, diagnostics: [], error: "\(error)")
        }
    }

    static func checkStandardInput(_ options: CommonOptions, loader: ConfigurationLoader, linter: Linter) -> FileReport {
        let name = options.stdinName
        do {
            let bytes = try FileReader.readStandardInput()
            let configuration = try options.standardInputConfiguration(loader)
            let post = Post(path: name, bytes: bytes)
            return FileReport(path: name, diagnostics: linter.lint(post, configuration: configuration, folding: options.folding.map { Folding(limit: $0) }), source: post.source)
        } catch let failure as FileReader.Failure {
            return FileReport(path: name, diagnostics: [], error: failure.message)
        } catch {
            return FileReport(path: name, diagnostics: [], error: "configuration error: \(error)")
        }
    }
}
