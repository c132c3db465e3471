import ArgumentParser
import Foundation
import PostlintRules

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter .postlint.yml here and print the pre-commit snippet.")

    @Option(help: "The preset to extend: recommended, jekyll or finews.")
    var preset: String = "recommended"

    @Flag(help: "Overwrite an existing .postlint.yml.")
    var force = false

    func validate() throws {
        guard RuleCatalogue.builtIn.presets[preset] != nil else {
            throw ValidationError("no preset named `\(preset)`; presets are \(RuleCatalogue.builtIn.presets.keys.sorted().joined(separator: ", "))")
        }
    }

    func run() throws {
        let path = ".postlint.yml"
        if FileManager.default.fileExists(atPath: path), !force {
            CommonOptions.warn("\(path) already exists; use --force to replace it")
            throw ExitCode(2)
        }
        let text = """
            # postlint configuration: https://github.com/postlint/postlint/blob/main/docs/configuration.md
            extends: [\(preset)]

            # The site's UTC offset, for dates that carry none.
            # timezone: "+0800"

            # Rules by id or code: off | on | error | warning | info, or {severity, options}.
            rules: {}
            #  date-non-canonical: warning
            #  front-matter-required-key:
            #    options: { required: [title, date, author] }

            # Files never checked, even when named on the command line.
            # exclude: ["drafts-old/**"]

            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        print("wrote \(path) (extends \(preset))\n")
        print(Self.preCommitSnippet)
    }

    static let preCommitSnippet = """
        Add postlint to .pre-commit-config.yaml:

        repos:
          - repo: https://github.com/postlint/postlint
            rev: v\(Postlint.version)
            hooks:
              - id: postlint        # check; blocks the commit on errors
              # - id: postlint-fix  # or: fix what is safe, then check
        """
}
