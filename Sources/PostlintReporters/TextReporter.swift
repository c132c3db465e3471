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
            if frames, let text = report.lines[diagnostic.start.line] {
                appendFrame(diagnostic, text, lineStart: report.lineStarts[diagnostic.start.line], to: &out)
            }
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
    /// emoji take two terminal cells, combining marks none. `lineStart`, where the line starts
    /// in the file, finds the finding by its byte offset; without it, by its column.
    func frame(_ diagnostic: Diagnostic, _ text: String, lineStart: Int? = nil) -> String {
        var out: [UInt8] = []
        appendFrame(diagnostic, text, lineStart: lineStart, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// How much of a long line a frame shows: this many cells before the finding, and this many
    /// from its start on. A long Chinese paragraph is one line; each of its findings shows its
    /// own neighbourhood, with `...` where the line is cut.
    static let cellsBefore = 40, cellsAfter = 80

    private func appendFrame(_ diagnostic: Diagnostic, _ text: String, lineStart: Int?, to out: inout [UInt8]) {
        let numberStart = out.count
        out += String(diagnostic.start.line).utf8
        let digits = out.count - numberStart
        out += " | ".utf8
        var text = text
        let (padding, width) = text.withUTF8 { bytes in
            let (start, end) = Self.span(diagnostic, in: bytes, lineStart: lineStart)
            let window = Self.window(bytes, start: start, end: end)
            if window.from > 0 { out += "...".utf8 }
            out += TerminalText.frameLine(UnsafeBufferPointer(rebasing: bytes[window.from..<window.to]))
            if window.to < bytes.count { out += "...".utf8 }
            return (window.padding + (window.from > 0 ? 3 : 0), window.width)
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

    /// Where the finding starts in its line's bytes, and where it ends when it ends on that line.
    /// `lineStart`, where the line starts in the file, finds it by its byte offset; without it,
    /// by its columns.
    static func span(_ diagnostic: Diagnostic, in bytes: UnsafeBufferPointer<UInt8>, lineStart: Int?) -> (start: Int, end: Int?) {
        let sameLine = diagnostic.start.line == diagnostic.end.line
        if let lineStart {
            let start = scalarStart(bytes, diagnostic.range.lowerBound - lineStart)
            return (start, sameLine ? max(start, min(bytes.count, diagnostic.range.upperBound - lineStart)) : nil)
        }
        let start = offset(bytes, column: diagnostic.start.column)
        return (start, sameLine ? max(start, offset(bytes, column: diagnostic.end.column)) : nil)
    }

    /// `offset` clamped to the line and moved back to the start of its character.
    static func scalarStart(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Int {
        var index = max(0, min(offset, bytes.count))
        while index > 0, index < bytes.count, bytes[index] & 0xC0 == 0x80 { index -= 1 }
        return index
    }

    /// The byte offset of a 1-based UTF-16 column (the line's end past its last column).
    static func offset(_ bytes: UnsafeBufferPointer<UInt8>, column: Int) -> Int {
        var index = 0, current = 1
        while index < bytes.count, current < column {
            // Eight ASCII bytes are eight columns.
            if index + 8 <= bytes.count, current + 8 <= column,
               UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                current += 8
                continue
            }
            let length = UTF8Scalar.decode(bytes, at: index, end: bytes.count).length
            current += length == 4 ? 2 : 1
            index += length
        }
        return index
    }

    /// The bytes shown (`from..<to`), the cells before the finding within them (`padding`), and
    /// the cells under it (`width`, for a finding that ends on its line; cut at the window).
    static func window(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int?,
                       before cellsBefore: Int = cellsBefore, after cellsAfter: Int = cellsAfter) -> (from: Int, to: Int, padding: Int, width: Int) {
        var from = start, padding = 0
        while from > 0 {
            var previous = from - 1
            while previous > 0, bytes[previous] & 0xC0 == 0x80 { previous -= 1 }
            let cells = cells(at: previous, bytes)
            guard padding + cells <= cellsBefore else { break }
            padding += cells
            from = previous
        }
        var to = start, shown = 0, width = 0
        while to < bytes.count {
            let cells = cells(at: to, bytes)
            guard shown + cells <= cellsAfter else { break }
            if let end, to < end { width += cells }
            shown += cells
            to += UTF8Scalar.decode(bytes, at: to, end: bytes.count).length
        }
        return (from, to, padding, width)
    }

    private static func cells(at index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let value = UTF8Scalar.decode(bytes, at: index, end: bytes.count).value
        return value < 0x80 ? 1 : Unicode.Scalar(value).map(cells) ?? 1
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
        if summary.baselined > 0 { parts.append("\(plural(summary.baselined, "finding")) in the baseline not shown") }
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
