import Foundation
import PostlintInvariants
import Testing

/// Every input a fuzz run ever broke (Tests/FuzzFindings, named `INVARIANT-what-it-was`),
/// checked against every invariant, so each finding stays fixed.
@Suite struct FuzzFindingsTests {
    static let folder = Fixtures.packageRoot.appendingPathComponent("Tests/FuzzFindings")

    static var findings: [URL] {
        Fixtures.files(under: folder)
    }

    @Test func theFindingsAreThere() {
        #expect(Self.findings.count >= 1)
        for finding in Self.findings {
            let prefix = finding.lastPathComponent.split(separator: "-").first.map(String.init) ?? ""
            #expect(Invariant(rawValue: prefix) != nil, "\(finding.lastPathComponent) should start with the invariant it broke")
        }
    }

    @Test(arguments: Invariant.allCases)
    func everyFindingHoldsNow(_ invariant: Invariant) throws {
        for finding in Self.findings {
            let bytes = try [UInt8](Data(contentsOf: finding))
            #expect(invariant.violation(bytes) == nil, "\(finding.lastPathComponent)")
        }
    }
}
