import Foundation
import PostlintAdapters
import PostlintConvert
import PostlintEngine
import PostlintModel
import PostlintReporters
import PostlintRules
import PostlintRunner

/// What must hold for any input whatsoever: the properties the fuzz targets check on every
/// generated input, and the regression tests check on every input a fuzz run ever broke.
public enum Invariant: String, CaseIterable, Sendable {
    /// Splitting and parsing a post keeps its bytes and keeps every range inside them.
    case parse
    /// Every rule on: every finding and every fix edit lies inside the file.
    case check
    /// Fixing keeps UTF-8 valid, never changes a file that is not UTF-8 text, and fixing twice
    /// equals fixing once.
    case fix
    /// Converting to Markdown gives UTF-8 that cmark-gfm renders.
    case markdown
    /// Converting to XHTML gives well-formed XML, or nothing with a fatal issue saying why.
    case xhtml
    /// Any bytes as a cache file: every entry the cache would serve holds together (its ranges
    /// inside its file, its positions on lines and columns from 1, its end after its start),
    /// and every report format writes it.
    case cache
    /// Any bytes as a `.postlint.yml`: a configuration or an error whose line lies in the text.
    case configuration

    /// nil when the invariant holds for `bytes`; otherwise what broke.
    public func violation(_ bytes: [UInt8]) -> String? {
        let size = bytes.count
        switch self {
        case .parse:
            let post = Post(path: Self.path, bytes: bytes)
            if post.source.bytes != bytes { return "the parsed post does not hold its input bytes" }
            for range in post.body?.verbatim.ranges ?? [] where range.lowerBound < 0 || range.upperBound > size {
                return "verbatim range \(range) outside \(size) bytes"
            }
        case .check:
            for diagnostic in Self.linter.lint(Post(path: Self.path, bytes: bytes), configuration: Self.everyRule) {
                if diagnostic.range.lowerBound < 0 || diagnostic.range.upperBound > size {
                    return "\(diagnostic.ruleID): range \(diagnostic.range) outside \(size) bytes"
                }
                if diagnostic.start.line < 1 || diagnostic.start.column < 1 { return "\(diagnostic.ruleID): position \(diagnostic.start)" }
                for edit in diagnostic.fix?.edits ?? [] where edit.range.lowerBound < 0 || edit.range.upperBound > size {
                    return "\(diagnostic.ruleID): fix edit \(edit.range) outside \(size) bytes"
                }
            }
        case .fix:
            let once = Self.fixer.fix(path: Self.path, bytes: bytes, configuration: Self.everyRule)
            if TextEncoding(validating: bytes) == .utf8 {
                if TextEncoding(validating: once.fixed) != .utf8 { return "fixing made the text invalid UTF-8" }
            } else if once.fixed != bytes {
                return "a file that is not UTF-8 text was changed"
            }
            // The fixer stops at its pass limit; only a fix that converged must be stable.
            if once.applied.map(\.pass).max() ?? 0 < Fixer.maximumPasses - 1 {
                let twice = Self.fixer.fix(path: Self.path, bytes: once.fixed, configuration: Self.everyRule)
                if twice.fixed != once.fixed { return "fixing twice differs from fixing once" }
            }
        case .markdown:
            let output = Self.markdownConverter.convert(path: Self.path, bytes: bytes, configuration: Configuration())
            if TextEncoding(validating: bytes) == .utf8, TextEncoding(validating: output.bytes) != .utf8 {
                return "the Markdown output is not UTF-8"
            }
            _ = MarkdownParser.renderHTML(String(decoding: output.bytes, as: UTF8.self))
        case .xhtml:
            let output = Self.xhtmlConverter.convert(path: Self.path, bytes: bytes, configuration: Configuration())
            // A post that cannot be converted faithfully (not UTF-8, no front matter) gives
            // nothing, and says why.
            if output.xhtml.isEmpty, !output.faithful { return nil }
            if let problem = XMLWellFormedness.problem(Array(output.xhtml.utf8)) {
                return "the XHTML output is not well-formed XML: \(problem)"
            }
        case .cache:
            let reports = ResultCache.reports(decoding: Data(bytes))
            for report in reports {
                for diagnostic in report.diagnostics {
                    if diagnostic.range.lowerBound < 0 { return "a cached range starts before the file: \(diagnostic.range)" }
                    if diagnostic.start.line < 1 || diagnostic.start.column < 1 || diagnostic.end.column < 1 { return "a cached position is before line or column 1" }
                    if diagnostic.end.line < diagnostic.start.line || diagnostic.range.upperBound < diagnostic.range.lowerBound {
                        return "a cached finding ends before it starts"
                    }
                }
            }
            // The two writers that read a finding's every field (SARIF's rule table is the
            // catalogue's, the same for any cache, and writing it made each run slow).
            var text = TextReporter(color: false)
            var json = JSONReporter(toolVersion: "fuzz")
            _ = (text.render(reports), json.render(reports))
        case .configuration:
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                _ = try Configuration(yaml: text, path: "fuzz.yml", directory: "/nonexistent-postlint-fuzz")
            } catch {
                // Lines as YAML counts them: CR LF, LF, CR, NEL, LS and PS each end one.
                let scalars = Array(text.unicodeScalars)
                let lines = 1 + scalars.indices.filter { index in
                    switch scalars[index] {
                    case "\n", "\u{85}", "\u{2028}", "\u{2029}": return true
                    case "\r": return index + 1 == scalars.count || scalars[index + 1] != "\n"
                    default: return false
                    }
                }.count
                if let line = error.line, line < 1 || line > lines + 1 { return "error on line \(line) of a \(lines)-line text: \(error.message)" }
            }
        }
        return nil
    }

    private static let path = "_posts/2024-01-01-fuzz.md"
    /// Every rule on, the finews preset's too, with a fixed "now" so runs repeat.
    private static let everyRule: Configuration = {
        var configuration = Configuration()
        for rule in configuration.catalogue.rules { configuration.settings[rule.descriptor.id] = RuleSetting(enabled: true) }
        return configuration
    }()
    private static let linter = Linter(environment: LintEnvironment(now: 1_767_225_600))
    private static let fixer = Fixer(linter: linter, policy: Fixer.Policy(includeUnsafe: true))
    private static let markdownConverter = MarkdownConverter(linter: linter)
    private static let xhtmlConverter = XHTMLConverter(linter: linter)
}
