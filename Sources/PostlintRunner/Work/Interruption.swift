import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Removes the temporary files being written when SIGINT, SIGTERM or SIGHUP ends a run, then
/// ends it as the signal would have. The handler only writes the signal's number to a pipe (all
/// a signal handler may safely do); a thread reads it, takes the lock every temporary file is
/// created, renamed and removed under, removes what is left and never lets go of the lock, so
/// no worker makes another file before the process ends.
public enum Interruption {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var live: Set<String> = []
    nonisolated(unsafe) private static var pipeEnds: [Int32] = [-1, -1]

    /// Installs the handlers; once, before any worker starts.
    public static func install() {
        guard pipe(&pipeEnds) == 0 else { return }
        // A parent may start postlint with these signals blocked (test runners do); held back,
        // they would reach no handler, and the run would go on.
        var signals = sigset_t()
        sigemptyset(&signals)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&signals, signal) }
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(Interruption.pipeEnds[1], &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(signal, &action, nil)
        }
        Thread.detachNewThread {
            var byte: UInt8 = 0
            while read(pipeEnds[0], &byte, 1) < 0 && errno == EINTR {}
            lock.lock()
            for path in live { unlink(path) }
            Glibc.signal(Int32(byte), SIG_DFL)
            raise(Int32(byte))
        }
    }

    /// Runs `create`, which makes a file, and remembers the path it returns until `forget`.
    public static func creating<Result>(_ create: () -> (Result, path: String?)) -> Result {
        lock.withLock {
            let (result, path) = create()
            if let path { live.insert(path) }
            return result
        }
    }

    /// Runs `finish`, which renames or removes the file at `path`, and forgets the path.
    public static func finishing<Result>(_ path: String, _ finish: () -> Result) -> Result {
        lock.withLock {
            live.remove(path)
            return finish()
        }
    }
}
