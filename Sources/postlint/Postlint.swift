import ArgumentParser

@main
struct Postlint: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "postlint",
        abstract: "Lint, fix and convert Jekyll-style blog posts.",
        discussion: """
            Exit status: 0 when nothing at or above the fail level was found, 1 when something \
            was, 2 on a usage, configuration or file error.
            """,
        version: version,
        subcommands: [Check.self, Fix.self, Convert.self, Rules.self, Init.self, MergeReports.self],
        defaultSubcommand: nil)
}
