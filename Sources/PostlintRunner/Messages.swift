import Foundation

/// What postlint says on standard error that is no finding of a post: warnings about the run,
/// notes about files it leaves alone. One line each, after `postlint: `.
public enum Messages {
    public static func warn(_ message: String) {
        FileHandle.standardError.write(Data("postlint: \(message)\n".utf8))
    }

    /// The process's peak resident memory so far, in MB.
    public static var peakMemoryMB: Int {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss / 1024
    }
}
