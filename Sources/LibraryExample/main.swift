import PostlintKit

let configuration = try Configuration(yaml: "extends: [recommended]\n")
let post = """
    ---
    title: 一网通办
    date: 2024-01-01 10:00:00 +0800
    ---
    推行 “一网通办”，让数据多跑路。

    """
for diagnostic in Postlint.lint(post, path: "_posts/2024-01-01-a.md", configuration: configuration) {
    print("\(diagnostic.start.line):\(diagnostic.start.column) \(diagnostic.code) \(diagnostic.message)")
}
print(Postlint.fix(post, path: "_posts/2024-01-01-a.md", configuration: configuration).text, terminator: "")
