import Foundation

/// `postlint init`: a starter `.postlint.yml` that extends a preset, with the common settings
/// commented out, and the pre-commit snippet that runs postlint.
public enum StarterConfiguration {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes the starter configuration at `path`; an existing file is replaced only with `force`.
    public static func write(preset: String, to path: String = ".postlint.yml", force: Bool = false) throws(Failure) {
        if FileManager.default.fileExists(atPath: path), !force {
            throw Failure(description: "\(path) already exists; use --force to replace it")
        }
        do { try Data(text(preset: preset).utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw Failure(description: "\(path): cannot write: \(error.localizedDescription)")
        }
    }

    public static func text(preset: String) -> String {
        """
        # postlint configuration: https://github.com/postlint/postlint/blob/main/docs/configuration.md
        extends: [\(preset)]

        # The site's UTC offset, for dates that carry none.
        # timezone: "+0800"

        # Rules by id or code: off | on | error | warning | info, or {severity, options}.
        # Remove the `#` of a line to use it; the lines stay valid YAML under `rules:`.
        rules:
        #  date-non-canonical: warning
        #  front-matter-required-key:
        #    options: { required: [title, date, author] }

        # Files never checked, even when named on the command line.
        # exclude: ["drafts-old/**"]

        """
    }

    /// Adds `.postlint-cache` (where `--cache` keeps its results) to the `.gitignore` of `folder`
    /// when the folder is in a git work tree; returns what was done, nil when nothing was.
    public static func ignoreCache(in folder: String = ".") -> String? {
        let gitignore = (folder as NSString).appendingPathComponent(".gitignore")
        let existing = FileManager.default.contents(atPath: gitignore).map { String(decoding: $0, as: UTF8.self) }
        guard existing != nil || GitFiles.isInWorkTree(folder) else { return nil }
        let lines = (existing ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !lines.contains(where: { [".postlint-cache", "/.postlint-cache", ".postlint-cache/"].contains($0) }) else { return nil }
        var text = existing ?? ""
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        text += ".postlint-cache\n"
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: gitignore), options: .atomic) } catch { return nil }
        return existing == nil ? "wrote .gitignore (.postlint-cache)" : "added .postlint-cache to .gitignore"
    }

    public static let preCommitSnippet = """
        Add postlint to .pre-commit-config.yaml:

        repos:
          - repo: https://github.com/postlint/postlint
            rev: v\(PostlintVersion.current)
            hooks:
              - id: postlint        # check; blocks the commit on errors
              # - id: postlint-fix  # or: fix what is safe, then check
        """
}
