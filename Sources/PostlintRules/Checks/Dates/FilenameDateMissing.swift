import PostlintModel

/// PL204: Jekyll silently skips a post whose file name does not start with `YYYY-MM-DD-`.
struct FilenameDateMissing: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard FileNameDate(post.fileName) == nil else { return [] }
        let skipped = context.option("skip-folders").strings
        if !skipped.isEmpty {
            let folders = post.path.split(separator: "/").dropLast().map(String.init)
            guard !folders.contains(where: skipped.contains) else { return [] }
        }
        return [Finding(
            range: 0..<0,
            message: "file name `\(post.fileName)` does not start with `YYYY-MM-DD-`; Jekyll skips such posts without a word")]
    }
}
