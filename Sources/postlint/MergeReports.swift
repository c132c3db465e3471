import ArgumentParser
import Foundation

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
        var documents: [[String: Any]] = []
        for path in reports {
            guard let data = FileManager.default.contents(atPath: path),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                CommonOptions.warn("\(path): not a JSON report")
                throw ExitCode(2)
            }
            documents.append(object)
        }
        guard let first = documents.first else { throw ValidationError("name at least one report") }
        let merged: [String: Any]
        var failing = false
        if first["runs"] != nil {
            guard documents.allSatisfy({ $0["runs"] != nil }) else { CommonOptions.warn("mixed SARIF and JSON reports"); throw ExitCode(2) }
            merged = mergeSARIF(documents, failing: &failing)
        } else if first["files"] != nil {
            guard documents.allSatisfy({ $0["files"] != nil }) else { CommonOptions.warn("mixed SARIF and JSON reports"); throw ExitCode(2) }
            merged = mergeJSON(documents, failing: &failing)
        } else {
            CommonOptions.warn("\(reports[0]): neither a postlint JSON report nor SARIF")
            throw ExitCode(2)
        }
        let data = try JSONSerialization.data(withJSONObject: merged, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        if let output {
            try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: output), options: .atomic)
        } else {
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
        throw ExitCode(failing ? 1 : 0)
    }

    private func mergeJSON(_ documents: [[String: Any]], failing: inout Bool) -> [String: Any] {
        var files = documents.flatMap { $0["files"] as? [[String: Any]] ?? [] }
        files.sort { ($0["path"] as? String ?? "") < ($1["path"] as? String ?? "") }
        var summary = ["files": files.count, "errors": 0, "warnings": 0, "infos": 0, "unreadable": 0]
        for file in files {
            if !(file["error"] is NSNull) && file["error"] != nil { summary["unreadable"]! += 1 }
            for diagnostic in file["diagnostics"] as? [[String: Any]] ?? [] {
                // A diagnostic stands for itself and the findings folded into it.
                let count = 1 + max(0, diagnostic["folded"] as? Int ?? 0)
                switch diagnostic["severity"] as? String {
                case "error": summary["errors"]! += count; failing = true
                case "warning": summary["warnings"]! += count
                default: summary["infos"]! += count
                }
            }
        }
        var merged = documents[0]
        merged["files"] = files
        merged["summary"] = summary
        return merged
    }

    private func mergeSARIF(_ documents: [[String: Any]], failing: inout Bool) -> [String: Any] {
        let runs = documents.compactMap { ($0["runs"] as? [[String: Any]])?.first }
        var results = runs.flatMap { $0["results"] as? [[String: Any]] ?? [] }
        var notifications: [[String: Any]] = []
        for run in runs {
            for invocation in run["invocations"] as? [[String: Any]] ?? [] {
                notifications += invocation["toolExecutionNotifications"] as? [[String: Any]] ?? []
            }
        }
        func key(_ result: [String: Any]) -> (String, Int, Int, String, Int, Int) {
            let location = ((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]) ?? [:]
            let uri = (location["artifactLocation"] as? [String: Any])?["uri"] as? String ?? ""
            let region = location["region"] as? [String: Any] ?? [:]
            return (uri, region["startLine"] as? Int ?? 0, region["startColumn"] as? Int ?? 0, result["ruleId"] as? String ?? "",
                    region["endLine"] as? Int ?? 0, region["endColumn"] as? Int ?? 0)
        }
        results.sort { key($0) < key($1) }
        failing = results.contains { $0["level"] as? String == "error" } || !notifications.isEmpty
        var run = runs.first ?? [:]
        run["results"] = results
        run["invocations"] = [["executionSuccessful": notifications.isEmpty, "toolExecutionNotifications": notifications]]
        var merged = documents[0]
        merged["runs"] = [run]
        return merged
    }
}
