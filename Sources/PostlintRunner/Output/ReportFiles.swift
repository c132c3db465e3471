import Foundation
import PostlintReporters

extension ReportMerger {
    /// The merge of the reports in `paths` (see `merge(_:)`).
    public static func merge(files paths: [String]) throws(Failure) -> (report: Data, failing: Bool) {
        var read: [(name: String, data: Data)] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "\(path): not a JSON report") }
            read.append((path, data))
        }
        return try merge(read)
    }

    /// Writes a merged report to `path`, whole or not at all, or to standard output.
    public static func write(_ report: Data, to path: String?) throws(Failure) {
        guard let path else {
            FileHandle.standardOutput.write(report)
            return
        }
        do { try AtomicWriter.create(Array(report), at: path) } catch {
            throw Failure(description: "\(path): cannot write: \(error.message)")
        }
    }
}
