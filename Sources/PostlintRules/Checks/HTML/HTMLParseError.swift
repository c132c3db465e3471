import PostlintModel

/// PL402: what libxml2's HTML parser stumbles on: stray and misnested end tags, unknown
/// elements, broken entities. Its complaints about valid HTML5 elements are dropped, and
/// attribute problems are attribute-syntax's.
struct HTMLParseError: SwiftRuleCheck {
    static let ruleID = "html-parse-error"

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let body = post.body else { return }
        // Unknown tags that are never closed: unclosed-element reports each once.
        lazy var unclosed = Set(body.html.elements.lazy.filter { $0.endTag == nil && $0.startTag != nil }.map(\.name))
        for issue in body.html.issues {
            let message = issue.message
            if let name = Self.invalidTag(message) {
                if HTMLVocabulary.html5Elements.contains(name) { continue }
                // An unknown tag never closed is unclosed-element's to report, once.
                if unclosed.contains(name) { continue }
            }
            if Self.isAttributeIssue(message) { continue }
            // kramdown shows `<html>`, `<head>` or `<body>` in running text as text (`&lt;head&gt;`):
            // in a Markdown post they are a writer talking about tags, not markup.
            if post.language == .markdown, message.hasPrefix("htmlParseStartTag: misplaced <") { continue }
            // HTML5 lets `&` stand alone when no character reference follows it.
            if message.hasPrefix("htmlParseEntityRef: expecting ';'") || message.hasPrefix("htmlParseEntityRef: no name") { continue }
            var range = issue.offset..<min(issue.offset + 1, post.source.count)
            if message.hasPrefix("Unexpected end tag") || message.hasPrefix("Opening and ending tag mismatch") {
                range = endTag(before: issue.offset, in: post) ?? range
            }
            if message.hasPrefix(Self.unterminatedComment) {
                range = commentStart(before: issue.offset, in: post) ?? range
            }
            report(Finding(range: range, message: Self.explain(message)))
        }
    }

    static func invalidTag(_ message: String) -> String? {
        guard message.hasPrefix("Tag "), message.hasSuffix(" invalid") else { return nil }
        return String(message.dropFirst(4).dropLast(8))
    }

    static func isAttributeIssue(_ message: String) -> Bool {
        message.contains("ttribute") || message.hasPrefix("AttValue") || message.contains("attributes construct")
    }

    static func explain(_ message: String) -> String {
        if message.hasPrefix("Unexpected end tag : ") {
            return "stray end tag `</\(message.dropFirst("Unexpected end tag : ".count))>`: nothing open matches it; remove it"
        }
        if message.hasPrefix("Opening and ending tag mismatch: ") {
            let names = message.dropFirst("Opening and ending tag mismatch: ".count).components(separatedBy: " and ")
            if names.count == 2 { return "`</\(names[0])>` closes while `<\(names[1])>` is still open; close `<\(names[1])>` first" }
        }
        if let name = invalidTag(message) { return "`<\(name)>` is not an HTML element" }
        if message.hasPrefix(unterminatedComment) { return "`<!--` opens a comment that is never closed, so everything after it is hidden; add `-->`" }
        // Some of libxml2's messages quote the post on further lines: the finding points there.
        return "malformed HTML: \(message.prefix { $0 != "\n" && $0 != "\r" })"
    }

    /// libxml2 adds a new line, `<!--` and up to 50 bytes of the comment.
    static let unterminatedComment = "Comment not terminated"

    /// Where the comment that is never closed starts: the first `<!--` after the last `-->`
    /// before where libxml2 gave up (its quote of the comment drops control characters, so
    /// it cannot be searched for).
    private func commentStart(before offset: Int, in post: Post) -> Range<Int>? {
        let source = post.source
        let end = min(offset, source.count)
        var from = post.body?.range.lowerBound ?? 0
        while let close = source.firstRange(of: Array("-->".utf8), in: from..<end) { from = close.upperBound }
        return source.firstRange(of: Array("<!--".utf8), in: from..<end)
    }

    /// The `</…>` the parser had just read when it complained.
    private func endTag(before offset: Int, in post: Post) -> Range<Int>? {
        let bytes = post.source.bytes
        var index = min(offset, bytes.count) - 1
        while index > 0 {
            if bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                var end = index
                while end < bytes.count, bytes[end] != UInt8(ascii: ">") { end += 1 }
                return index..<min(end + 1, bytes.count)
            }
            index -= 1
        }
        return nil
    }
}
