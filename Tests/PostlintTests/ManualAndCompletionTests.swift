import Foundation
import Testing

/// The man page (docs/man/postlint.1, made by ArgumentParser's GenerateManual plugin through
/// `scripts/man`) and the shell completion scripts cover every command and option there is.
@Suite struct ManualAndCompletionTests {
    /// Every subcommand and every long option name, from the command line's own description.
    static func commandLine() throws -> [(command: String, options: [String])] {
        let dump = try PostlintBinary.run(["--experimental-dump-help"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let command = try #require(root["command"] as? [String: Any])
        let subcommands = (command["subcommands"] as? [[String: Any]] ?? []).filter { ($0["commandName"] as? String) != "help" }
        return subcommands.map { sub in
            let options = (sub["arguments"] as? [[String: Any]] ?? []).filter { ($0["shouldDisplay"] as? Bool) != false }.flatMap { argument in
                (argument["names"] as? [[String: Any]] ?? []).filter { ($0["kind"] as? String) == "long" }.compactMap { $0["name"] as? String }
            }
            return (sub["commandName"] as? String ?? "", options)
        }
    }

    @Test func theManPageIsCurrent() throws {
        let page = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("docs/man/postlint.1"), encoding: .utf8)
        // The lines that name options: `.It Fl -name`, `.It Fl o , -output Ar output`.
        let optionLines = page.split(separator: "\n").filter { $0.hasPrefix(".It Fl") || $0.hasPrefix(".Op Fl") }
        let commands = try Self.commandLine()
        #expect(commands.count >= 7)
        for (command, options) in commands {
            #expect(page.contains(".It Em \(command)"), "docs/man/postlint.1 lacks `\(command)`: run scripts/man")
            for option in options {
                #expect(optionLines.contains { $0.split(separator: " ").contains("-\(option)") }, "docs/man/postlint.1 lacks `\(command) --\(option)`: run scripts/man")
            }
        }
        // groff reads it as a manual page without a warning.
        let rendered = try ChildProcess.tool(["groff", "-mandoc", "-Tutf8", "-ww", Fixtures.packageRoot.appendingPathComponent("docs/man/postlint.1").path])
        #expect(rendered.status == 0 && rendered.stderr.isEmpty, "\(rendered.stderr)")
        #expect(rendered.stdout.contains("postlint"))
    }

    @Test func completionScriptsNameEveryCommandAndOption() throws {
        let commands = try Self.commandLine()
        for shell in ["bash", "zsh", "fish"] {
            let script = try PostlintBinary.run(["--generate-completion-script", shell])
            #expect(script.status == 0, "\(shell): \(script.stderr)")
            for (command, options) in commands {
                #expect(script.stdout.contains(command), "\(shell) completion lacks `\(command)`")
                for option in options where option.count > 2 {
                    #expect(script.stdout.contains(option), "\(shell) completion lacks `\(command) --\(option)`")
                }
            }
        }
        let bash = try PostlintBinary.run(["--generate-completion-script", "bash"])
        let folder = try TemporaryFolder()
        let file = try folder.write("postlint.bash", bash.stdout)
        let syntax = try ChildProcess.tool(["bash", "-n", file.path])
        #expect(syntax.status == 0, "\(syntax.stderr)")
    }
}
