import PostlintModel
import PostlintRules

/// The overview at the top of the HTML report (made when every file is done):
/// counts, bar charts per rule and per category, the posts with most findings, and the
/// filters, whose choices are the rules and categories that occur.
struct HTMLReportSummary {
    let summary: ReportSummary
    let rules: [String: RuleDescriptor]
    /// Findings, path and section id of the files with most findings, most first.
    let worst: [(count: Int, path: String, anchor: String)]
    /// How many files have a section (findings or an error).
    let listed: Int
    /// `--quiet`: warnings and infos were left out before the report saw them.
    let quiet: Bool

    var html: String {
        var html = "<section id=\"summary\" aria-labelledby=\"summary-title\">\n<h2 id=\"summary-title\">Summary</h2>\n<dl class=\"cards\">\n"
        let cards: [(String, String, Int, String)] = [
            ("files", "files checked", summary.files, ""),
            ("files-with-findings", "files with findings", summary.filesWithProblems, ""),
            ("errors", "errors", summary.errors, "error"),
            ("warnings", "warnings", summary.warnings, "warning"),
            ("infos", "infos", summary.infos, "info"),
            ("fixable", "fixable with postlint fix", summary.fixable, "fix"),
            ("unsafe-fixable", "more with postlint fix --unsafe", summary.unsafeFixable, "fix"),
            ("unreadable", "files with an error", summary.unreadable, summary.unreadable > 0 ? "error" : ""),
        ] + (summary.baselined > 0 ? [("baselined", "in the baseline, not shown", summary.baselined, "")] : [])
        for (id, label, count, style) in cards {
            html += "<div class=\"card \(style)\"><dt>\(label)</dt><dd id=\"count-\(id)\">\(count)</dd></div>\n"
        }
        html += "</dl>\n"
        let unlisted = summary.files - listed
        if quiet {
            html += "<p>With <code>--quiet</code> only errors are reported: warnings and infos are neither listed nor counted here.</p>\n"
        }
        if summary.files == 0 {
            html += "<p class=\"clean\">No files were checked.</p>\n"
        } else if summary.problems == 0 && summary.unreadable == 0 {
            html += "<p class=\"clean\">No findings: every file passed.</p>\n"
        } else if unlisted > 0 {
            html += "<p>\(HTMLReporter.plural(unlisted, "file")) without \(quiet ? "errors" : "findings") \(unlisted == 1 ? "is" : "are") not listed.</p>\n"
        }
        if !summary.perRule.isEmpty {
            let perRule = summary.perRule.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }
            html += "<h3 id=\"chart-rules\">Findings per rule</h3>\n"
            html += "<p class=\"legend\"><span class=\"swatch safe\"></span> fixable with postlint fix "
                + "<span class=\"swatch unsafe\"></span> with --unsafe <span class=\"swatch\"></span> not fixable</p>\n"
            html += Self.chart("chart-rules", perRule.map { id, count in
                (label: "\(count.code) \(id)", count: count.count, key: "rule", value: id, fixable: count.fixable, unsafe: count.unsafeFixable)
            })
            var perCategory: [String: Int] = [:]
            for (id, count) in summary.perRule { perCategory[category(id), default: 0] += count.count }
            html += "<h3 id=\"chart-categories\">Findings per category</h3>\n"
            html += Self.chart("chart-categories", perCategory.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map {
                (label: $0.key, count: $0.value, key: "category", value: $0.key, fixable: 0, unsafe: 0)
            })
        }
        if !worst.isEmpty {
            html += "<h3>\(worst.count == 1 ? "The post" : "The \(worst.count) posts") with most findings</h3>\n<ol class=\"worst\">\n"
            for file in worst {
                html += "<li><a href=\"#\(file.anchor)\"><bdi>\(XMLText.text(file.path))</bdi></a> <span class=\"tally\">\(HTMLReporter.plural(file.count, "finding"))</span></li>\n"
            }
            html += "</ol>\n"
        }
        return html + "</section>\n" + filters
    }

    private func category(_ rule: String) -> String { rules[rule]?.category ?? "custom" }

    /// The filter controls. They need the script, which shows them; without it the report
    /// lists everything.
    private var filters: String {
        var html = "<form id=\"filters\" hidden aria-label=\"Filters\">\n<fieldset><legend>Severity</legend>"
        for severity in ["error", "warning", "info"] {
            html += "<label><input type=\"checkbox\" name=\"severity\" value=\"\(severity)\" checked> \(severity)</label> "
        }
        html += "</fieldset>\n<label>Rule <select name=\"rule\"><option value=\"\">every rule</option>"
        for (id, count) in summary.perRule.sorted(by: { $0.key < $1.key }) {
            html += "<option value=\"\(XMLText.attribute(id))\" data-category=\"\(XMLText.attribute(category(id)))\">\(XMLText.text("\(count.code) \(id)")) (\(count.count))</option>"
        }
        html += "</select></label>\n<label>Category <select name=\"category\"><option value=\"\">every category</option>"
        for category in Set(summary.perRule.keys.map(category)).sorted() {
            html += "<option value=\"\(XMLText.attribute(category))\">\(XMLText.text(category))</option>"
        }
        html += "</select></label>\n<label><input type=\"checkbox\" name=\"fixable\"> fixable only</label>\n"
        html += "<label>Path <input type=\"search\" name=\"path\" placeholder=\"part of a path\"></label>\n"
        let shown = "\(HTMLReporter.plural(summary.problems, "finding")) in \(HTMLReporter.plural(listed, "file")) shown"
        return html + "<output name=\"shown\" aria-live=\"polite\">\(shown)</output>\n</form>\n"
    }

    /// A horizontal bar chart in inline SVG, with its labels and counts as text; the part of a
    /// bar `fix` repairs drawn in the colours of the legend.
    static func chart(_ title: String, _ rows: [(label: String, count: Int, key: String, value: String, fixable: Int, unsafe: Int)]) -> String {
        let rowHeight = 22, labelWidth = 300, barWidth = 360, width = 720
        let height = rows.count * rowHeight + 4
        let most = max(1, rows.map(\.count).max() ?? 1)
        var svg = "<svg class=\"chart\" role=\"img\" aria-labelledby=\"\(title)\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\">\n"
        for (index, row) in rows.enumerated() {
            let y = index * rowHeight + 2
            let length = max(1, row.count * barWidth / most)
            let label = row.label.count > 44 ? String(row.label.prefix(43)) + "…" : row.label
            svg += "<g class=\"bar\" data-\(row.key)=\"\(XMLText.attribute(row.value))\" data-count=\"\(row.count)\">"
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 15)\" text-anchor=\"end\">\(XMLText.text(label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(length)\" height=\"\(rowHeight - 6)\"></rect>"
            var x = labelWidth
            for (part, style) in [(row.fixable, "safe"), (row.unsafe, "unsafe")] where part > 0 {
                let width = max(1, part * length / row.count)
                svg += "<rect class=\"\(style)\" x=\"\(x)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"\(rowHeight - 6)\"></rect>"
                x += width
            }
            svg += "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 15)\">\(row.count)</text></g>\n"
        }
        return svg + "</svg>\n"
    }
}
