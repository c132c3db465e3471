import Foundation
@testable import PostlintAdapters
import PostlintModel
import Testing

/// Flat front matter is read without libyaml; whatever the shortcut reads must be exactly the
/// tree libyaml's events make: keys, values, styles and positions.
@Suite struct FlatMappingTests {
    static func agrees(_ text: String) throws -> Bool? {
        guard let flat = FlatMapping.read(text) else { return nil }
        let composed = try YAMLComposer.composeWithLibyaml(text)
        #expect(composed.map { "\($0)" } == "\(flat)", "\(text.debugDescription)")
        return true
    }

    @Test func corpusFrontMatterReadsAsLibyamlReadsIt() throws {
        var read = 0, total = 0
        let files = Fixtures.originalCorpusFiles(extensions: ["md", "markdown", "html", "txt"])
            + Fixtures.files(under: Fixtures.samples, extensions: ["md", "markdown", "html"])
        for url in files {
            let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            let lines = text.components(separatedBy: "\n")
            guard lines.first == "---", let close = lines.dropFirst().firstIndex(of: "---") else { continue }
            total += 1
            if try Self.agrees(lines[1..<close].joined(separator: "\n") + "\n") != nil { read += 1 }
        }
        // Most posts' front matter takes the shortcut; the rest still goes to libyaml.
        #expect(read * 2 > total, "\(read) of \(total)")
        #expect(read < total)
    }

    /// A flat mapping with more nodes than the composer allows goes to libyaml, which refuses it.
    @Test func aHugeFlatMappingIsLeftToLibyaml() {
        let pairs = (YAMLComposer.maximumNodes - 1) / 2
        let text = (0...pairs).map { "k\($0): v" }.joined(separator: "\n") + "\n"
        #expect(FlatMapping.read(text) == nil)
        #expect(throws: YAMLComposeError.self) { try YAMLComposer.compose(text) }
        #expect(FlatMapping.read((0..<pairs).map { "k\($0): v" }.joined(separator: "\n")) != nil)
    }

    @Test func generatedMappingsReadAsLibyamlReadsThem() throws {
        let keys = ["title", "date", "tags", "a-b", "_x", "k9", "yes", "Title"]
        let values = ["v", "\"q\"", "'s'", "\"\"", "''", "2021-12-08 10:46:18 +0800", "推行 “一网通办”", "a: b", "a #c", "a#b", "C#", "x:", ":x",
                      "-1", "- a", "[a, b]", "a [b] {c}", "a, b", "~", "null", "yes", "\"a\\\"b\"", "'it''s'", "\"a'b\"", "'a\"b'", "a  b", "a ",
                      " a", "\"a\" b", "a\tb", "&a x", "*a", "!t x", "|", ">", "%x", "@x", "`x", "é", "\u{A0}x", "x\u{2028}y", "\u{FEFF}x",
                      "😀", "a\u{85}b", "http://x.y/z?q=1#f", "'", "\"", "a'b", "a\"b", "！", "#", "?x", "? x", "x?",
                      "[]", "[a]", "[a,b]", "[a,  b]", "[ a]", "[a ]", "[a, b c]", "[中文, 新闻]", "[中文,新闻, x]", "[a,]", "[a, [b]]", "[-1]",
                      "[a, b]x", "[a: b]", "[a, b] ", "[é-1_x.y, 2021]", "[a,b", "[", "[,]", "[a, 'b']", "[a, \"b\"]", "[a,#b]", "[a, b #c]", "[yes, null]"]
        var generator = SeededRandom()
        var read = 0
        for _ in 0..<6_000 {
            var lines: [String] = []
            for _ in 0..<Int.random(in: 1...5, using: &generator) {
                switch Int.random(in: 0..<12, using: &generator) {
                case 0: lines.append("")
                case 1: lines.append(keys.randomElement(using: &generator)! + ":" + values.randomElement(using: &generator)!)
                case 2: lines.append("  " + keys.randomElement(using: &generator)! + ": x")
                case 3: lines.append("# comment")
                default: lines.append(keys.randomElement(using: &generator)! + ": " + values.randomElement(using: &generator)!)
                }
            }
            let text = lines.joined(separator: "\n") + (Bool.random(using: &generator) ? "\n" : "")
            do {
                if try Self.agrees(text) != nil { read += 1 }
            } catch {
                Issue.record("libyaml refused what the shortcut read: \(text.debugDescription)")
            }
        }
        #expect(read > 300)
    }
}
