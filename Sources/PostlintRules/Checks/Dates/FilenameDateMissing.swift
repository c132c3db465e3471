import PostlintModel

/// PL204: Jekyll silently skips a post whose file name does not start with `YYYY-MM-DD-`.
struct FilenameDateMissing: RuleCheck {
    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        guard FileNameDate(post.fileName) == nil else { return [] }
        let skipped = context.strings("skip-folders")
        let folders = post.path.utf8.split(separator: UInt8(ascii: "/")).dropLast()
        guard !folders.contains(where: { folder in skipped.contains { $0.utf8.elementsEqual(folder) } }) else { return [] }
        return [Finding(
            range: 0..<0,
            message: "file name `\(post.fileName)` does not start with `YYYY-MM-DD-`; Jekyll skips such posts without a word")]
    }
}
