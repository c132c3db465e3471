import PostlintModel

/// PL610: a URL written bare in the text. GitHub links it; Jekyll's kramdown shows it as plain
/// text. Write `<https://…>` or `[text](https://…)`.
struct BareURL: RuleCheck {
    // Compiled once: a regex literal evaluated in the loop would be compiled on every use.
    nonisolated(unsafe) static let url = /https?:\/\/[^\s<>"'，。）]+/
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let body = post.body else { return [] }
        let anchorContents = body.html.elements.filter { $0.name == "a" }.compactMap { element in
            element.startTag.map { $0.upperBound..<max($0.upperBound, element.contentEnd) }
        }
        var findings = body.bareURLs.filter { url in !anchorContents.contains { $0.contains(url.lowerBound) } }.map { url in
            Finding(range: url, message: "bare URL `\(post.source.string(url))`; write it as `<…>` or `[text](…)` so every renderer links it")
        }
        // Inside raw HTML cmark finds no URLs; look in the text that is not already a link.
        let anchors = body.html.elements.enumerated().filter { $0.element.name == "a" }.map(\.offset)
        for text in body.html.texts where text.text.containsBytes(of: "://") && !anchors.contains(where: { isAncestor($0, of: text.parent, in: body.html) }) {
            var searchStart = text.text.startIndex
            while let match = text.text[searchStart...].firstMatch(of: Self.url) {
                let prefix = text.text.utf8.distance(from: text.text.startIndex, to: match.range.lowerBound)
                let start = text.range.lowerBound + prefix
                let range = start..<(start + match.output.utf8.count)
                if range.upperBound <= text.range.upperBound, !body.verbatim.overlaps(range),
                   post.source.string(range) == String(match.output) {
                    findings.append(Finding(range: range, message: "bare URL `\(match.output)`; wrap it in `<a href=…>` so it is a link"))
                }
                searchStart = match.range.upperBound
            }
        }
        return findings.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    private func isAncestor(_ candidate: Int, of element: Int?, in document: HTMLDocument) -> Bool {
        var current = element
        while let index = current {
            if index == candidate { return true }
            current = document.elements[index].parent
        }
        return false
    }
}
