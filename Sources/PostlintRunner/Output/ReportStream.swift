import Foundation
import PostlintEngine
import PostlintReporters
import PostlintRules

/// Every report a run asked for (`--format NAME[=FILE]`), written file by file as results
/// arrive in input order. Only counts are kept for the summaries and the exit status.
///
/// `prepare` may run on any thread: it reads only what `init` set, and makes the text of the
/// formats that need no state (`PerFileReportWriter`) on the worker that checked the file, so
/// that the in-order part, `add`, only writes.
public final class ReportStream: @unchecked Sendable {
    /// One file's report, with the text each output's format made of it ahead of time (nil for
    /// formats that keep state between files).
    public struct Prepared: Sendable {
        public let report: FileReport
        public let visible: FileReport
        public let texts: [[UInt8]?]
    }

    private var outputs: [(writer: any ReportWriter, sink: OutputSink, name: String)] = []
    private var renderers: [(any PerFileReportWriter)?] = []
    private let quiet: Bool
    /// Counts over every finding, whatever --quiet hides; they decide the exit status.
    public private(set) var summary = ReportSummary()
    private var shown = ReportSummary()
    public private(set) var failed = false
    /// Configuration errors already written in full: text reports give the next file that
    /// meets one a short line, not the same paragraph once per file.
    private var reportedErrors: Set<String> = []

    /// With `writing` false, only counts are kept (for `fix --diff`, whose output is the diff).
    public init(_ settings: ReportSettings, writing: Bool = true) {
        quiet = settings.quiet
        for output in writing ? settings.outputs : [] {
            let sink: OutputSink
            if let file = output.file {
                do { sink = try OutputSink(file: file) } catch {
                    Messages.warn("cannot write the \(output.format.rawValue) report to \(file): \(error.message)")
                    failed = true
                    continue
                }
            } else {
                sink = OutputSink()
            }
            var writer = settings.writer(output.format, color: output.file == nil && settings.color)
            var stream = sink
            writer.begin(to: &stream)
            outputs.append((writer, sink, output.file ?? "standard output"))
            renderers.append(writer as? any PerFileReportWriter)
        }
    }

    /// The report as the outputs will show it; safe on any thread.
    public func prepare(_ report: FileReport) -> Prepared {
        var visible = quiet ? FileReport(path: report.path, diagnostics: report.diagnostics.filter { $0.severity == .error }, error: report.error, lines: report.lines, lineStarts: report.lineStarts) : report
        visible.baselined = report.baselined
        return Prepared(report: report, visible: visible, texts: renderers.map { $0?.utf8(for: visible) })
    }

    public func add(_ report: FileReport) {
        add(prepare(report))
    }

    /// Writes a prepared report; called in input order. A file Jekyll does not process is
    /// neither counted nor reported; when it was named on the command line (`announce`), one
    /// line on standard error says why.
    public func add(_ prepared: Prepared, announce: Bool = true) {
        if let reason = prepared.report.skipped {
            if announce, !quiet { Messages.warn("note: \(prepared.report.path) is not checked: \(reason)") }
            return
        }
        summary.add(prepared.report)
        shown.add(prepared.visible)
        var repeated: FileReport?
        if let error = prepared.report.error, error.hasPrefix(Self.configurationError), !reportedErrors.insert(error).inserted {
            repeated = FileReport(path: prepared.visible.path, diagnostics: prepared.visible.diagnostics,
                                  error: "not checked: the same configuration error as above", lines: prepared.visible.lines,
                                  lineStarts: prepared.visible.lineStarts)
        }
        for index in outputs.indices {
            var sink = outputs[index].sink
            if let repeated, outputs[index].writer is TextReporter, let renderer = renderers[index] {
                sink.write(bytes: renderer.utf8(for: repeated))
            } else if let text = prepared.texts[index] {
                sink.write(bytes: text)
            } else {
                outputs[index].writer.add(prepared.visible, to: &sink)
            }
        }
    }

    /// How the error of a file whose configuration does not load starts (`FileCollector`).
    public static let configurationError = "configuration error: "

    /// Ends every report; false when one could not be written.
    public func finish() -> Bool {
        for index in outputs.indices {
            var sink = outputs[index].sink
            outputs[index].writer.end(shown, to: &sink)
            if !sink.close() {
                Messages.warn("cannot write the report to \(outputs[index].name): \(sink.failure ?? "unknown error")")
                failed = true
            }
        }
        return !failed
    }

    /// 0 clean, 1 findings at or above `failLevel` or too many warnings, 2 unreadable files.
    public func exitStatus(failLevel: Severity, maxWarnings: Int?) -> Int32 {
        if summary.unreadable > 0 { return 2 }
        if summary.count(atLeast: failLevel) > 0 { return 1 }
        if let maxWarnings, summary.warnings > maxWarnings { return 1 }
        return 0
    }
}
