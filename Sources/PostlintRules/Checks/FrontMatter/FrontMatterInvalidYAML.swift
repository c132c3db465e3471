import PostlintModel

/// PL104: YAML that does not parse stops Jekyll's build.
struct FrontMatterInvalidYAML: SwiftRuleCheck {
    static let ruleID = "front-matter-invalid-yaml"

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard let frontMatter = post.frontMatter, frontMatter.closing != nil, let error = frontMatter.error else { return [] }
        let end = error.offset < post.source.count ? error.offset + post.source.scalarLength(at: error.offset) : error.offset
        return [Finding(
            range: error.offset..<end, message: "front matter is not valid YAML: \(error.message)",
            fix: requote(post, line: post.source.line(containing: error.offset), context: context))]
    }

    /// `title: "他说"你好""` → `title: '他说"你好"'`: a double-quoted value holding bare double
    /// quotes, the usual generator slip, written again in single quotes with nothing else changed.
    private func requote(_ post: Post, line: Int, context: RuleContext) -> Fix? {
        let range = post.source.lineRange(line)
        let text = post.source.string(range)
        guard let match = text.wholeMatch(of: /(\s*[A-Za-z_][A-Za-z0-9_-]*:[ \t]+)"(.*)"[ \t]*/) else { return nil }
        let inner = String(match.2)
        guard inner.contains("\""), !inner.contains("\\") else { return nil }
        let start = range.lowerBound + match.1.utf8.count
        let quoted = "'" + inner.replacingOccurrences(of: "'", with: "''") + "'"
        return context.fix([TextEdit(range: start..<(start + inner.utf8.count + 2), replacement: quoted)])
    }
}
