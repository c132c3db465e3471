import Foundation
import PostlintEngine
import PostlintModel
import PostlintRules
import Testing

/// Every rule in `Rules/` (the list is the catalogue, so a new rule cannot be left out) against
/// inputs built from its own bad examples to hit it as often as possible: the examples over
/// and over, one per paragraph, and all on one line. Linting the 1 MB input with the rule on
/// must take less than about twentyfold the 100 KB input: a ratio, not a timing. Times are the
/// CPU time of the thread that lints, so other suites running at once do not move them.
@Suite(.serialized) struct RuleScalingTests {
    enum Shape: String, CaseIterable {
        /// Each bad example again and again, a blank line between.
        case paragraphs
        /// Every bad example on one line (for body examples; a file example keeps its head).
        case oneLine
    }

    @Test(arguments: RuleExamplesTests.ruleIDs)
    func tenfoldInputTakesAboutTenfoldTime(rule id: String) throws {
        let rule = try #require(RuleCatalogue.builtIn.rule(id))
        let examples = rule.descriptor.examples
        var configuration = Configuration()
        configuration.settings[id] = RuleSetting(enabled: true, options: examples.bad.first?.options ?? [:])
        let linter = Linter(environment: LintEnvironment(now: Fixtures.now))
        let path = examples.bad.first?.path ?? RuleExamplesTests.defaultPath
        for shape in Shape.allCases {
            let small = Self.input(rule, shape: shape, size: 100_000)
            let large = Self.input(rule, shape: shape, size: 1_000_000)
            func seconds(_ bytes: [UInt8], rounds: Int) -> (Double, Int) {
                var best = Double.infinity, found = 0
                for _ in 0..<rounds {
                    let start = Self.threadCPUTime()
                    found = linter.lint(Post(path: path, bytes: bytes), configuration: configuration).count
                    best = min(best, Self.threadCPUTime() - start)
                }
                return (best, found)
            }
            let (smallTime, smallFound) = seconds(small, rounds: 3)
            let (largeTime, largeFound) = seconds(large, rounds: 1)
            FileHandle.standardError.write(Data("scaling \(id) \(shape): 100 KB \(smallTime) s, 1 MB \(largeTime) s\n".utf8))
            // Below 20 ms a run is mostly noise; the floor keeps the ratio meaningful.
            #expect(largeTime < 20 * max(smallTime, 0.02),
                    "\(id) \(shape): 100 KB in \(smallTime) s (\(smallFound) findings), 1 MB in \(largeTime) s (\(largeFound) findings)")
        }
    }

    /// Seconds of CPU the calling thread has used.
    static func threadCPUTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// `size` bytes or a little more of the rule's bad examples, markers taken out. A body
    /// example is put under a clean front matter; a whole-file example keeps its front matter
    /// once, with its lines repeated in it (duplicate keys are worst cases too), and its body
    /// repeated below.
    static func input(_ rule: Rule, shape: Shape, size: Int) -> [UInt8] {
        let examples = rule.descriptor.examples
        let texts = examples.bad.map { String(decoding: MarkedExample($0.text, rawBytes: false).bytes, as: UTF8.self) }
        guard !texts.isEmpty else { return Array((RuleExamplesTests.frontMatter + String(repeating: "正文。\n\n", count: size / 11)).utf8) }
        var head = RuleExamplesTests.frontMatter
        var bodies = texts
        if examples.context == .file {
            let parts = texts.map(Self.split)
            let lines = parts.compactMap(\.frontMatter).joined()
            head = lines.isEmpty ? "" : "---\n" + String(repeating: lines, count: max(1, size / 4 / max(1, lines.utf8.count))) + "---\n"
            bodies = parts.map(\.body)
        }
        let unit = shape == .oneLine
            ? bodies.map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: " ")
            : bodies.map { $0.hasSuffix("\n") ? $0 + "\n" : $0 + "\n\n" }.joined()
        let count = max(1, (size - head.utf8.count) / max(1, unit.utf8.count) + 1)
        return Array((head + String(repeating: unit, count: count) + "\n").utf8)
    }

    /// A whole-file example's front-matter lines (between its `---` lines) and its body.
    static func split(_ text: String) -> (frontMatter: String?, body: String) {
        guard text.hasPrefix("---\n"), let close = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 3)..<text.endIndex) else {
            return (nil, text)
        }
        return (String(text[text.index(text.startIndex, offsetBy: 4)...close.lowerBound]), String(text[close.upperBound...]))
    }
}
