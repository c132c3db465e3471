import ArgumentParser
import PostlintLSP

struct LSP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the language server over standard input and output, for editors.",
        discussion: """
            Speaks the Language Server Protocol 3.17: findings as diagnostics while a post is \
            written, quick fixes, "fix all safe problems", formatting with the safe fixes, and a \
            rule's documentation on hover. Each document is configured as `postlint check` would \
            configure its file. See docs/editors.md for editor set-ups. Exit status: 0 after the \
            editor's `shutdown` and `exit`, 1 when the input ends without them.
            """)

    func run() throws {
        throw ExitCode(LanguageServer().run())
    }
}
