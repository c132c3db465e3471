/// The rules whose logic is Swift, by the id their YAML file gives (`check: swift`).
enum SwiftChecks {
    static let all: [String: any RuleCheck] = [
        "front-matter-missing": FrontMatterMissing(),
        "front-matter-not-at-start": FrontMatterNotAtStart(),
        "front-matter-unterminated": FrontMatterUnterminated(),
        "front-matter-invalid-yaml": FrontMatterInvalidYAML(),
        "front-matter-duplicate-key": FrontMatterDuplicateKey(),
        "date-invalid": DateInvalid(),
        "date-missing-timezone": DateMissingTimezone(),
        "date-impossible": DateImpossible(),
        "filename-date-missing": FilenameDateMissing(),
        "filename-date-mismatch": FilenameDateMismatch(),
        "date-in-future": DateInFuture(),
        "date-non-canonical": DateNonCanonical(),
        "invalid-utf8": InvalidUTF8(),
        "binary-file": BinaryFile(),
    ]
}
