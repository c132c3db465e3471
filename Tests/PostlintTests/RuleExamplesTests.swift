import Foundation
import PostlintEngine
import PostlintModel
import PostlintRules
import Testing

/// Runs every example of every rule in `Rules/`: each bad example must be found exactly at its
/// markers and each good one must be clean, in the plain form and in every robustness variant.
@Suite struct RuleExamplesTests {
    static let frontMatter = "---\nlayout: post\ntitle: \"示例\"\ndate: 2022-03-01 10:00:00 +0800\ncategories: news\n---\n"
    static let defaultPath = "_posts/2022-03-01-example.md"

    static var ruleIDs: [String] { RuleCatalogue.builtIn.rules.map(\.descriptor.id) }

    @Test func everyRuleFileIsInTheCatalogue() {
        let files = RuleCatalogue.builtInFiles.filter { !$0.path.contains("/presets/") }
        #expect(files.count == RuleCatalogue.builtIn.rules.count)
        let onDisk = Fixtures.files(under: Fixtures.packageRoot.appendingPathComponent("Rules"), extensions: ["yml", "yaml"])
        #expect(onDisk.count == RuleCatalogue.builtInFiles.count, "the binary carries every file in Rules/")
    }

    @Test(arguments: ruleIDs)
    func examplesLoad(of id: String) throws {
        let rule = try #require(RuleCatalogue.builtIn.rule(id))
        #expect(throws: Never.self) { try rule.descriptor.loadExamples() }
    }

    @Test(arguments: ruleIDs)
    func examples(of id: String) throws {
        let rule = try #require(RuleCatalogue.builtIn.rule(id))
        let examples = rule.descriptor.examples
        for variant in ["plain"] + examples.variants {
            for example in examples.bad {
                let marked = prepare(example, rule: rule, variant: variant)
                let found = findings(of: rule, in: marked.bytes, example: example)
                if variant == "suppression" {
                    #expect(found.isEmpty, "\(id) [\(variant)]: a suppressed finding was reported: \(found.map(\.message))")
                } else {
                    #expect(found.map(\.range) == marked.expected,
                            "\(id) [\(variant)]: expected findings at bytes \(marked.expected), got \(found.map { "\($0.range) \($0.message)" }) in \(String(decoding: marked.bytes, as: UTF8.self).debugDescription)")
                    // A file the rule finds something in holds the rule's byte clue (`RuleCheck.mayFind`).
                    let clue = marked.bytes.withUnsafeBufferPointer { rule.check.mayFind(in: $0, language: MarkupLanguage.of(fileName: example.path ?? Self.defaultPath), ConfiguredRule(rule: rule, options: example.options)) }
                    #expect(clue || found.isEmpty, "\(id) [\(variant)]: found \(found.map(\.message)) where its byte clue said it could find nothing")
                }
            }
            for example in examples.good {
                let marked = prepare(example, rule: rule, variant: variant)
                let found = findings(of: rule, in: marked.bytes, example: example)
                #expect(found.isEmpty, "\(id) [\(variant)]: good example reported \(found.map(\.message))")
            }
        }
    }

    @Test(arguments: ruleIDs)
    func fixes(of id: String) throws {
        let rule = try #require(RuleCatalogue.builtIn.rule(id))
        let fixable = rule.descriptor.examples.bad.filter { $0.fixed != nil }
        if rule.descriptor.fix == .none {
            #expect(fixable.isEmpty, "\(id) declares no fix but has `fixed` examples")
            return
        }
        #expect(!fixable.isEmpty, "\(id) declares a \(rule.descriptor.fix) fix but no example shows it")
        let head = rule.descriptor.examples.context == .body ? Self.frontMatter : ""
        for example in fixable {
            var configuration = Configuration()
            configuration.settings[id] = RuleSetting(enabled: true, options: example.options)
            configuration.timezone = example.timezone.flatMap(SiteTimeZone.init)
            let fixer = Fixer(linter: Linter(environment: LintEnvironment(now: Fixtures.now)), policy: .init(includeUnsafe: true, rules: [id]))
            let path = example.path ?? Self.defaultPath
            let once = fixer.fix(path: path, bytes: MarkedExample(head + example.text, rawBytes: example.rawBytes).bytes, configuration: configuration)
            let expected = MarkedExample(head + example.fixed!, rawBytes: example.rawBytes).bytes
            #expect(once.fixed == expected, "\(id): fixed to \(String(decoding: once.fixed, as: UTF8.self).debugDescription), expected \(String(decoding: expected, as: UTF8.self).debugDescription)")
            let twice = fixer.fix(path: path, bytes: once.fixed, configuration: configuration)
            #expect(twice.fixed == once.fixed, "\(id): fixing twice changed the text again")
            #expect(!once.remaining.contains { $0.ruleID == id }, "\(id): still reported after fixing: \(once.remaining.filter { $0.ruleID == id }.map(\.message))")
        }
    }

    private func findings(of rule: Rule, in bytes: [UInt8], example: RuleExample) -> [Diagnostic] {
        var configuration = Configuration()
        configuration.settings[rule.descriptor.id] = RuleSetting(enabled: true, options: example.options)
        configuration.timezone = example.timezone.flatMap(SiteTimeZone.init)
        return Fixtures.lint(bytes, path: example.path ?? Self.defaultPath, configuration: configuration)
            .filter { $0.ruleID == rule.descriptor.id }
    }

    /// The example's text in the given variant, markers still in.
    private func prepare(_ example: RuleExample, rule: Rule, variant: String) -> MarkedExample {
        let body = rule.descriptor.examples.context == .body
        var text = example.text
        switch variant {
        case "emoji" where body:
            // Put the emoji into the first line's text without changing what kind of block it is.
            if text.hasPrefix("<"), let close = text.firstIndex(of: ">") {
                text.insert("😀", at: text.index(after: close))
            } else if ["- ", "* ", "+ ", "> "].contains(where: text.hasPrefix) {
                // Before a list marker it would make a paragraph of the list: at the end of the last line.
                text.insert("😀", at: text.hasSuffix("\n") ? text.index(before: text.endIndex) : text.endIndex)
            } else if !text.hasPrefix("```") && !text.hasPrefix("~~~") {
                text = "😀" + text
            }
        case "crlf":
            text = text.replacingOccurrences(of: "\n", with: "\r\n")
        case "suppression":
            text = body
                ? "<!-- postlint-disable \(rule.descriptor.id) -->\n" + text
                : text + "\n<!-- postlint-disable-file \(rule.descriptor.code) -->\n"
        default:
            break
        }
        if body {
            let head = variant == "crlf" ? Self.frontMatter.replacingOccurrences(of: "\n", with: "\r\n") : Self.frontMatter
            text = head + text
        }
        return MarkedExample(text, rawBytes: example.rawBytes)
    }
}
