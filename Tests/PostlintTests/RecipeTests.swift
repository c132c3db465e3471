import Foundation
import Testing

/// The recipes users copy: `action.yml` and every CI and pre-commit block of the README (each
/// marked `<!-- recipe: SCHEMA -->`) are valid for the tool that reads them and carry every step
/// they need.
@Suite struct RecipeTests {
    /// The README's recipes: the schema each is marked with, and its text.
    static func recipes() throws -> [(schema: String, text: String)] {
        let readme = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var found: [(String, String)] = []
        var rest = readme[...]
        while let marker = rest.range(of: "<!-- recipe: ") {
            let schemaEnd = rest[marker.upperBound...].range(of: " -->")!
            let schema = String(rest[marker.upperBound..<schemaEnd.lowerBound])
            let open = rest[schemaEnd.upperBound...].range(of: "```yaml\n")!
            let close = rest[open.upperBound...].range(of: "```\n")!
            found.append((schema, String(rest[open.upperBound..<close.lowerBound])))
            rest = rest[close.upperBound...]
        }
        return found
    }

    static func validate(_ text: String, schema: String) throws -> CommandResult {
        let folder = try TemporaryFolder()
        let file = try folder.write("recipe.yml", text)
        return try ChildProcess.tool(["check-jsonschema", "--builtin-schema", schema, file.path])
    }

    @Test func theActionIsAValidCompositeAction() throws {
        let result = try ChildProcess.tool(["check-jsonschema", "--builtin-schema", "vendor.github-actions",
                                            Fixtures.packageRoot.appendingPathComponent("action.yml").path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let action = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("action.yml"), encoding: .utf8)
        for step in ["install.sh", "actions/cache@", "postlint check", "--format github", "github/codeql-action/upload-sarif@"] {
            #expect(action.contains(step), "action.yml lacks \(step)")
        }
        for input in ["paths:", "formats:", "fail-level:", "cache:"] { #expect(action.contains("  \(input)"), "action.yml lacks the input \(input)") }
    }

    @Test func everyRecipeValidatesAndHasEveryStep() throws {
        let recipes = try Self.recipes()
        #expect(recipes.filter { $0.schema == "vendor.github-workflows" }.count >= 2)
        #expect(recipes.contains { $0.schema == "vendor.gitlab-ci" })
        #expect(recipes.contains { $0.schema == "pre-commit" })
        for (schema, text) in recipes {
            switch schema {
            case "pre-commit":
                let hooks = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
                let ids = text.split(separator: "\n").compactMap { line -> String? in
                    guard let marker = line.range(of: "id: ") else { return nil }
                    return line[marker.upperBound...].split(separator: " ").first.map(String.init)
                }
                #expect(!ids.isEmpty)
                for id in ids {
                    #expect(hooks.contains("- id: \(id)\n"), "the pre-commit recipe names `\(id)`, which .pre-commit-hooks.yaml lacks")
                }
            case "vendor.github-workflows":
                let result = try Self.validate(text, schema: schema)
                #expect(result.status == 0, "\(text)\n\(result.stdout)\(result.stderr)")
                #expect(text.contains("actions/checkout@"), "a workflow without checkout:\n\(text)")
                #expect(text.contains("security-events: write"), "SARIF upload needs security-events: write:\n\(text)")
                // Every job that runs postlint installs it: through the action or install.sh.
                var jobs: [String] = []
                for line in text.components(separatedBy: "jobs:\n").last!.split(separator: "\n") {
                    if line.hasPrefix("  "), !line.hasPrefix("   ") { jobs.append("") }
                    if !jobs.isEmpty { jobs[jobs.count - 1] += line + "\n" }
                }
                #expect(!jobs.isEmpty)
                for job in jobs where job.contains("postlint ") && job.contains("run:") {
                    #expect(job.contains("postlint/postlint@") || job.contains("install.sh"), "a job runs postlint without installing it:\n\(job)")
                }
            case "vendor.gitlab-ci":
                let result = try Self.validate(text, schema: schema)
                #expect(result.status == 0, "\(text)\n\(result.stdout)\(result.stderr)")
                #expect(text.contains("install.sh"), "the GitLab recipe installs nothing")
                #expect(text.contains(".postlint-cache") && text.contains("--cache"), "the GitLab recipe has no cache")
            default:
                Issue.record("unknown recipe schema \(schema)")
            }
        }
    }

    /// The checker catches what the recipes must not have: a step without `uses` or `run`.
    @Test func theSchemaCheckCanFail() throws {
        let broken = "on: [push]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - with: { x: 1 }\n"
        #expect(try Self.validate(broken, schema: "vendor.github-workflows").status != 0)
    }
}
