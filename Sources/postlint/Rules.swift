import ArgumentParser
import Foundation
import PostlintReporters
import PostlintRules

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
            FileHandle.standardError.write(Data("postlint: no rule named `\(name)`; `postlint rules` lists them\n".utf8))
            throw ExitCode(2)
        }
        print(RuleDocRenderer().document(found), terminator: "")
    }
}
