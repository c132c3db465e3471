/// A report format written one file at a time, so that a run over any number of files holds
/// only the file being written: `begin`, then `add` for each file in input order, then `end`.
public protocol ReportWriter {
    mutating func begin(to out: inout some TextOutputStream)
    mutating func add(_ report: FileReport, to out: inout some TextOutputStream)
    mutating func end(_ summary: ReportSummary, to out: inout some TextOutputStream)
}

extension ReportWriter {
    /// The whole report for `reports` as one string.
    public mutating func render(_ reports: [FileReport]) -> String {
        var out = ""
        begin(to: &out)
        var summary = ReportSummary()
        for report in reports {
            add(report, to: &out)
            summary.add(report)
        }
        end(summary, to: &out)
        return out
    }
}

/// A format whose text for a file depends on that file alone (text, Checkstyle). The text can
/// then be made on the thread that checked the file, in parallel, and only written in order.
public protocol PerFileReportWriter: ReportWriter, Sendable {
    func text(for report: FileReport) -> String
    /// The same text as UTF-8 bytes, for writers that build bytes and need no String between.
    func utf8(for report: FileReport) -> [UInt8]
}

extension PerFileReportWriter {
    public func add(_ report: FileReport, to out: inout some TextOutputStream) {
        out.write(text(for: report))
    }

    public func utf8(for report: FileReport) -> [UInt8] {
        Array(text(for: report).utf8)
    }
}
