import ArgumentParser
import Foundation
import PostlintReporters
import PostlintRunner

struct MergeReports: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge-reports",
        abstract: "Join the JSON or SARIF reports of sharded runs (--shard I/N) into one.",
        discussion: """
            All reports must have the same format (postlint's JSON or SARIF). Files and results are \
            put back in path and position order, so the merge of every shard equals the report of \
            one unsharded run. Exit status: 0 when the merged report holds no error-level result, \
            1 when it does, 2 on unreadable or mixed reports.
            """)

    @Argument(help: "Report files to merge.")
    var reports: [String]

    @Option(name: .shortAndLong, help: "Write the merged report here instead of standard output.")
    var output: String?

    func run() throws {
        let merged: (report: Data, failing: Bool)
        do { merged = try ReportMerger.merge(files: reports) } catch {
            Messages.warn(error.description)
            throw ExitCode(2)
        }
        do { try ReportMerger.write(merged.report, to: output) } catch {
            Messages.warn(error.description)
            throw ExitCode(2)
        }
        throw ExitCode(merged.failing ? 1 : 0)
    }
}
