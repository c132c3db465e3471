import PostlintModel

/// PL204: Jekyll silently skips a post whose file name does not start with `YYYY-MM-DD-`, and
/// stops the whole build on one whose date names no month or day.
struct FilenameDateMissing: SwiftRuleCheck {
    static let ruleID = "filename-date-missing"

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        // Standard input without `--stdin-filename` has no file name to judge.
        guard post.path != "<stdin>" else { return [] }
        if let named = FileNameDate(post.fileName) {
            guard !(1...12).contains(named.month) || !(1...31).contains(named.day) else { return [] }
            return [Finding(
                range: 0..<0,
                message: "file name `\(post.fileName)` starts with \(named.text), which is not a day; Jekyll stops the whole build (\"does not have a valid date in the filename\")")]
        }
        let skipped = context.strings("skip-folders")
        let folders = post.path.utf8.split(separator: UInt8(ascii: "/")).dropLast()
        guard !folders.contains(where: { folder in skipped.contains { $0.utf8.elementsEqual(folder) } }) else { return [] }
        return [Finding(
            range: 0..<0,
            message: "file name `\(post.fileName)` does not start with `YYYY-MM-DD-`; Jekyll skips such posts without a word")]
    }
}
