import Foundation
import Testing

/// docs/precision.md is what `scripts/precision` makes of today's findings and the verdicts in
/// docs/precision/verdicts.tsv: every sampled finding judged, every default rule at 95 % or more.
@Suite struct PrecisionAuditTests {
    @Test func thePrecisionAuditIsCurrentAndMet() throws {
        let script = Fixtures.packageRoot.appendingPathComponent("scripts/precision")
        let result = try ChildProcess.run(script, ["--check"], environment: ["POSTLINT": PostlintBinary.url.path])
        #expect(result.status == 0, "\(result.stderr)\(result.stdout); scripts/precision --pending lists findings to judge")
    }
}
