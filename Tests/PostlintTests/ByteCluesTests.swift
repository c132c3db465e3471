import Foundation
import PostlintConvert
import PostlintEngine
import PostlintModel
import PostlintRules
import Testing

/// A check that says it can find nothing in a file (`RuleCheck.mayFind`) must find nothing
/// there: over every corpus, random text built to hold the clues and to miss them, and (in
/// `RuleExamplesTests`) every rule's bad examples.
@Suite struct ByteCluesTests {
    /// Every rule on, with its default options, and again with the site presets' options.
    static let configurations: [Configuration] = {
        var every = Configuration()
        for rule in every.catalogue.rules { every.settings[rule.descriptor.id] = RuleSetting(enabled: true) }
        var finews = every
        finews.settings["indented-block-tag"] = RuleSetting(enabled: true, options: ["any-indentation": .bool(true)])
        var strict = every
        strict.settings["trailing-whitespace"] = RuleSetting(enabled: true, options: ["allow-hard-break": .bool(false)])
        return [every, finews, strict]
    }()

    /// The findings in `bytes` whose rule said it could find nothing there.
    static func unforeseen(_ bytes: [UInt8], path: String) -> [String] {
        var missed: [String] = []
        for configuration in configurations {
            let rules = Dictionary(configuration.enabledRules.map { ($0.rule.descriptor.id, $0) }, uniquingKeysWith: { first, _ in first })
            for diagnostic in Fixtures.lint(bytes, path: path, configuration: configuration) {
                guard let active = rules[diagnostic.ruleID] else { continue }
                if !bytes.withUnsafeBufferPointer({ active.check.mayFind(in: $0, language: MarkupLanguage.of(fileName: path), active.configured) }) {
                    missed.append("\(diagnostic.ruleID): \(diagnostic.message) at \(diagnostic.range)")
                }
            }
        }
        return missed
    }

    @Test func everyFindingInTheCorporaHadItsClue() {
        let files = Fixtures.files(under: Fixtures.corpus, extensions: ["md", "markdown", "html"])
        #expect(files.count > 500)
        for url in files {
            let bytes = [UInt8]((try? Data(contentsOf: url)) ?? Data())
            let path = "_posts/2022-03-01-example." + (url.pathExtension == "html" ? "html" : "md")
            let missed = Self.unforeseen(bytes, path: path)
            #expect(missed.isEmpty, "\(url.lastPathComponent): \(missed)")
        }
    }

    @Test func everyFindingInRandomTextHadItsClue() {
        var generator = SeededRandom()
        let pieces = ["---\n", "title: 标题\n", "\n", "\r\n", "\r", " ", "  ", "\t", "中", "文", "，", "。", "：", "·", "…", "“", "”", "（", "）", "「",
                      "Ａ", "９", "ｚ", "a", "1", "<p>", "</p>", "<span>", "</span>", "<div>", "</div>", "    <div>", "<br>", "<i> </i>",
                      "<span style=\"display: none\">", "<p hidden>", "<span class=\"keytip\">", "<b id=\"stock_1\">", "<span style=\"&#100;isplay:none\">", "<p style=\"dis play:none\">", "<i style=\"dis{{ x }}play:none\">", "<b style=\"visibility:hid den\">", "<i class=\"&#107;eytip\">", "<!--", "-->", "&#100;", "&nbsp;",
                      "\u{200B}", "\u{FEFF}", "\u{AD}", "\u{7}", "\u{85}", "\u{202E}", "`", "```\n", "# ", "- ", "来源：", "[链](/x)", "😀", "\u{200D}",
                      "<https://example.com/a>", "<a@example.com>", "<http:", "\\", "\\<p>", "<x-y>"]
        for _ in 0..<3_000 {
            let count = Int.random(in: 0...30, using: &generator)
            let text = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
            for path in ["_posts/2022-03-01-example.md", "_posts/2022-03-01-example.html"] {
                let missed = Self.unforeseen(Array(text.utf8), path: path)
                #expect(missed.isEmpty, "\(text.debugDescription): \(missed)")
            }
        }
    }

    /// A post none of the cleaning rules has a clue in is not parsed to be cleaned, and
    /// converts as before: the clue-less fast path changes no output.
    @Test func aFixerWithoutCluesLeavesTheFileAsItIs() {
        var configuration = Configuration()
        for rule in configuration.catalogue.rules { configuration.settings[rule.descriptor.id] = RuleSetting(enabled: ContentPipeline.cleaningRules.contains(rule.descriptor.id)) }
        let fixer = Fixer(linter: Linter(environment: LintEnvironment(now: Fixtures.now)), policy: .init(includeUnsafe: true, rules: ContentPipeline.cleaningRules))
        let clean = Array("---\ntitle: t\n---\nA plain paragraph.\n".utf8)
        let result = fixer.fix(path: "_posts/2022-03-01-a.md", bytes: clean, configuration: configuration)
        #expect(result.fixed == clean && result.remaining.isEmpty && result.post.body == nil)
        #expect(result.post.bodyRange == 17..<clean.count)
        let dirty = Array("---\ntitle: t\n---\nA paragraph. \n".utf8)
        let fixed = fixer.fix(path: "_posts/2022-03-01-a.md", bytes: dirty, configuration: configuration)
        #expect(fixed.fixed == Array("---\ntitle: t\n---\nA paragraph.\n".utf8))
    }
}
