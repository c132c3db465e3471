import ArgumentParser
import PostlintRules
import PostlintRunner

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
        do { try StarterConfiguration.write(preset: preset, force: force) } catch {
            Messages.warn(error.description)
            throw ExitCode(2)
        }
        print("wrote .postlint.yml (extends \(preset))")
        if let done = StarterConfiguration.ignoreCache() { print(done) }
        print("")
        print(StarterConfiguration.preCommitSnippet)
    }
}
