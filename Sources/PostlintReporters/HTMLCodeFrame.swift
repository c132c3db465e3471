import PostlintEngine
import PostlintModel
import PostlintRules

/// A finding's line in the HTML report, cut to the same window as the text report's code frame
/// (`TextReporter.window`: CJK characters two cells wide), with the finding marked; for a fix,
/// the same window before the fix (what it removes struck out) and after it (what it writes).
enum HTMLCodeFrame {
    /// `<pre class="frame">` with the line number and the finding in `<mark>`.
    static func frame(_ diagnostic: Diagnostic, _ line: String, lineStart: Int?) -> String {
        var line = line
        return line.withUTF8 { bytes in
            let (start, end) = TextReporter.span(diagnostic, in: bytes, lineStart: lineStart)
            let window = TextReporter.window(bytes, start: start, end: end)
            var markEnd = min(window.to, max(start, end ?? window.to))
            // On a character's start, or a broken sequence would be cut in two and each half
            // shown as a replacement character.
            while markEnd < window.to, bytes[markEnd] & 0xC0 == 0x80 { markEnd += 1 }
            // The language of what is shown, not of the whole line: a long paragraph with many
            // findings was decoded whole for each of them.
            var html = "<pre class=\"frame\"\(language(UnsafeBufferPointer(rebasing: bytes[window.from..<window.to])))><span class=\"line\">\(diagnostic.start.line)</span>"
            if window.from > 0 { html += "…" }
            html += text(bytes, window.from..<start) + "<mark>" + text(bytes, start..<markEnd) + "</mark>" + text(bytes, markEnd..<window.to)
            if window.to < bytes.count { html += "…" }
            return html + "</pre>\n"
        }
    }

    /// What `postlint fix` would change, nil without a fix. When every edit lies in the
    /// finding's line: the line before the fix (removed text in `<del>`) and after it (written
    /// text in `<ins>`), in place of the code frame. Otherwise the code frame and the text the
    /// fix writes.
    static func change(_ diagnostic: Diagnostic, _ line: String, lineStart: Int) -> String? {
        guard let fix = diagnostic.fix, !fix.edits.isEmpty else { return nil }
        let edits = fix.edits.sorted { $0.range.lowerBound < $1.range.lowerBound }
        var line = line
        let lineEnd = lineStart + line.utf8.count
        let inLine = edits.allSatisfy { $0.range.lowerBound >= lineStart && $0.range.upperBound <= lineEnd }
            && zip(edits, edits.dropFirst()).allSatisfy { $0.range.upperBound <= $1.range.lowerBound }
        guard inLine else {
            // A fix of the whole file (line endings, say) makes an edit per line: its first
            // stands for the rest.
            let more = edits.count > 1 ? ", and makes \(HTMLReporter.plural(edits.count - 1, "edit")) more like it" : ""
            let first = edits[0]
            let what = first.replacement.isEmpty ? "removes \(HTMLReporter.plural(first.range.count, "byte"))" : "writes <ins>\(visible(cut(first.replacement)))</ins>"
            return frame(diagnostic, line, lineStart: lineStart) + "<p class=\"after\">The fix \(what)\(more).</p>\n"
        }
        return line.withUTF8 { bytes in
            let first = edits[0].range.lowerBound - lineStart, last = edits[edits.count - 1].range.upperBound - lineStart
            let window = TextReporter.window(bytes, start: first, end: last)
            let to = max(window.to, last)
            let number = "<span class=\"line\">\(diagnostic.start.line)</span>" + (window.from > 0 ? "…" : "")
            var before = number, after = number
            var cursor = window.from
            for edit in edits {
                let lower = edit.range.lowerBound - lineStart, upper = edit.range.upperBound - lineStart
                let kept = text(bytes, cursor..<lower)
                before += kept + "<del>" + visible(String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)) + "</del>"
                after += kept + "<ins>" + visible(cut(edit.replacement)) + "</ins>"
                cursor = upper
            }
            let rest = text(bytes, cursor..<to) + (to < bytes.count ? "…" : "")
            let lang = language(UnsafeBufferPointer(rebasing: bytes[window.from..<min(to, bytes.count)]))
            return "<pre class=\"frame before\"\(lang)>\(before + rest)</pre>\n<pre class=\"after\"\(lang)>\(after + rest)</pre>\n"
        }
    }

    /// The `lang` attribute for shown CJK text, so the browser picks the right CJK font
    /// (the same character is drawn differently in Chinese, Japanese and Korean): kana make it
    /// Japanese, Hangul Korean, other Han characters Chinese; empty for other text. (・ and ー
    /// are kana that Chinese text uses too.)
    static func language(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var han = false
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars where scalar.value >= 0x1100 {
            switch scalar.value {
            case 0x3040...0x30FA, 0x30FD...0x30FF, 0x31F0...0x31FF: return " lang=\"ja\""
            case 0x1100...0x11FF, 0xAC00...0xD7AF: return " lang=\"ko\""
            default: if CJK.isLetter(scalar.value) { han = true }
            }
        }
        return han ? " lang=\"zh\"" : ""
    }

    /// Escaped text of part of a line; the range is clamped to it.
    private static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let lower = max(0, min(range.lowerBound, bytes.count)), upper = max(lower, min(range.upperBound, bytes.count))
        return shown(String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self), whiteSpace: false)
    }

    /// Escaped text of what a fix removes or writes, with the white space it is often made of
    /// shown: a line break as ↵ (then the break), a tab as →, a carriage return as ␍.
    private static func visible(_ value: String) -> String { shown(value, whiteSpace: true) }

    /// `value` escaped, with what cannot be seen made visible, since findings are often about
    /// exactly those characters: control characters as their symbols (␛), invisible and
    /// direction-changing format characters as a small `U+200B` tag (a right-to-left override
    /// would otherwise reverse the rest of the line).
    private static func shown(_ value: String, whiteSpace: Bool) -> String {
        var html = "", run = ""
        func tag(_ scalar: Unicode.Scalar) {
            html += XMLText.text(run) + "<span class=\"char\">U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4))</span>"
            run = ""
        }
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x0A where whiteSpace: run += "↵\n"
            case 0x0D where whiteSpace: run += "␍"
            case 0x09 where whiteSpace: run += "→"
            case 0x09, 0x0A: run.unicodeScalars.append(scalar)
            case 0x00..<0x20: run.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: run += "␡"
            case 0x80...0x9F, 0xAD, 0x61C, 0x180E, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF, 0xFFFE, 0xFFFF:
                tag(scalar)
            default: run.unicodeScalars.append(scalar)
            }
        }
        return html + XMLText.text(run)
    }

    /// A replacement as the report shows it: at most 200 characters.
    private static func cut(_ replacement: String) -> String {
        replacement.count <= 200 ? replacement : String(replacement.prefix(200)) + "…"
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
