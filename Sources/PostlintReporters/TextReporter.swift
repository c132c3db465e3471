import Glibc
import PostlintEngine
import PostlintModel
import PostlintRules

/// `path:line:column: severity [CODE/id] message`, one line per diagnostic, then a summary.
public struct TextReporter: PerFileReportWriter {
    public let color: Bool
    /// Show each finding's line with a caret under it.
    public let frames: Bool
    /// Count findings per rule instead of listing them (`--statistics`).
    public let statistics: Bool

    public init(color: Bool, frames: Bool = true, statistics: Bool = false) {
        self.color = color
        self.frames = frames
        self.statistics = statistics
    }

    public func begin(to out: inout some TextOutputStream) {}

    public func text(for report: FileReport) -> String {
        String(decoding: utf8(for: report), as: UTF8.self)
    }

    public func utf8(for report: FileReport) -> [UInt8] {
        // Built as UTF-8 bytes: appending a dozen short Strings per diagnostic cost more than
        // the rules that found it, and the report is written as bytes.
        var out: [UInt8] = []
        out.reserveCapacity(report.diagnostics.count * 320)
        if let error = report.error {
            out += "\(TerminalText.line(report.path)): \(paint("error", .red)): \(TerminalText.line(error))\n".utf8
        }
        for diagnostic in report.diagnostics where !statistics {
            appendLine(diagnostic, to: &out)
            out.append(0x0A)
            if frames, let text = report.lines[diagnostic.start.line] { appendFrame(diagnostic, text, to: &out) }
        }
        return out
    }

    public func end(_ summary: ReportSummary, to out: inout some TextOutputStream) {
        if statistics { out.write(table(summary)) }
        out.write(self.summary(summary) + "\n")
    }

