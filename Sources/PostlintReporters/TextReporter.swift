import PostlintEngine
import PostlintRules

/// `path:line:column: severity [CODE/id] message`, one line per diagnostic, then a summary.
public struct TextReporter: PerFileReportWriter {
    public let color: Bool
    /// Show each finding's line with a caret under it.
    public let frames: Bool

    public init(color: Bool, frames: Bool = true) {
        self.color = color
        self.frames = frames
    }

    public func begin(to out: inout some TextOutputStream) {}

    public func text(for report: FileReport) -> String {
        var out = ""
        if let error = report.error {
            out += "\(report.path): \(paint("error", .red)): \(error)\n"
        }
        for diagnostic in report.diagnostics {
            out += line(diagnostic) + "\n"
            if frames, let text = report.lines[diagnostic.start.line] { out += frame(diagnostic, text) }
        }
        return out
    }

    public func end(_ summary: ReportSummary, to out: inout some TextOutputStream) {
        out.write(self.summary(summary) + "\n")
    }

    public func line(_ diagnostic: Diagnostic) -> String {
        let severity = paint(diagnostic.severity.rawValue, Self.color(for: diagnostic.severity))
        // Sized once: interpolation grows the string several times for a long message.
        var line = ""
        line.reserveCapacity(diagnostic.path.utf8.count + severity.utf8.count + diagnostic.code.utf8.count
            + diagnostic.ruleID.utf8.count + diagnostic.message.utf8.count + 32)
        line += diagnostic.path
        line += ":"
        line += String(diagnostic.start.line)
        line += ":"
        line += String(diagnostic.start.column)
        line += ": "
        line += severity
        line += " ["
        line += diagnostic.code
        line += "/"
        line += diagnostic.ruleID
        line += "] "
        line += diagnostic.message
        return line
    }

    /// The line, and carets under the finding, placed by display width: CJK characters and
    /// emoji take two terminal cells, combining marks none.
    func frame(_ diagnostic: Diagnostic, _ text: String) -> String {
        // Built as UTF-8 bytes, a scalar decoded only where it is not ASCII: appending
        // scalars and repeated spaces to Strings cost more than everything else in the report.
        let number = Array(String(diagnostic.start.line).utf8)
        let gutter = Array(" | ".utf8)
        var out = number + gutter
        var column = 1, padding = 0, width = 0
        let oneLine = diagnostic.start.line == diagnostic.end.line
        var text = text
        text.withUTF8 { bytes in
            out.reserveCapacity(out.count + min(bytes.count, 1600) + 1)
            var index = 0, scalars = 0
            while index < bytes.count && scalars < 400 {
                let lead = bytes[index]
                let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                let cells: Int
                if lead < 0x80 {
                    out.append(lead == 0x09 ? 0x20 : lead)
                    cells = 1
                } else {
                    var value = UInt32(lead) & (0xFF >> UInt32(length + 1))
                    for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
                    out.append(contentsOf: bytes[index..<index + length])
                    cells = Unicode.Scalar(value).map(Self.cells) ?? 1
                }
                if column < diagnostic.start.column {
                    padding += cells
                } else if oneLine && column < diagnostic.end.column {
                    width += cells
                }
                column += length == 4 ? 2 : 1
                index += length
                scalars += 1
            }
        }
        out.append(0x0A)
        out += repeatElement(0x20, count: number.count)
        out += gutter
        out += repeatElement(0x20, count: padding)
        let marker = String(decoding: [UInt8(ascii: "^")] + repeatElement(UInt8(ascii: "~"), count: max(0, width - 1)), as: UTF8.self)
        return String(decoding: out, as: UTF8.self) + paint(marker, Self.color(for: diagnostic.severity)) + "\n"
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
