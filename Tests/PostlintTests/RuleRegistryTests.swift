import Foundation
import Testing

/// The build makes the registry of the Swift checks from `Rules/` and the checks' sources, and
/// stops when a rule file with `check: swift` and a Swift check do not pair up. The tool the
/// build plugin runs is run here on copies with one side taken away.
@Suite(.serialized) struct RuleRegistryTests {
    static let tool = PostlintBinary.url.deletingLastPathComponent().appendingPathComponent("PostlintEmbedTool")

    /// Copies of `Rules/` and of the checks' sources, changed by `change`, and what the tool
    /// makes of them.
    static func embed(_ change: (_ rules: URL, _ checks: URL) throws -> Void) throws -> CommandResult {
        let folder = try TemporaryFolder()
        let rules = folder.url.appendingPathComponent("Rules"), checks = folder.url.appendingPathComponent("Checks")
        try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("Rules"), to: rules)
        try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("Sources/PostlintRules/Checks"), to: checks)
        try change(rules, checks)
        let output = folder.url.appendingPathComponent("Embedded.swift")
        var result = try ChildProcess.run(tool, [rules.path, checks.path, output.path])
        if result.status == 0 { result = CommandResult(status: 0, stdout: try String(contentsOf: output, encoding: .utf8), stderr: result.stderr) }
        return result
    }

    @Test func everyRuleFileWithASwiftCheckIsRegistered() throws {
        let result = try Self.embed { _, _ in }
        #expect(result.status == 0, "\(result.stderr)")
        let registered = result.stdout.split(separator: "\n").filter { $0.hasSuffix("(),") }.count
        let ruleFiles = Fixtures.files(under: Fixtures.packageRoot.appendingPathComponent("Rules"), extensions: ["yml"])
            .filter { (try? String(contentsOf: $0, encoding: .utf8))?.contains("\ncheck: swift\n") ?? false }
        #expect(registered == ruleFiles.count)
        #expect(result.stdout.contains("\"date-in-future\": DateInFuture(),"))
    }

    @Test func aRuleFileWithoutItsSwiftCheckStopsTheBuild() throws {
        let result = try Self.embed { _, checks in
            try FileManager.default.removeItem(at: checks.appendingPathComponent("Dates/DateInFuture.swift"))
        }
        #expect(result.status == 1)
        #expect(result.stderr.contains("the rule `date-in-future` has `check: swift`, but no Swift check declares"), "\(result.stderr)")
    }

    @Test func aSwiftCheckWithoutItsRuleFileStopsTheBuild() throws {
        let result = try Self.embed { rules, _ in
            try FileManager.default.removeItem(at: rules.appendingPathComponent("dates/date-in-future.yml"))
        }
        #expect(result.status == 1)
        #expect(result.stderr.contains("DateInFuture checks the rule `date-in-future`, but no file in Rules/ defines it"), "\(result.stderr)")
    }
}