    /// `--statistics`: findings per rule, most first, with how many `fix` repairs.
    public func table(_ summary: ReportSummary) -> String {
        let rows = summary.perRule.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }
        let width = rows.map { String($0.value.count).count }.max() ?? 1
        let idWidth = rows.map(\.key.count).max() ?? 0
        return rows.map { id, count in
            let number = String(count.count)
            var line = String(repeating: " ", count: width - number.count) + number + "  \(count.code)  \(id)"
            var fixes: [String] = []
            if count.fixable > 0 { fixes.append("\(count.fixable) fixable") }
            if count.unsafeFixable > 0 { fixes.append("\(count.unsafeFixable) with --unsafe") }
            if !fixes.isEmpty { line += String(repeating: " ", count: idWidth - id.count) + "  " + fixes.joined(separator: ", ") }
            return line + "\n"
        }.joined()
    }

    public func line(_ diagnostic: Diagnostic) -> String {
        var out: [UInt8] = []
        appendLine(diagnostic, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func appendLine(_ diagnostic: Diagnostic, to out: inout [UInt8]) {
        out += TerminalText.line(diagnostic.path).utf8
        out.append(UInt8(ascii: ":"))
        out += String(diagnostic.start.line).utf8
        out.append(UInt8(ascii: ":"))
        out += String(diagnostic.start.column).utf8
        out += ": ".utf8
        out += paint(diagnostic.severity.rawValue, Self.color(for: diagnostic.severity)).utf8
        out += " [".utf8
        out += diagnostic.code.utf8
        out.append(UInt8(ascii: "/"))
        out += diagnostic.ruleID.utf8
        out += "] ".utf8
        out += TerminalText.line(diagnostic.reportedMessage).utf8
        switch diagnostic.fix?.kind {
        case .safe?: out += " [fixable]".utf8
        case .unsafe?: out += " [fixable with --unsafe]".utf8
        default: break
        }
    }

    /// The line, and carets under the finding, placed by display width: CJK characters and
    /// emoji take two terminal cells, combining marks none.
    func frame(_ diagnostic: Diagnostic, _ text: String) -> String {
        var out: [UInt8] = []
        appendFrame(diagnostic, text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func appendFrame(_ diagnostic: Diagnostic, _ text: String, to out: inout [UInt8]) {
        let numberStart = out.count
        out += String(diagnostic.start.line).utf8
        let digits = out.count - numberStart
        out += " | ".utf8
        let end = diagnostic.start.line == diagnostic.end.line ? diagnostic.end.column : nil
        var text = text
        let (padding, width) = text.withUTF8 { bytes in
            let measure = Self.measure(bytes, start: diagnostic.start.column, end: end)
            out += TerminalText.frameLine(UnsafeBufferPointer(rebasing: bytes[..<measure.shown]))
            return (measure.padding, measure.width)
        }
        out.append(0x0A)
        out += repeatElement(0x20, count: digits)
        out += " | ".utf8
        out += repeatElement(0x20, count: padding)
        if color { out += "\u{1B}[\(Self.color(for: diagnostic.severity).rawValue)m".utf8 }
        out.append(UInt8(ascii: "^"))
        out += repeatElement(UInt8(ascii: "~"), count: max(0, width - 1))
        if color { out += "\u{1B}[0m".utf8 }
        out.append(0x0A)
    }

    /// How many bytes of the line are shown (at most 400 scalars), and the cells before the
    /// finding (`padding`) and under it (`width`, for a finding that ends on its line).
    /// Columns count UTF-16 units; cells are read only up to the finding's end.
    static func measure(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int?) -> (shown: Int, padding: Int, width: Int) {
        let limit = max(start, end ?? start)
        var index = 0, scalars = 0, column = 1, padding = 0, width = 0
        while index < bytes.count && scalars < 400 && column < limit {
            // Eight ASCII bytes wholly before the finding, or wholly under it, are eight cells;
            // code frames mostly show long lines of HTML.
            if index + 8 <= bytes.count, scalars + 8 <= 400, column + 8 <= limit, column + 8 <= start || column >= start,
               UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                if column < start { padding += 8 } else { width += 8 }
                column += 8
                index += 8
                scalars += 8
                continue
            }
            let (value, length) = UTF8Scalar.decode(bytes, at: index, end: bytes.count)
            let cells = value < 0x80 ? 1 : Unicode.Scalar(value).map(Self.cells) ?? 1
            if column < start {
                padding += cells
            } else if let end, column < end {
                width += cells
            }
            column += length == 4 ? 2 : 1
            index += length
            scalars += 1
        }
        while index < bytes.count && scalars < 400 {
            if index + 8 <= bytes.count, scalars + 8 <= 400,
               UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                scalars += 8
                continue
            }
            let lead = bytes[index]
            index += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            scalars += 1
        }
        return (min(index, bytes.count), padding, width)
    }

    static func cells(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 { return 1 }
        // The only combining marks inside the wide ranges below: ideographic tone marks and
        // the combining kana voicing marks.
        if (0x302A...0x302D).contains(v) || (0x3099...0x309A).contains(v) { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
            || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark || v == 0x200B || v == 0xFEFF { return 0 }
        return 1
    }

    public func summary(_ summary: ReportSummary) -> String {
        let checked = "\(summary.files) file\(summary.files == 1 ? "" : "s") checked"
        var parts: [String] = []
        if summary.problems == 0 {
            parts.append("no problems")
        } else {
            let counts = [
                plural(summary.errors, "error"), plural(summary.warnings, "warning"), plural(summary.infos, "info", "infos"),
            ].joined(separator: ", ")
            parts.append("\(plural(summary.problems, "problem")) (\(counts)) in \(plural(summary.filesWithProblems, "file"))")
        }
        if summary.fixable > 0 || summary.unsafeFixable > 0 {
            var fixes = summary.fixable > 0 ? "\(summary.fixable) fixable with `postlint fix`" : ""
            if summary.unsafeFixable > 0 {
                fixes += (fixes.isEmpty ? "" : ", ") + "\(summary.unsafeFixable)\(fixes.isEmpty ? "" : " more") with `postlint fix --unsafe`"
            }
            parts.append(fixes)
        }
        if summary.unreadable > 0 { parts.append("\(plural(summary.unreadable, "file")) had an error (shown above)") }
        return "\(checked): " + parts.joined(separator: "; ")
    }

    private func plural(_ count: Int, _ word: String, _ many: String? = nil) -> String {
        "\(count) \(count == 1 ? word : (many ?? word + "s"))"
    }

    enum Color: String { case red = "31", yellow = "33", blue = "34" }

    static func color(for severity: Severity) -> Color {
        switch severity {
        case .error: return .red
        case .warning: return .yellow
        case .info: return .blue
        }
    }

    private func paint(_ text: String, _ color: Color) -> String {
        self.color ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
    }
}
