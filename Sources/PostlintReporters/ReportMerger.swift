import Foundation

/// Joins postlint's JSON reports, or its SARIF reports, of sharded runs into one: files and
/// results back in path and position order, so that the merge of every shard equals the report
/// of one unsharded run.
public enum ReportMerger {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) { self.description = description }
    }

    /// The merged report, and whether it holds an error-level result (or, for SARIF, a tool
    /// notification). `reports` are the reports' names and contents.
    public static func merge(_ reports: [(name: String, data: Data)]) throws(Failure) -> (report: Data, failing: Bool) {
        var documents: [[String: Any]] = []
        for (name, data) in reports {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw Failure(description: "\(name): not a JSON report")
            }
            documents.append(object)
        }
        guard let first = documents.first else { throw Failure(description: "name at least one report") }
        let merged: [String: Any]
        var failing = false
        if first["runs"] != nil {
            guard documents.allSatisfy({ $0["runs"] != nil }) else { throw Failure(description: "mixed SARIF and JSON reports") }
            merged = mergeSARIF(documents, failing: &failing)
        } else if first["files"] != nil {
            guard documents.allSatisfy({ $0["files"] != nil }) else { throw Failure(description: "mixed SARIF and JSON reports") }
            merged = mergeJSON(documents, failing: &failing)
        } else {
            throw Failure(description: "\(reports[0].name): neither a postlint JSON report nor SARIF")
        }
        guard let data = try? JSONSerialization.data(withJSONObject: merged, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            throw Failure(description: "the merged report cannot be written as JSON")
        }
        return (data + Data("\n".utf8), failing)
    }

    private static func mergeJSON(_ documents: [[String: Any]], failing: inout Bool) -> [String: Any] {
        var files = documents.flatMap { $0["files"] as? [[String: Any]] ?? [] }
        files.sort { ($0["path"] as? String ?? "") < ($1["path"] as? String ?? "") }
        var summary = ["files": files.count, "errors": 0, "warnings": 0, "infos": 0, "unreadable": 0, "fixable": 0, "unsafeFixable": 0]
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
                switch (diagnostic["fix"] as? [String: Any])?["kind"] as? String {
                case "safe": summary["fixable"]! += count
                case "unsafe": summary["unsafeFixable"]! += count
                default: break
                }
            }
        }
        // What a baseline accepted is not in the files: only the shards' summaries know it.
        summary["baselined"] = documents.reduce(0) { $0 + (($1["summary"] as? [String: Any])?["baselined"] as? Int ?? 0) }
        var merged = documents[0]
        merged["files"] = files
        merged["summary"] = summary
        return merged
    }

    private static func mergeSARIF(_ documents: [[String: Any]], failing: inout Bool) -> [String: Any] {
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
