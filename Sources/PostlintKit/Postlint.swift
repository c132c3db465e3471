import Foundation
import PostlintConvert

/// postlint on one post given as text: what `postlint check`, `fix` and `convert` do to a file,
/// without files, threads or a command line.
///
/// ```swift
/// import PostlintKit
///
/// let configuration = try Configuration(yaml: "extends: [recommended]\n")
/// let post = "---\ntitle: 一网通办\ndate: 2024-01-01 10:00:00 +0800\n---\n推行 “一网通办”。\n"
/// for diagnostic in Postlint.lint(post, path: "_posts/2024-01-01-a.md", configuration: configuration) {
///     print(diagnostic.start.line, diagnostic.code, diagnostic.message)
/// }
/// print(Postlint.fix(post, path: "_posts/2024-01-01-a.md", configuration: configuration).text)
/// ```
public enum Postlint {
    /// The diagnostics of `text` read as the file at `path` (which picks the rules that apply:
    /// a post, a page, a layout), in report order. `now` is the moment the date rules judge
    /// future dates against.
    public static func lint(_ text: String, path: String, configuration: Configuration = Configuration(), now: Date = Date()) -> [Diagnostic] {
        linter(now).lint(Post(path: path, bytes: Array(text.utf8)), configuration: configuration)
    }

    /// What `fix` makes of a post: the fixed text, the fixes applied, and what remains.
    public struct Fixed: Sendable {
        public let text: String
        /// The diagnostics whose fixes were applied, each in the text of the pass that applied it.
        public let applied: [Diagnostic]
        /// The diagnostics of the fixed text.
        public let remaining: [Diagnostic]
        public var changed: Bool { !applied.isEmpty }
    }

    /// `text` with every safe fix applied (and the unsafe ones too with `unsafe`), pass after
    /// pass until nothing more changes; `rules` (ids or codes) limits the fixes to theirs.
    public static func fix(_ text: String, path: String, configuration: Configuration = Configuration(), unsafe: Bool = false,
                           rules: Set<String> = [], now: Date = Date()) -> Fixed {
        let chosen = Set(rules.map { configuration.catalogue.rule($0)?.descriptor.id ?? $0 })
        let fixer = Fixer(linter: linter(now), policy: Fixer.Policy(includeUnsafe: unsafe, rules: chosen))
        let result = fixer.fix(path: path, bytes: Array(text.utf8), configuration: configuration)
        return Fixed(text: String(decoding: result.fixed, as: UTF8.self), applied: result.applied.map(\.diagnostic), remaining: result.remaining)
    }

    /// What `convert` makes of a post.
    public enum Format: Sendable { case markdown, xhtml }

    /// A converted post, and what could not be converted faithfully.
    public struct Converted: Sendable {
        public let text: String
        /// Problems met, each with a byte offset in the source when it could be found.
        public let issues: [ConversionIssue]
        /// Whether nothing in `issues` makes the output unfaithful (no word lost).
        public var faithful: Bool { !issues.contains { $0.fatal } }
    }

    /// `text` converted to clean CommonMark (front matter kept) or to an EPUB-ready XHTML
    /// document; every conversion is checked word by word against its source.
    public static func convert(_ text: String, path: String, to format: Format, configuration: Configuration = Configuration(),
                               now: Date = Date()) -> Converted {
        let bytes = Array(text.utf8)
        switch format {
        case .markdown:
            let output = MarkdownConverter(linter: linter(now)).convert(path: path, bytes: bytes, configuration: configuration)
            return Converted(text: String(decoding: output.bytes, as: UTF8.self), issues: output.issues)
        case .xhtml:
            let output = XHTMLConverter(linter: linter(now)).convert(path: path, bytes: bytes, configuration: configuration)
            return Converted(text: output.xhtml, issues: output.issues)
        }
    }

    private static func linter(_ now: Date) -> Linter {
        Linter(environment: LintEnvironment(now: Int(now.timeIntervalSince1970)))
    }
}

extension Configuration {
    /// The configuration `postlint check` uses for the file at `path`: the nearest
    /// `.postlint.yml` above it (with what it extends) and its Jekyll site's `_config.yml`, or
    /// the built-in defaults when there is none.
    public static func discover(for path: String) throws(ConfigurationError) -> Configuration {
        try ConfigurationLoader().configuration(forFile: path)
    }
}
