import Foundation

/// "checked 1200/9850 files, 340 problems" on standard error, redrawn in place; only when
/// standard error is a terminal, and only once the run has taken long enough to need it. The
/// files are counted on a background thread, so the total appears when that count is done.
public final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let enabled: Bool
    private let started = Date()
    private var total: Int?
    private var done = 0
    private var problems = 0
    private var lastDraw = Date.distantPast
    private var drawn = false

    /// `count` counts the files of the run; it is called only when the line will be shown.
    public init(count: @escaping @Sendable () -> Int) {
        enabled = isatty(2) == 1
        guard enabled else { return }
        Thread.detachNewThread { [self] in
            let total = count()
            lock.withLock { self.total = total }
        }
    }

    public func advance(problems found: Int) {
        guard enabled else { return }
        lock.withLock {
            done += 1
            problems += found
            let now = Date()
            guard now.timeIntervalSince(started) > 0.5, now.timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = now
            drawn = true
            FileHandle.standardError.write(Data("\rchecked \(done)/\(total.map(String.init) ?? "?") files, \(problems) problems\u{1B}[K".utf8))
        }
    }

    public func finish() {
        lock.withLock {
            if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
    }
}
