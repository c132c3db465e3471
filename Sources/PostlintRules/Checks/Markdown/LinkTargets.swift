import PostlintModel

/// The link and image destinations of a Markdown post, with where each link is.
enum LinkTargets {
    static func each(_ body: Body, _ visit: (_ destination: String, _ range: Range<Int>, _ isImage: Bool) -> Void) {
        let nodes = body.markdown.nodes
        for index in nodes.indices where nodes[index].kind == .link || nodes[index].kind == .image {
            guard let destination = nodes[index].destination, !destination.isEmpty else { continue }
            visit(destination, body.markdownRanges[index], nodes[index].kind == .image)
        }
    }

    /// Whether a destination names a scheme (`https:`, `mailto:`): letters, digits, `+`, `-`,
    /// `.` and a colon, before any `/`.
    static func hasScheme(_ destination: String) -> Bool {
        // On the bytes: a `Character` search for the colon walked every grapheme of a long
        // destination without one (4 % of a check of news posts). A colon that a combining mark
        // follows is no colon to that search, which then goes on: such rare text takes it.
        let utf8 = destination.utf8
        guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")) else { return false }
        if let next = utf8[utf8.index(after: colon)...].first, next >= 0x80 { return hasSchemeByCharacters(destination) }
        let scheme = utf8[..<colon]
        func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte | 0x20) }
        guard let first = scheme.first, isLetter(first) else { return false }
        return scheme.allSatisfy { isLetter($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    /// `hasScheme` read by `Character`.
    static func hasSchemeByCharacters(_ destination: String) -> Bool {
        guard let colon = destination.firstIndex(of: ":") else { return false }
        let scheme = destination[..<colon]
        return !scheme.isEmpty && scheme.first!.isLetter && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }
}

/// PL613: a link to a host written without a scheme (`www.example.com`, `developers.google.com/…`).
/// Browsers read it as a path on the post's own site, so the link leads to a missing page.
struct LinkWithoutScheme: SwiftRuleCheck {
    static let ruleID = "link-without-scheme"

    static let topLevelDomains: Set<String> = [
        "com", "org", "net", "io", "dev", "edu", "gov", "cn", "jp", "de", "uk", "fr", "info", "me", "co", "ai", "app", "xyz", "tech", "us", "ru", "hk", "tw",
    ]

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let body = post.body else { return }
        LinkTargets.each(body) { destination, range, _ in
            guard !LinkTargets.hasScheme(destination), Self.host(destination) != nil else { return }
            report(Finding(
                range: range,
                message: "link target `\(destination)` has no scheme, so browsers read it as a page of this site; write `https://\(destination)`",
                fix: Self.fix(destination, in: post.source, range: range, context)))
        }
    }

    /// The host a scheme-less destination starts with, when it clearly is one: `www.…`, or
    /// names joined by dots ending in a well-known top-level domain.
    static func host(_ destination: String) -> String? {
        guard let first = destination.first, first.isLetter || first.isNumber else { return nil }
        let host = destination.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if host.hasPrefix("www."), host.count > 4 { return String(host) }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } }),
              let last = labels.last, topLevelDomains.contains(last.lowercased()) else { return nil }
        // `index.html`, `a.md`: a file name, not a host.
        if labels.count == 2, ["html", "htm", "md", "markdown", "png", "jpg", "gif", "pdf"].contains(last.lowercased()) { return nil }
        return String(host)
    }

    /// `https://` before the destination where it is written, when it is written once.
    static func fix(_ destination: String, in source: SourceText, range: Range<Int>, _ context: RuleContext) -> Fix? {
        guard let found = source.firstRange(of: Array(("(" + destination).utf8), in: range)
            ?? source.firstRange(of: Array((": " + destination).utf8), in: source.fullLineRange(source.line(containing: range.lowerBound))) else { return nil }
        let at = found.lowerBound + (source.bytes[found.lowerBound] == UInt8(ascii: "(") ? 1 : 2)
        return context.fix([TextEdit(range: at..<at, replacement: "https://")])
    }
}

/// PL614: link syntax broken by a space between `]` and `(`: `[text] (https://…)` is text and a
/// parenthesis to every Markdown renderer, not a link.
struct LinkSyntaxBroken: SwiftRuleCheck {
    static let ruleID = "link-syntax-broken"

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let body = post.body, post.language == .markdown else { return }
        let bytes = post.source.bytes
        for block in body.blocks {
            var index = block.lowerBound
            while index < block.upperBound, let close = post.source.firstRange(of: [UInt8(ascii: "]")], in: index..<block.upperBound) {
                index = close.upperBound
                var cursor = close.upperBound
                while cursor < block.upperBound, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
                guard cursor > close.upperBound, cursor < block.upperBound, bytes[cursor] == UInt8(ascii: "("),
                      !body.verbatim.contains(close.lowerBound) else { continue }
                let target = bytes[(cursor + 1)..<min(block.upperBound, cursor + 9)]
                guard target.starts(with: "http".utf8) || target.starts(with: "/".utf8) || target.starts(with: "www.".utf8) || target.starts(with: "./".utf8) else { continue }
                report(Finding(
                    range: close.upperBound..<cursor,
                    message: "a space between `]` and `(` breaks the link: readers see the brackets and the URL as text; remove the space",
                    fix: context.deletion(close.upperBound..<cursor)))
            }
        }
    }
}

/// PL615: a link to a post's source file (`2020-06-19-data.md#x`, `../_posts/x.md`). Jekyll
/// publishes posts under their permalinks, so the `.md` address is a 404 on the built site.
struct LinkToSourceFile: SwiftRuleCheck {
    static let ruleID = "link-to-source-file"

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let body = post.body else { return }
        LinkTargets.each(body) { destination, range, isImage in
            guard !isImage, !LinkTargets.hasScheme(destination), !destination.hasPrefix("//") else { return }
            // By bytes: `#` and `?` are ASCII, and a search by `Character` walked every
            // grapheme of every relative link (most of this check's time on English docs).
            let utf8 = destination.utf8
            let path = destination[..<(utf8.firstIndex { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") } ?? utf8.endIndex)]
            guard Self.namesMarkdownFile(path) else { return }
            let name = path.split(separator: "/").last.map(String.init) ?? String(path)
            let stem = name.split(separator: ".").dropLast().joined(separator: ".")
            let suggestion = FileNameDate(name) != nil ? "{% post_url \(stem) %}" : "{% link \(path) %}"
            var message = "link to the source file `\(destination)`: the built site has no such page; link to it with `\(suggestion)`"
            if destination.contains("##") { message += " (and one `#` before the anchor)" }
            report(Finding(range: range, message: message))
        }
    }

    /// Whether `path` ends in `.md` or `.markdown`, in any case.
    static func namesMarkdownFile(_ path: Substring) -> Bool {
        // Beyond ASCII, lowercasing can make letters of it (the Kelvin sign is a `k`).
        if path.utf8.suffix(27).contains(where: { $0 >= 0x80 }) {
            let lower = path.lowercased()
            return lower.hasSuffix(".md") || lower.hasSuffix(".markdown")
        }
        let tail = path.utf8.suffix(9).map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        return tail.elementsEqual(".markdown".utf8) || tail.suffix(3).elementsEqual(".md".utf8)
    }
}
