import PostlintEngine
import PostlintModel
import PostlintRules

/// `--format html`: one self-contained page (inline CSS, inline SVG, a small inline script for
/// the filters) that reads fully with scripts off. Each file's section is made as the file
/// finishes and kept in a spill file (`SpillBuffer`), so the writer holds only counts and the
/// 20 worst files however large the site; at the end the summary is written, then the sections.
/// The summary comes first in the page, where a browser shows it before the rest has loaded.
/// Everything taken from posts is escaped text: no post contributes an element, an attribute
/// name or a URL.
public struct HTMLReporter: ReportWriter {
    private let rules: [String: RuleDescriptor]
    private let toolVersion: String
    /// Sections written so far; each file with findings or an error has one, `f1`, `f2`, ….
    private var sections = 0
    /// The files with most findings, most first (ties in input order): at most `worstShown`.
    private var worst: [(count: Int, path: String, section: Int)] = []
    static let worstShown = 20
    private var files = SpillBuffer()
    /// Sections are grouped by this many, and the browser lays out a group only when it is
    /// scrolled to (`content-visibility: auto`): per group, not per section, because each
    /// skipped box has a cost of its own (16,000 posts open in 2.2 s instead of 3.2 s).
    static let chunk = 20

    /// Set with `--quiet`: only errors reach the writer, and the summary says so.
    private let quiet: Bool

    public init(catalogue: RuleCatalogue, toolVersion: String, quiet: Bool = false) {
        self.quiet = quiet
        var rules: [String: RuleDescriptor] = [:]
        for rule in catalogue.rules { rules[rule.descriptor.id] = rule.descriptor }
        self.rules = rules
        self.toolVersion = toolVersion
    }

    public func begin(to out: inout some TextOutputStream) {
        out.write(HTMLReportPage.head(toolVersion: toolVersion))
    }

    public mutating func add(_ report: FileReport, to out: inout some TextOutputStream) {
        guard report.error != nil || !report.diagnostics.isEmpty else { return }
        sections += 1
        let count = report.diagnostics.reduce(0) { $0 + $1.count }
        rank(count, report.path)
        var html = sections % Self.chunk == 1 ? (sections == 1 ? "" : "</div>\n") + "<div class=\"chunk\">\n" : ""
        html += "<section class=\"file\(report.error == nil ? "" : " unreadable")\" id=\"f\(sections)\">\n"
        let tally = report.diagnostics.isEmpty ? "not checked" : Self.plural(count, "finding")
        html += "<h2><a href=\"#f\(sections)\"><bdi>\(XMLText.text(report.path))</bdi></a> <span class=\"tally\">\(tally)</span></h2>\n"
        if let error = report.error { html += "<p class=\"failure\">\(XMLText.text(error))</p>\n" }
        if !report.diagnostics.isEmpty {
            html += "<ol class=\"findings\">\n"
            for diagnostic in report.diagnostics { html += finding(diagnostic, in: report) }
            html += "</ol>\n"
        }
        files.write(html + "</section>\n")
    }

    public mutating func end(_ summary: ReportSummary, to out: inout some TextOutputStream) {
        out.write(HTMLReportSummary(summary: summary, rules: rules, worst: worst.map { ($0.count, $0.path, "f\($0.section)") }, listed: sections, quiet: quiet).html)
        out.write("<main id=\"files\" aria-label=\"Findings per file\">\n")
        files.drain(to: &out)
        out.write((sections > 0 ? "</div>\n" : "") + "</main>\n" + HTMLReportPage.tail(toolVersion: toolVersion))
    }

    /// Keeps the file among the worst when it has more findings than the last of them.
    private mutating func rank(_ count: Int, _ path: String) {
        guard count > 0, worst.count < Self.worstShown || count > worst[worst.count - 1].count else { return }
        let position = worst.firstIndex { $0.count < count } ?? worst.count
        worst.insert((count, path, sections), at: position)
        if worst.count > Self.worstShown { worst.removeLast() }
    }

    /// One finding: where, how severe, which rule (linked to its page) and whether `fix` repairs
    /// it; the message and the rule's summary; then the code frame, which for a fix within the
    /// line is the line before and after it. Kept to a dozen elements: a site's report holds
    /// tens of thousands of findings, and the browser's time to open it grows with its elements.
    private func finding(_ diagnostic: Diagnostic, in report: FileReport) -> String {
        let descriptor = rules[diagnostic.ruleID]
        let severity = diagnostic.severity.rawValue
        // The category is not repeated here: the script finds it from the rule (`HTMLReportSummary`).
        var html = "<li data-severity=\"\(severity)\" data-rule=\"\(XMLText.attribute(diagnostic.ruleID))\""
        if diagnostic.folded > 0 { html += " data-count=\"\(diagnostic.count)\"" }
        if let fix = diagnostic.fix { html += " data-fixable=\"\(fix.kind.rawValue)\"" }
        html += ">\n<p class=\"head\"><b>\(diagnostic.start.line):\(diagnostic.start.column) \(severity)</b> "
        let name = XMLText.text("\(diagnostic.code) \(diagnostic.ruleID)")
        if let descriptor, let page = RuleDocumentation.url(for: descriptor) {
            html += "<a href=\"\(XMLText.attribute(page))\">\(name)</a>"
        } else {
            html += name
        }
        switch diagnostic.fix?.kind {
        case .safe?: html += " <span class=\"fixable\">fixable with postlint fix</span>"
        case .unsafe?: html += " <span class=\"fixable\">fixable with postlint fix --unsafe</span>"
        default: break
        }
        html += "</p>\n<p>\(Self.prose(diagnostic.reportedMessage))</p>\n"
        if let summary = descriptor?.summary, !summary.isEmpty { html += "<p class=\"about\">\(Self.prose(summary))</p>\n" }
        if let line = report.lines[diagnostic.start.line] {
            let lineStart = report.lineStarts[diagnostic.start.line]
            html += lineStart.flatMap { HTMLCodeFrame.change(diagnostic, line, lineStart: $0) }
                ?? HTMLCodeFrame.frame(diagnostic, line, lineStart: lineStart)
        }
        return html + "</li>\n"
    }

    /// A message or summary, escaped, with its `quoted` parts (messages quote text and
    /// commands in backticks) as code.
    static func prose(_ text: String) -> String {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count > 1, parts.count % 2 == 1 else { return XMLText.text(text) }
        return parts.enumerated().map { index, part in
            index % 2 == 0 ? XMLText.text(String(part)) : "<code>" + XMLText.text(String(part)) + "</code>"
        }.joined()
    }

    static func plural(_ count: Int, _ word: String) -> String {
        "\(count) \(word)\(count == 1 ? "" : "s")"
    }
}
