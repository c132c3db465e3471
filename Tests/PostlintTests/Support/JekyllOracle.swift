import Foundation
import Testing

/// What real Jekyll makes of a site, as `Tests/Oracle/jekyll-oracle` reports it: the ground
/// truth for every claim postlint makes about Jekyll.
struct JekyllOracle {
    struct Document {
        let path: String
        let kind: String
        /// Whether Jekyll read front matter from the file.
        let frontMatter: Bool
        /// `YYYY-MM-DD HH:MM:SS +HHMM` in the site's zone; nil when Jekyll fell back to the build time.
        let date: String?
        let day: String?
        let title: String?
        let categories: [String]
        let tags: [String]
        let content: String
    }

    let documents: [String: Document]
    let unprocessed: Set<String>
    let layouts: Set<String>
    let includes: Set<String>
    /// Files that stopped the build, with Jekyll's message.
    let errors: [String: String]
    let warnings: [String]

    static let script = Fixtures.packageRoot.appendingPathComponent("Tests/Oracle/jekyll-oracle")

    /// Builds the site at `site` with Jekyll.
    static func build(_ site: URL, drafts: Bool = false, future: Bool = false) throws -> JekyllOracle {
        let flags = (drafts ? ["--drafts"] : []) + (future ? ["--future"] : [])
        let result = try ChildProcess.run(script, flags + [site.path])
        try #require(result.status == 0, "jekyll-oracle failed: \(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        var documents: [String: Document] = [:]
        for item in json["documents"] as? [[String: Any]] ?? [] {
            let path = item["path"] as? String ?? ""
            documents[path] = Document(
                path: path, kind: item["kind"] as? String ?? "", frontMatter: item["front_matter"] as? Bool ?? false,
                date: item["date"] as? String, day: item["day"] as? String,
                title: item["title"].map { "\($0)" }, categories: (item["categories"] as? [Any] ?? []).map { "\($0)" },
                tags: (item["tags"] as? [Any] ?? []).map { "\($0)" }, content: item["content"] as? String ?? "")
        }
        var errors: [String: String] = [:]
        for item in json["errors"] as? [[String: Any]] ?? [] {
            errors[item["path"] as? String ?? "?"] = item["message"] as? String ?? ""
        }
        func set(_ key: String) -> Set<String> { Set(json[key] as? [String] ?? []) }
        return JekyllOracle(
            documents: documents, unprocessed: set("unprocessed"), layouts: set("layouts"), includes: set("includes"),
            errors: errors, warnings: json["warnings"] as? [String] ?? [])
    }

    /// Whether Jekyll left a post out because of its future date.
    func skippedAsFuture(_ path: String) -> Bool {
        warnings.contains { $0.contains("Skipping:") && $0.contains(path) && $0.contains("future date") }
    }
}

/// A postlint JSON report, read back.
struct PostlintFindings {
    struct Finding {
        let path: String
        let code: String
        let severity: String
        let message: String
        let line: Int
    }

    let findings: [Finding]
    /// Every file the report covers, with or without findings.
    let files: Set<String>

    init(json: String) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "not JSON: \(json.prefix(300))")
        var findings: [Finding] = []
        var files: Set<String> = []
        for file in object["files"] as? [[String: Any]] ?? [] {
            let path = file["path"] as? String ?? ""
            files.insert(path)
            for item in file["diagnostics"] as? [[String: Any]] ?? [] {
                findings.append(Finding(
                    path: path, code: item["code"] as? String ?? "", severity: item["severity"] as? String ?? "",
                    message: item["message"] as? String ?? "", line: (item["start"] as? [String: Any])?["line"] as? Int ?? 0))
            }
        }
        self.findings = findings
        self.files = files
    }

    func with(_ code: String) -> [Finding] { findings.filter { $0.code == code } }
}
