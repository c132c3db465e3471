import Foundation
import PostlintEngine
import PostlintModel
import PostlintRules
import Testing

/// cjk-latin-spacing's fix against autocorrect (`autocorrect-py`, `format_for(text, "md")`), the
/// tool whose convention it follows: on the prose of `wangxin93`, autocorrect puts a space in at
/// least 99 % of the places postlint does.
@Suite struct CJKSpacingAgreementTests {
    @Test func theFixAgreesWithAutocorrect() throws {
        let originals = try TemporaryFolder(), fixed = try TemporaryFolder()
        var configuration = Configuration()
        configuration.settings["cjk-latin-spacing"] = RuleSetting(enabled: true)
        let fixer = Fixer(linter: Linter(environment: LintEnvironment(now: Fixtures.now)), policy: .init(rules: ["cjk-latin-spacing"]))
        for file in Fixtures.files(under: Fixtures.corpus.appendingPathComponent("wangxin93/_posts"), extensions: ["md", "markdown"]) {
            let bytes = [UInt8](try Data(contentsOf: file))
            guard TextEncoding(validating: bytes) == .utf8 else { continue }
            let result = fixer.fix(path: "_posts/" + file.lastPathComponent, bytes: bytes, configuration: configuration, onlyPolicyRules: true)
            try originals.write(file.lastPathComponent, Data(bytes))
            try fixed.write(file.lastPathComponent, Data(result.fixed))
        }
        let script = Fixtures.packageRoot.appendingPathComponent("Tests/Agreement/cjk_spacing.py").path
        let run = try ChildProcess.tool(["python3", script, originals.url.path, fixed.url.path])
        try #require(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let ours = report["ours"] as? Int ?? 0, agreed = report["agreed"] as? Int ?? 0
        print("cjk-latin-spacing: \(agreed) of \(ours) inserted spaces agree with autocorrect")
        #expect(ours > 1000, "the corpus has many places to space: \(ours)")
        #expect(Double(agreed) >= 0.99 * Double(ours), "\(agreed) of \(ours) agree; where they differ:\n\((report["differences"] as? [String] ?? []).joined(separator: "\n"))")
    }
}
