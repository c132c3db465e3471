import Foundation
import PostlintReporters

/// "checked 1200/9850 files, 340 problems" on standard error, redrawn in place; only when
/// standard error is a terminal and the run is long enough to need it.
final class ProgressLine {
    private let total: Int
    private let enabled: Bool
    private var done = 0
    private var problems = 0
    private var lastDraw = Date.distantPast

    init(total: Int) {
        self.total = total
        enabled = total >= 200 && isatty(2) == 1
    }

    func advance(problems found: Int) {
        done += 1
        problems += found
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = Date()
        FileHandle.standardError.write(Data("\rchecked \(done)/\(total) files, \(problems) problems".utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

/// Collects per-file reports from worker threads in input order, so output never depends on
/// which thread finished first.
final class ReportCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [FileReport?]
    private let progress: ProgressLine

    init(count: Int, progress: ProgressLine) {
        reports = Array(repeating: nil, count: count)
        self.progress = progress
    }

    func store(_ report: FileReport, at index: Int) {
        lock.withLock {
            reports[index] = report
            progress.advance(problems: report.diagnostics.count)
        }
    }

    func finish() -> [FileReport] {
        progress.finish()
        return lock.withLock { reports.compactMap { $0 } }
    }
}
