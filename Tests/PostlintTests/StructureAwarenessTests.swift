import Foundation
import PostlintEngine
import PostlintRules
import Testing

/// Body rules never fire inside code, Liquid, HTML attributes or URLs: each text rule's bad
/// examples are put in each such place and must then be silent.
@Suite struct StructureAwarenessTests {
    static let frontMatter = "---\ntitle: \"示例\"\ndate: 2022-03-01 10:00:00 +0800\n---\n"

    /// Rules about running text (file-level hygiene such as line endings is about every byte).
    static var textRules: [String] {
        RuleCatalogue.builtIn.rules.map(\.descriptor).filter {
            $0.category == "typography" || ["invisible-characters", "bare-url", "empty-autolink"].contains($0.id)
        }.map(\.id)
    }

    static let places: [(name: String, wrap: @Sendable (String) -> String)] = [
        ("fenced code", { "```\n\($0)\n```\n" }),
        ("indented code", { "    " + $0.replacingOccurrences(of: "\n", with: "\n    ") + "\n" }),
        ("code span", { "说明：`\($0.replacingOccurrences(of: "\n", with: " "))` 结束。\n" }),
        ("pre", { "<pre>\($0)</pre>\n" }),
        ("code element", { "<p><code>\($0.replacingOccurrences(of: "\n", with: " "))</code></p>\n" }),
        ("attribute value", { "<p><span title=\"\($0.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\"", with: "&quot;"))\">正文</span></p>\n" }),
        ("Liquid", { "{% comment \"\($0.replacingOccurrences(of: "\n", with: " "))\" %}\n" }),
        ("HTML comment", { "<!-- \($0) -->\n" }),
    ]

    @Test(arguments: textRules)
    func silentOutsideProse(_ id: String) throws {
        let rule = try #require(RuleCatalogue.builtIn.rule(id))
        var configuration = Configuration()
        configuration.settings[id] = RuleSetting(enabled: true)
        for example in rule.descriptor.examples.bad {
            let plain = String(decoding: MarkedExample(example.text, rawBytes: false).bytes, as: UTF8.self)
                .trimmingCharacters(in: .newlines)
            for place in Self.places {
                let text = Self.frontMatter + place.wrap(plain)
                var exampleConfiguration = configuration
                exampleConfiguration.settings[id]?.options = example.options
                let found = Fixtures.lint(Array(text.utf8), configuration: exampleConfiguration).filter { $0.ruleID == id }
                #expect(found.isEmpty, "\(id) fired inside \(place.name): \(found.map(\.message)) in \(text.debugDescription)")
            }
        }
    }

    @Test func urlsAreNotProse() {
        var configuration = Configuration()
        configuration.settings["halfwidth-punctuation-in-cjk"] = RuleSetting(enabled: true)
        let text = Self.frontMatter + "链接 <https://例子.cn/新闻,要闻:今日> 和 [文](https://例子.cn/a,b:c) 以及 https://例子.cn/x,y\n"
        let found = Fixtures.lint(Array(text.utf8), configuration: configuration).filter { $0.ruleID == "halfwidth-punctuation-in-cjk" }
        #expect(found.isEmpty, "\(found.map(\.message))")
    }
}
