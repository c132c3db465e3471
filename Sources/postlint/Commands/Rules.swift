import ArgumentParser
import PostlintReporters
import PostlintRules
import PostlintRunner

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules, or show one rule's documentation and examples.",
        discussion: "Rule ids and codes are read in any case (pl202, PL202, date-missing-timezone).")

    @Argument(help: "A rule id or code, e.g. PL202 or date-missing-timezone.")
    var rule: String?

    @Option(help: ArgumentHelp("Write one Markdown page per rule and an index (README.md) into this folder.", valueName: "folder"))
    var docs: String?

    func run() throws {
        let catalogue = RuleCatalogue.builtIn
        if let docs {
            do {
                try RuleDocumentationFiles.write(catalogue, to: docs)
            } catch {
                Messages.warn("\(error)")
                throw ExitCode(2)
            }
            return
        }
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
