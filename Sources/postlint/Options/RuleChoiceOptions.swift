import ArgumentParser
import PostlintEngine
import PostlintRunner

/// Which rules run, over what the configuration says: `--select` and `--ignore`.
struct RuleChoiceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Run only these rules: ids, codes or categories, in any case, comma-separated or repeated; each is turned on even if the configuration has it off.", valueName: "rules"))
    var select: [String] = []

    @Option(help: ArgumentHelp("Do not run these rules (ids, codes or categories); wins over --select.", valueName: "rules"))
    var ignore: [String] = []

    var selection: RuleSelection {
        RuleSelection(select: Self.split(select), ignore: Self.split(ignore))
    }

    private static func split(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }

    /// Refuses a name that is no rule or category of the run's catalogue (user rules included).
    func check(against run: Run) throws {
        let unknown = selection.unknownNames(in: run.catalogue().catalogue)
        guard let first = unknown.first else { return }
        throw ValidationError("no rule or category named `\(first)`; `postlint rules` lists the rules and their categories")
    }
}
