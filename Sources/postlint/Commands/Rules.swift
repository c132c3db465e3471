import ArgumentParser
import PostlintReporters
import PostlintRules
import PostlintRunner

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules, or show one rule's documentation and examples.")

    @Argument(help: "A rule id or code, e.g. PL202 or date-missing-timezone.")
    var rule: String?

    func run() throws {
        let catalogue = RuleCatalogue.builtIn
        guard let name = rule else {
            print(RuleDocRenderer().list(catalogue), terminator: "")
            return
        }
        guard let found = catalogue.rule(name) else {
            Messages.warn("no rule named `\(name)`; `postlint rules` lists them")
            throw ExitCode(2)
        }
        print(RuleDocRenderer().document(found), terminator: "")
    }
}
