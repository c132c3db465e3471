import ArgumentParser
import Foundation
import PostlintRules
import PostlintRunner
#if canImport(CMimalloc)
import CMimalloc
#endif

@main
struct Postlint: ParsableCommand {
    static let version = PostlintVersion.current

    static func main() {
        #if canImport(CMimalloc)
        // Memory freed on one worker thread and allocated on another waited mimalloc's default
        // 25 ms before going back to the system, and over a long run with two jobs peak memory
        // crept up (35 MB for 100,000 posts against 32 MB for 10,000); at 5 ms it stays flat.
        mi_option_set(mi_option_decommit_delay, 5)
        #endif
        // Reading the rule catalogue takes about as long as parsing the command line, and every
        // command but --help and --version needs it: the two overlap.
        Interruption.install()
        Thread.detachNewThread { _ = RuleCatalogue.builtIn }
        do {
            var command = try parseAsRoot(nil)
            try command.run()
        } catch {
            // ArgumentParser exits 64 on a usage error; postlint documents 2 for every usage,
            // configuration or file error.
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "postlint",
        abstract: "Lint, fix and convert Jekyll-style blog posts.",
        discussion: """
            Exit status: 0 when nothing at or above the fail level was found, 1 when something \
            was, 2 on a usage, configuration or file error.
            """,
        version: version,
        subcommands: [Check.self, Fix.self, Convert.self, Rules.self, Init.self, MergeReports.self, LSP.self],
        defaultSubcommand: nil)
}
