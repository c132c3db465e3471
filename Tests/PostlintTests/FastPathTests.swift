import Foundation
@testable import PostlintAdapters
@testable import PostlintConvert
import PostlintEngine
@testable import PostlintModel
@testable import PostlintReporters
@testable import PostlintRules
import Testing

/// The shortcuts the hot paths take must answer exactly what the slow, general code answers.
@Suite struct FastPathTests {
    /// Node kinds come from cmark's type numbers for the core types and from type names for
    /// the rest; a document holding every kind must show every kind, each where it belongs.
    @Test func everyNodeKindIsReadAsItself() {
        let text = "# H\n\n> quote *em* **strong** `code` [l](u) ![i](s) <b>x</b>  \nline\nsoft\n\n- item\n\n```\ncode\n```\n\n"
            + "<div>\nhtml\n</div>\n\n---\n\n| a |\n|---|\n| b |\n\n~~s~~\n"
        let nodes = MarkdownParser.parse(text).nodes
        let described = nodes.map { "\($0.kind)" }
        #expect(Set(described) == ["document", "heading", "text", "blockQuote", "paragraph", "emphasis", "strong", "code", "link", "image",
                                   "htmlInline", "lineBreak", "softBreak", "list", "item", "codeBlock", "htmlBlock", "thematicBreak",
                                   "table", "tableRow", "tableCell", "strikethrough"])
        let parentKinds = Dictionary(nodes.compactMap { node in node.parent.map { ("\(node.kind)", "\(nodes[$0].kind)") } }, uniquingKeysWith: { a, _ in a })
        #expect(parentKinds["emphasis"] == "paragraph" && parentKinds["item"] == "list" && parentKinds["tableCell"] == "tableRow")
        #expect(nodes.first { $0.kind == .heading }?.level == 1)
    }

    /// A byte found with memchr within a range is the first one a plain search finds there.
    @Test func aByteIsFoundWhereAPlainSearchFindsIt() {
        var generator = SeededRandom()
        for _ in 0..<3_000 {
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in [UInt8(ascii: "$"), UInt8(ascii: "\\"), UInt8(ascii: "a"), 0xE4].randomElement(using: &generator)! }
            let lower = Int.random(in: 0...(bytes.count + 2), using: &generator), upper = Int.random(in: lower...(bytes.count + 4), using: &generator)
            let clamped = (lower..<upper).clamped(to: 0..<bytes.count)
            for byte in [UInt8(ascii: "$"), UInt8(ascii: "\\")] {
                #expect(ByteSearch.firstOffset(of: byte, in: bytes, within: lower..<upper) == bytes[clamped].firstIndex(of: byte), "\(bytes) \(lower)..<\(upper)")
            }
        }
    }

    /// A date's year is found byte by byte in ASCII text exactly where the regular expression
    /// it stands in for finds one.
    @Test func yearsInASCIIDatesAreFoundAsTheExpressionFindsThem() {
        let pieces = ["1", "2", "0", "9", "20", "2021", "+", "-", " ", ":", "/", "T", "a", "CST", "+0800", "-0500", "12"]
        var generator = SeededRandom()
        var texts = ["2021", "+2021", "-2021", "a2021", "12021", "+12021", "202", " 2021", "+08002021", "x+0800"]
        texts += (0..<5_000).map { _ in (0..<Int.random(in: 0...7, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined() }
        for text in texts {
            #expect(DateInvalid.holdsYear(text) == text.contains(/(?:^|[^+\-\d])\d{4}/), "\(text.debugDescription)")
        }
    }

    /// A node's previous sibling, found by climbing from the node before it, is the last node
    /// before it with the same parent, as a table of each parent's last child has it, for
    /// every node of the Markdown corpora.
    @Test func previousSiblingsAreTheLastNodesWithTheSameParent() throws {
        var documents = 0
        for corpus in ["jekyll-docs", "wangxin93", "blogs-zh"] {
            for url in Fixtures.files(under: Fixtures.corpus.appendingPathComponent(corpus), extensions: ["md", "markdown"]) {
                let document = MarkdownParser.parse(String(decoding: try Data(contentsOf: url), as: UTF8.self))
                var lastChild: [Int: Int] = [:]
                for index in document.nodes.indices {
                    let parent = document.nodes[index].parent ?? -1
                    #expect(document.previousSibling(of: index) == lastChild[parent], "\(url.path) node \(index)")
                    lastChild[parent] = index
                }
                documents += 1
            }
        }
        #expect(documents > 100)
    }

    /// `^` and a literal is answered by a prefix test where the text has no line break.
    @Test func anchoredLiteralsMatchWhereICUMatches() throws {
        let sources = ["^返回", "^a", "^ab", "^返回首页", "^a.b", "^(a)", "a", "^", "^a|b"]
        let pieces = ["返回", "返", "回", "a", "b", "ab", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", " ", "首页", "中"]
        var generator = SeededRandom()
        let texts = (0..<3_000).map { _ in (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined() }
        for source in sources {
            let pattern = try Pattern(source, validating: true)
            #expect((Pattern.anchoredLiteral(source) != nil) == ["^返回", "^a", "^ab", "^返回首页"].contains(source), "\(source)")
            for text in texts {
                #expect(pattern.matches(text) == (pattern.expression.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil),
                        "\(source) \(text.debugDescription)")
            }
        }
    }

    @Test func proseDecodingIsWhatTheGeneralLoopDecoded() {
        // The general loop, which the ASCII and three-byte shortcuts must agree with, broken
        // sequences included (each broken byte reads as U+FFFD).
        func reference(_ bytes: [UInt8], _ range: Range<Int>) -> [(Int, Int, UInt32)] {
            var out: [(Int, Int, UInt32)] = [], index = range.lowerBound
            while index < range.upperBound {
                let lead = bytes[index]
                var length = 1, value = UInt32(lead)
                if lead >= 0xF0 { length = 4; value &= 0x07 } else if lead >= 0xE0 { length = 3; value &= 0x0F } else if lead >= 0xC0 { length = 2; value &= 0x1F }
                if lead >= 0x80 && lead < 0xC0 || index + length > range.upperBound { length = 1; value = 0xFFFD }
                if length > 1 { for next in 1..<length { value = value << 6 | UInt32(bytes[index + next] & 0x3F) } }
                out.append((index, length, value))
                index += length
            }
            return out
        }
        var generator = SeededRandom()
        let pieces: [[UInt8]] = ["a", "中", "，", "😀", "é", " "].map { Array($0.utf8) } + [[0x80], [0xE4], [0xE4, 0xB8], [0xF0, 0x9F], [0xC3], [0xFF]]
        for _ in 0..<5_000 {
            let bytes = (0..<Int.random(in: 0...30, using: &generator)).flatMap { _ in pieces.randomElement(using: &generator)! }
            let lower = Int.random(in: 0...bytes.count, using: &generator)
            let range = lower..<Int.random(in: lower...bytes.count, using: &generator)
            let decoded = ProseText.decode(bytes, range).map { ($0.offset, $0.length, $0.value) }
            #expect(decoded.elementsEqual(reference(bytes, range)) { $0 == $1 }, "\(bytes) \(range)")
        }
    }

    /// Whether a post is written in CJK, told by its bytes, is what decoding it says, over
    /// seeded random bytes: valid text, stray, cut and overlong sequences, and runs of ASCII the
    /// CJK clue passes over sixteen bytes at a time.
    @Test func cjkTextIsToldByItsBytesAsByItsScalars() {
        var generator = SeededRandom()
        let pieces: [[UInt8]] = [[0x61], [0x20], Array("中".utf8), Array("あ".utf8), Array("한".utf8), Array("𠀀".utf8), Array("“".utf8), Array("é".utf8),
                                 Array("😀".utf8), [0xE4], [0xE4, 0xB8], [0xB8, 0xAD], [0xF0, 0x8F, 0xA4, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xC3], [0x80],
                                 Array("an English sentence, long enough to be skipped.".utf8)]
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0...8, using: &generator)).flatMap { _ in pieces.randomElement(using: &generator)! }
            let decoded = String(decoding: bytes, as: UTF8.self).unicodeScalars.contains { CJK.isLetter($0.value) }
            #expect(PostMetadata.writtenInCJK(bytes) == decoded, "\(bytes)")
        }
    }

    /// The rules about CJK text skip a file without a scalar from U+3000 up (U+10000 to U+1FFFF
    /// aside), told by its lead bytes: every scalar one of their findings needs is in that
    /// range, and over seeded random text the bytes say what decoding says.
    @Test func cjkRulesNeedWhatTheCJKClueLooksFor() {
        let inRange = { (value: UInt32) in (0x3000...0xFFFF).contains(value) || (0x20000...0x2FFFF).contains(value) }
        let needed = (UInt32(0)...0x10FFFF).filter {
            CJK.isLetter($0) || CJK.isCJKOnlyPunctuation($0) || CJK.isFullwidthAlphanumeric($0) || $0 == 0x3000
                || (CJK.isQuoteOrBracket($0) && !SpaceAroundFullwidthQuote.isShared($0))
                || RepeatedPunctuation.isMark($0, emphatic: true)
        }
        #expect(needed.allSatisfy(inRange), "\(needed.filter { !inRange($0) }.map { "U+" + String($0, radix: 16) })")
        var generator = SeededRandom()
        let pieces = ["a", " ", "\n", "中", "，", "。", "「", "（", "ａ", "\u{3000}", "𠀀", "𪚥", "한", "“", "”", "‘", "’", "—", "…", "·", "é",
                      "😀", "\u{FE0F}", "\u{2FFF}", "\u{E000}", "\u{10000}", "\u{1FFFF}", "\u{30000}", "abcdefghijklmnopqrstuvwxyz"]
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let clue = Array(text.utf8).withUnsafeBufferPointer(ByteClues.containsCJK)
            #expect(clue == text.unicodeScalars.contains { inRange($0.value) }, "\(text.debugDescription)")
        }
    }

    /// The control characters' clue, read sixteen bytes at a time, finds what a byte loop
    /// finds, at every length and place.
    @Test func controlCharactersAreFoundWhereAByteLoopFindsThem() {
        var generator = SeededRandom()
        let bytes: [UInt8] = [0x00, 0x01, 0x08, 0x09, 0x0A, 0x0B, 0x0D, 0x1F, 0x20, 0x61, 0x7E, 0x7F, 0x80, 0xC2, 0xE4, 0xFF]
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...70, using: &generator)
            // Mostly text with a line break now and then, sometimes a control among it.
            let text: [UInt8] = (0..<count).map { _ in
                Int.random(in: 0..<8, using: &generator) == 0 ? bytes.randomElement(using: &generator)! : [0x61, 0x20, 0x0A, 0xE4].randomElement(using: &generator)!
            }
            let naive = text.contains { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F }
            #expect(text.withUnsafeBufferPointer(ByteClues.containsControl) == naive, "\(text)")
        }
    }

    /// unbalanced-pairs reads only the blocks whose bytes hold a mark it pairs beyond ASCII;
    /// over seeded random text that is what decoding finds.
    @Test func unbalancedPairsSkipsOnlyBlocksWithoutAFullwidthMark() {
        var generator = SeededRandom()
        let pieces = ["a", "(", ")", " ", "中", "，", "。", "、", "「", "」", "〈", "〕", "〖", "（", "）", "｛", "｝", "～", "“", "”", "‘", "’",
                      "‚", "„", "—", "…", "é", "😀", "\u{FF07}", "\u{FF5E}", "\u{3007}", "\u{3016}", "\u{2017}", "\u{201E}"]
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let decoded = text.unicodeScalars.contains { $0.value >= 0x80 && UnbalancedPairs.mayPair($0.value) }
            #expect(Array(text.utf8).withUnsafeBufferPointer(UnbalancedPairs.holdsFullwidthMark) == decoded, "\(text.debugDescription)")
        }
    }

    /// link-to-source-file tells a Markdown file's extension by its bytes as lowercasing the
    /// path told it.
    @Test func markdownExtensionsAreToldAsLowercasingTellsThem() {
        var generator = SeededRandom()
        let pieces = [".", "md", "MD", "Md", "markdown", "MarkDown", "mdx", "/", "a", "é", "中", "\u{E}", "M", "d", "\u{2E}\u{301}", "mar", "\u{212A}", "down"]
        for _ in 0..<20_000 {
            let path = (0..<Int.random(in: 0...5, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let lower = path.lowercased()
            #expect(LinkToSourceFile.namesMarkdownFile(Substring(path)) == (lower.hasSuffix(".md") || lower.hasSuffix(".markdown")), "\(path.debugDescription)")
        }
        // Lowercased, the Kelvin sign is a `k`.
        #expect(LinkToSourceFile.namesMarkdownFile("post.mar\u{212A}down") && !LinkToSourceFile.namesMarkdownFile("post.mar\u{212A}dow"))
    }

    /// Code spans and links are placed where the general search places them: a code span's
    /// text where cmark-gfm puts it, and a link without `<url>` in its lines, are taken without
    /// the search, over the Markdown corpora and spans made to trip the shortcut.
    @Test func codeSpansAndLinksArePlacedAsTheSearchPlacesThem() {
        let probes = ["a `b` c", "`` a`b ``", "` `` `", "x `a` `a` `a`", "``a`` `a`", "` a `", "`a\nb`", "`a`\n`a`", "`` ` ``",
                      "[x](http://y.z) <http://y.z> [y](http://y.z)", "<http://a.b>", "`code` and `code`", "\\`a`", "``` a ```",
                      "line one `x`\nline `x` two\n`x`", String(repeating: "`a` ", count: 200), "`" + String(repeating: " ", count: 200) + "a`"]
        var texts = probes.map { "---\ntitle: t\n---\n" + $0 + "\n" }
        for corpus in ["jekyll-docs", "wangxin93", "blogs-zh"] {
            for url in Fixtures.files(under: Fixtures.corpus.appendingPathComponent(corpus), extensions: ["md", "markdown"]) {
                texts.append((try? String(contentsOf: url, encoding: .utf8)) ?? "")
            }
        }
        for text in texts {
            let post = Post(path: "_posts/2020-01-01-a.md", bytes: Array(text.utf8))
            guard let body = post.body else { continue }
            let searched = BodyParser.parse(post.source, range: body.range, searching: true)
            #expect(body.markdownRanges == searched.markdownRanges, "\(text.prefix(200).debugDescription)")
        }
    }

    /// A page that shows every block of its source whole is taken to lose no word without
    /// cutting either into words; over seeded random pages made of a source's blocks, in
    /// another order, with blanks changed, dropped or added, things around them and some blocks changed,
    /// whenever the shortcut says so, counting the words finds nothing lost.
    @Test func aPageShowingEveryBlockLosesNoWord() {
        var generator = SeededRandom()
        let pieces = ["a", "Bc", "1", " ", "  ", "\n", "\t", "\r\n", ".", "-", "中", "文", "，", "。", "「", "」", "：", "é", "e\u{301}", "\u{301}",
                      "\u{200B}", "\u{AD}", "¹", "²x", "ｄ", "\u{F900}", "か\u{3099}", "\u{3099}", "ß", "Ω", "😀", "_", "'",
                      "\u{A0}", "\u{3000}", "\u{2003}", "\u{2028}", "\u{200D}", "\u{FEFF}", "\u{2066}"]
        func text(_ count: Int) -> String {
            (0..<Int.random(in: 0...count, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
        /// A page of `blocks`, a space before each as a block's start makes.
        func page(_ blocks: [String], alt: [String] = []) -> ShownPage {
            var text = "", breaks: [Int] = []
            for block in blocks {
                text += " "
                breaks.append(text.utf8.count)
                text += block
            }
            var altText = "", altBreaks: [Int] = []
            for piece in alt {
                altBreaks.append(altText.utf8.count)
                altText += " " + piece
            }
            return ShownPage(text: text, alt: altText, textBreaks: breaks, altBreaks: altBreaks)
        }
        var shortcuts = 0
        for round in 0..<20_000 {
            let blocks = (0..<Int.random(in: 0...4, using: &generator)).map { _ in text(6) }
            let alt = round % 3 == 0 ? [text(3)] : []
            var shown = blocks.map { block in
                switch Int.random(in: 0..<8, using: &generator) {
                case 0: return text(6)
                case 1: return block.replacingOccurrences(of: " ", with: "\n")
                // Blanks removed or added, as cleaning does around CJK text (and as it never
                // does between two words, which the shortcut must then not take).
                case 6: return block.replacingOccurrences(of: " ", with: "")
                case 7: return block.replacingOccurrences(of: "，", with: " ， ").replacingOccurrences(of: "中", with: "中 ")
                case 2: return text(2) + block
                case 3: return block + text(2)
                default: return block
                }
            }
            if Bool.random(using: &generator) { shown.shuffle(using: &generator) }
            let source = page(blocks, alt: alt), output = page([text(3)] + shown, alt: round % 2 == 0 ? alt : [])
            let withAlt = Bool.random(using: &generator)
            guard output.showsEveryWord(of: source, withAlt: withAlt) else { continue }
            shortcuts += 1
            let read = { (page: ShownPage) in ConversionVerifier.Reading(text: page.text, alt: page.alt) }
            let lost = withAlt ? ConversionVerifier.lost(read(source).withAlt, read(output).withAlt) : ConversionVerifier.lost(read(source), read(output))
            #expect(lost.isEmpty, "\(blocks) \(alt) in \(shown): \(lost)")
        }
        // The shortcut is taken often enough for the test to mean something.
        #expect(shortcuts > 2_000)
        // On repetitive text only a few places are looked at in full (each would be read to its
        // end): a block that is not there is told at once, and one further on is left to the
        // counting of words.
        let repeated = String(repeating: "a ", count: 200_000)
        let absent = page(["x", repeated, repeated]).showsEveryWord(of: page([repeated + "b"]), withAlt: false)
        let further = page(["x", String(repeating: "a ", count: 8) + repeated + "b"]).showsEveryWord(of: page([repeated + "b"]), withAlt: false)
        #expect(!absent && !further)
        // Blocks found before blocks found already (a source's `alt` text the page shows as its
        // text, between the text's blocks) are let by a few times, not for every block: each
        // shifts the places kept after it.
        func interleaved(_ pairs: Int) -> Bool {
            page(["t"] + Array(repeating: "a t", count: pairs)).showsEveryWord(of: page(Array(repeating: "t", count: pairs), alt: Array(repeating: "a", count: pairs)), withAlt: true)
        }
        #expect(interleaved(10) && !interleaved(50_000))
    }

    /// The block look reads a character as a blank only where a reading parts words at it as at
    /// a space, and drops one only where a reading skips it: every scalar of the ranges it
    /// looks at, between two letters.
    @Test func theBlockLookSeparatesWordsWhereAReadingDoes() {
        let scalars = Array(0x80...0x2FF) + Array(0x1680...0x1680) + Array(0x2000...0x206F) + Array(0x3000...0x3003) + [0xFEFF, 0xFEFE, 0xFFFE]
        for value in scalars {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "a" + String(scalar) + "b"
            let collapsed = String(decoding: ShownPage.collapsingBlanks(text), as: UTF8.self)
            let words = ConversionVerifier.words(in: text)
            if collapsed == "a b" {
                #expect(words == ["a", "b"], "U+\(String(value, radix: 16)) is no blank to a reading")
            } else if collapsed == "ab" {
                #expect(words == ["ab"], "U+\(String(value, radix: 16)) is not skipped by a reading")
            } else {
                #expect(collapsed == text, "U+\(String(value, radix: 16))")
            }
        }
        #expect(ShownPage.collapsingBlanks("a\u{3000}\u{A0} b\u{200B}c") == Array("a bc".utf8))
    }

    /// consecutive-blank-lines' clue takes any maximum a configuration gives, as big as an Int goes.
    @Test func blankLineCluesTakeAnyMaximum() {
        let text = Array("a\n\n\nb\n".utf8)
        let answers = [Int.min, -1, 0, 1, 3, Int.max].map { maximum in text.withUnsafeBufferPointer { ConsecutiveBlankLines.mayFind(in: $0, maximum: maximum) } }
        #expect(answers == [true, true, true, true, true, true])
        #expect(!Array("a\n\nb\n".utf8).withUnsafeBufferPointer { ConsecutiveBlankLines.mayFind(in: $0, maximum: .max) })
    }

    /// A Liquid tag's name is its first word, as splitting the tag at spaces gave it.
    @Test func liquidTagNamesAreTheFirstWordOfTheTag() {
        var generator = SeededRandom()
        let pieces = [" ", "  ", "-", "raw", "endraw", "\t", "\n", "x", "include", "a.html", "=", "\"y\""]
        for _ in 0..<20_000 {
            let tag = "{%" + (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined() + "%}"
            let split = String(tag.dropFirst(2).dropLast(2)).trimmingWhitespace.drop { $0 == "-" }.split(separator: " ").first
            #expect(LiquidInCode.tagName(tag) == split, "\(tag.debugDescription)")
        }
    }

    @Test func invisibleCharactersAreWhatTheScalarLoopFound() {
        let disagreeing = (UInt32(0)...0x10FFFF).filter {
            InvisibleCharacters.isNamedOrC1Control($0) != (InvisibleCharacters.names[$0] != nil || (0x80...0x9F).contains($0))
        }
        #expect(disagreeing.isEmpty, "\(disagreeing.map { "U+" + String($0, radix: 16) })")
        var generator = SeededRandom()
        let pieces = ["a", " ", "中", "，", "“", "”", "—", "é", "😀", "\t", "\n", "`x\u{200B}`", "abcdefghijklmnop", "\u{200B}", "\u{200C}",
                      "\u{FEFF}", "\u{AD}", "\u{85}", "\u{9F}", "\u{A0}", "\u{1}", "\u{1B}", "\u{7F}", "\u{2028}", "\u{202E}", "\u{2069}",
                      "\u{206A}", "\u{E000}", "\u{FFFD}", "\u{1F}"]
        for round in 0..<2_000 {
            let body = (0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let text = round % 2 == 0 ? "---\ntitle: t\n---\n" + body : body
            let post = Post(path: "p.md", bytes: Array(text.utf8))
            var expected: [Range<Int>] = []
            for run in ProseText(post, decodingOnce: true).runs {
                for scalar in run where scalar.offset > 0 || scalar.value != 0xFEFF {
                    let value = scalar.value
                    if InvisibleCharacters.names[value] != nil || (value < 0x20 && ![0x09, 0x0A, 0x0D].contains(value)) || (0x7F...0x9F).contains(value) {
                        expected.append(scalar.offset..<scalar.end)
                    }
                }
            }
            let found = Fixtures.lint(Array(text.utf8)).filter { $0.ruleID == "invisible-characters" }.map(\.range)
            #expect(found == expected, "\(text.debugDescription)")
        }
    }

    @Test func hidingStylesAreWhatTheCharacterFilterFound() {
        func reference(_ value: String) -> String? {
            let style = value.lowercased().filter { !$0.isWhitespace }
            if style.contains("display:none") { return "`display:none`" }
            if style.contains("visibility:hidden") { return "`visibility:hidden`" }
            return nil
        }
        var generator = SeededRandom()
        let pieces = ["display", "DISPLAY", "Display", ":", "none", "NONE", "visibility", "Hidden", "hidden", " ", "\t", "\n", "\r\n",
                      ";", "color:red", "\u{3000}", "\u{A0}", "e\u{301}", "显示", "x"]
        let values = (0..<20_000).map { _ in
            (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        } + ["display:none", "Display : None", "visibility:\thidden", "display:\u{3000}none", "display:non\u{301}e"]
        for value in values {
            #expect(HTMLSemantics.hidingStyle(value) == reference(value), "\(value.debugDescription)")
        }
    }

    @Test func byteSearchAgreesWithANaiveScan() {
        var generator = SeededRandom()
        // Letters, and punctuation the search anchors on when a needle holds some.
        let alphabet: [UInt8] = [0x61, 0x62, 0x63, UInt8(ascii: ":"), UInt8(ascii: "/")]
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let needle = (0..<Int.random(in: 1...4, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let lower = Int.random(in: 0...bytes.count, using: &generator)
            let range = lower..<Int.random(in: lower...bytes.count, using: &generator)
            let naive = range.lazy.filter { $0 + needle.count <= range.upperBound && Array(bytes[$0..<($0 + needle.count)]) == needle }.first
            #expect(SourceText(bytes: bytes).firstRange(of: needle, in: range)?.lowerBound == naive, "\(bytes) \(needle) \(range)")
        }
        #expect(SourceText(bytes: Array("推行 “一网通办”".utf8)).contains("“", in: 0..<10))
    }

    @Test func requiredLiteralsAreWhatEveryMatchContains() {
        let cases: [(String, String?)] = [
            ("（文章来源：([^）]+)）", "（文章来源："),
            ("^来源：(.+)$", "来源："),
            ("^Source: *(.+)$", "Source:"),
            ("<\\s*>", "<"),
            ("colou?r", "colo"),
            ("ab(cd)?ef", "ab"),
            ("x{2,3}yz", "yz"),
            ("\\.md$", ".md"),
            ("\\p{Han}+年", "年"),
            ("[abc]+", nil),
            ("cat|dog", nil),
            ("(?i)source", nil),
            ("(?=abc)abc", nil),
            ("\\Qa.b\\E", nil),
            ("^返回", "返回"),
            ("a\\u00A0b", "a"),
            ("\\U0001F600x", "x"),
            ("\\x41yz", "yz"),
            ("\\cJab", "ab"),
            ("(a)\\12bc", "bc"),
        ]
        for (source, expected) in cases {
            #expect(Pattern.requiredLiteral(source) == expected, "\(source)")
        }
    }

    /// Every pattern the catalogue uses, and some awkward ones: wherever the expression matches a
    /// line of the corpus or of these probes, the line holds the literal.
    @Test func theLiteralShortcutNeverHidesAMatch() throws {
        var sources = ["colou?r", "ab(cd)?ef", "x{2,3}yz", "\\.md$", "\\p{Han}+年", "(来源)?：", "a\\??b", "[（(]来源[）)]", "\\u00A0", "a\\x{A0}b", "\\x41b"]
        for rule in RuleCatalogue.builtIn.rules {
            let descriptor = rule.descriptor
            for option in descriptor.options where option.name.contains("pattern") {
                sources += option.defaultValue.list.compactMap(\.string) + [option.defaultValue.string].compactMap { $0 }
            }
            if let engine = descriptor.engine["pattern"]?.string { sources.append(engine) }
        }
        #expect(sources.count > 12)
        var lines = ["a\u{A0}b", "Ab", "colr", "color", "abef", "abcdef", "xxyz", "a.md", "中文年", "来源：", "：", "ab", "a?b", "（来源）", "< >", "<>"]
        for url in Fixtures.files(under: Fixtures.corpus.appendingPathComponent("finews"), extensions: ["md"]).prefix(300) {
            lines += try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        }
        #expect(lines.count > 1_000)
        var matched = 0
        for source in sources {
            let pattern = try Pattern(source, validating: true)
            for line in lines where pattern.expression.firstMatch(in: line, range: NSRange(location: 0, length: (line as NSString).length)) != nil {
                matched += 1
                #expect(pattern.mayMatch(line), "`\(source)` matches `\(line)` but its literal \(pattern.required.map { String(decoding: $0, as: UTF8.self) } ?? "-") is missing")
                #expect(pattern.firstMatch(in: line) != nil)
            }
        }
        #expect(matched > 50)
    }

    /// The fixer's later passes keep the front matter they parsed when it did not change; what
    /// remains after fixing must be what a fresh parse of the fixed file finds.
    @Test func reusedFrontMatterFindsWhatAFreshParseFinds() throws {
        let fixer = Fixer(linter: Linter(environment: LintEnvironment(now: Fixtures.now)), policy: .init(includeUnsafe: true))
        let linter = Linter(environment: LintEnvironment(now: Fixtures.now))
        var reused = 0
        for url in Fixtures.originalCorpusFiles(extensions: ["md", "markdown", "html"]).prefix(200) {
            let bytes = Array(try Data(contentsOf: url))
            let result = fixer.fix(path: url.path, bytes: bytes, configuration: Configuration())
            guard result.changed else { continue }
            let fresh = linter.lint(Post(path: url.path, bytes: result.fixed), configuration: Configuration())
            let describe = { (list: [Diagnostic]) in list.map { "\($0.code) \($0.start) \($0.end) \($0.message)" } }
            #expect(describe(result.remaining) == describe(fresh), "\(url.lastPathComponent)")
            if result.post.frontMatter != nil { reused += 1 }
        }
        #expect(reused > 20)
    }

    /// A user's rule file for the pattern engine, with no examples.
    static func patternRule(code: String, id: String, pattern: String, scope: String? = nil) -> String {
        """
        code: \(code)
        id: \(id)
        category: text
        severity: warning
        fix: none
        summary: A pattern of my own.
        check: pattern
        engine:
        \(scope.map { "  scope: \($0)\n" } ?? "")  pattern: '\(pattern)'
        examples:
          bad: []
          good: []
        """
    }

    /// Built-in patterns compile when first used; a user's rule file is still checked as it
    /// loads, so a broken expression is reported with its file.
    @Test func aUsersBrokenPatternIsReportedWhenItLoads() throws {
        let folder = try TemporaryFolder()
        try folder.write("rules/mine.yml", Self.patternRule(code: "PL901", id: "my-pattern", pattern: "unclosed ("))
        try folder.write(".postlint.yml", "rule-files: [rules/mine.yml]\n")
        let post = try folder.write("_posts/2022-03-03-x.md", "---\ntitle: \"t\"\ndate: 2022-03-03 09:15:00 +0800\n---\n正文。\n")
        let result = try PostlintBinary.run(["check", post.path])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect((result.stdout + result.stderr).contains("engine.pattern is not a valid regular expression: unclosed ("), "\(result.stdout)\(result.stderr)")
    }

    /// A `prose` pattern is matched over the lines of the stretches of prose that hold its
    /// literal, not over the post: matches between code spans on one line are all found (the
    /// line is handed over once), and `^` still means a line's start, not a stretch's.
    @Test func prosePatternsSeeWholeLines() throws {
        let folder = try TemporaryFolder()
        for (name, code, pattern) in [("anywhere", "PL901", "abc"), ("at-start", "PL902", "^abc")] {
            try folder.write("rules/\(name).yml", Self.patternRule(code: code, id: name, pattern: pattern, scope: "prose"))
        }
        try folder.write(".postlint.yml", "rule-files: [rules/anywhere.yml, rules/at-start.yml]\n")
        let post = try folder.write("_posts/2022-03-03-x.md", "---\ntitle: \"t\"\ndate: 2022-03-03 09:15:00 +0800\n---\nabc `abc` abc `y` abc\nx `code`abc\n\n    abc in code\n\nabc\n")
        let result = try PostlintBinary.run(["check", "--format", "json", "--select", "PL901,PL902", post.path])
        let report = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let files = try #require(report["files"] as? [[String: Any]])
        let found = (files.first?["diagnostics"] as? [[String: Any]] ?? []).map { diagnostic -> String in
            let start = diagnostic["start"] as? [String: Any] ?? [:]
            return "\(diagnostic["rule"] ?? "?") \(start["line"] ?? "?"):\(start["column"] ?? "?")"
        }
        #expect(found.sorted() == ["anywhere 10:1", "anywhere 5:1", "anywhere 5:11", "anywhere 5:19", "anywhere 6:9", "at-start 10:1", "at-start 5:1"],
                "\(result.stdout)\(result.stderr)")
    }

    /// A Markdown post's HTML is parsed with its long blanked runs (code blocks) read as one
    /// space: every element, comment and parse issue is where the parse of the whole text puts
    /// it, and the texts under each element cover the same bytes and are blank alike.
    @Test func shortenedBlanksParseAsTheWholeText() throws {
        let code = String(repeating: "    let x = \"<b>\" & y\n", count: 8)
        let made = [
            "<div>\n\n```\n\(code)```\n\n</div>\n",
            "text <span>a</span>\n\n\(code)\n<p>after</p>\n<!-- c -->\n",
            "<table><tr><td>\n\n```\n\(code)```\n\n</td></tr></table>\n\n\(code)\n</div>\n",
        ]
        var posts = made.map { Post(path: "_posts/2022-03-01-x.md", bytes: Array("---\ntitle: t\n---\n\($0)".utf8)) }
        for folder in ["wangxin93", "blogs-zh"] {
            for url in Fixtures.files(under: Fixtures.corpus.appendingPathComponent(folder), extensions: ["md", "markdown"]) {
                posts.append(Post(path: url.path, bytes: Array(try Data(contentsOf: url))))
            }
        }
        var shortened = 0
        for post in posts {
            guard let body = post.body, !body.html.elements.isEmpty else { continue }
            let bytes = post.source.bytes[body.range]
            let blanks = body.codeRanges.ranges + body.liquidRanges.ranges + body.autolinkRanges.ranges
            let codeBlocks = body.markdown.nodes.indices.filter { body.markdown.nodes[$0].kind == .codeBlock }.map { body.markdownRanges[$0] }
            let whole = HTMLParser.parse(bytes, baseOffset: body.range.lowerBound, blanking: blanks)
            let short = HTMLParser.parse(bytes, baseOffset: body.range.lowerBound, blanking: blanks, shortening: codeBlocks)
            if short.texts.map(\.text) != whole.texts.map(\.text) { shortened += 1 }
            #expect(Self.described(short) == Self.described(whole), "\(post.path)")
        }
        #expect(shortened > 20)
        // Liquid is not shortened: an attribute may hold it, and a rule reads a URL after it in
        // an HTML block by its offset in the text.
        let liquid = "---\ntitle: t\n---\n<div>\n{% include figure.html src=\"/assets/2020/some-long-image-name.png\" caption=\"x\" %}\nSee https://example.com/docs/page for details.\n</div>\n"
        #expect(Fixtures.lint(Array(liquid.utf8)).contains { $0.ruleID == "bare-url" })
    }

    /// Elements, comments and issues as lines; texts joined where the parser split one run, each
    /// with its parent, range and whether it is blank.
    static func described(_ document: HTMLDocument) -> [String] {
        var lines = document.elements.map { "\($0.name) \($0.attributes.map { "\($0.name)=\($0.value ?? "-")" }) \($0.parent ?? -1) \($0.depth) \(String(describing: $0.startTag)) \(String(describing: $0.endTag)) \($0.contentEnd) \($0.selfClosing)" }
        lines += document.comments.map { "comment \($0.range) \($0.text)" }
        lines += document.issues.map { "issue \($0.code) \($0.message) \($0.offset)" }
        var runs: [(parent: Int?, range: Range<Int>, blank: Bool)] = []
        for text in document.texts {
            if let last = runs.last, last.parent == text.parent, last.range.upperBound == text.range.lowerBound {
                runs[runs.count - 1] = (last.parent, last.range.lowerBound..<text.range.upperBound, last.blank && text.text.isBlank)
            } else {
                runs.append((text.parent, text.range, text.text.isBlank))
            }
        }
        return lines + runs.map { "text \($0.parent ?? -1) \($0.range) \($0.blank)" }
    }

    /// An expression that names the input's end or looks around sees the whole body, not only
    /// the lines of the prose that holds its literal: `\z` is the body's end.
    @Test func prosePatternsThatSeePastTheirLinesSeeTheBody() throws {
        let folder = try TemporaryFolder()
        try folder.write("rules/last.yml", Self.patternRule(code: "PL903", id: "last-word", pattern: #"abc\s*\z"#, scope: "prose"))
        try folder.write(".postlint.yml", "rule-files: [rules/last.yml]\n")
        let code = String(repeating: "let x = 1\n", count: 600)
        let post = try folder.write("_posts/2022-03-03-x.md", "---\ntitle: \"t\"\ndate: 2022-03-03 09:15:00 +0800\n---\nabc\n\n```\n\(code)```\n\nend abc\n")
        let result = try PostlintBinary.run(["check", "--format", "json", "--select", "PL903", post.path])
        #expect(result.stdout.components(separatedBy: "\"last-word\"").count - 1 == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("\"line\": 610"), "\(result.stdout)")
    }

    /// An option's regular expression that does not compile is refused where it is written.
    @Test func aBrokenOptionPatternIsAConfigurationError() throws {
        let folder = try TemporaryFolder()
        try folder.write(".postlint.yml", "rules:\n  attribution-missing:\n    options:\n      patterns: ['(来源']\n")
        let post = try folder.write("_posts/2022-03-03-x.md", "---\ntitle: \"t\"\ndate: 2022-03-03 09:15:00 +0800\n---\n正文。\n")
        let result = try PostlintBinary.run(["check", post.path])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect((result.stdout + result.stderr).contains(".postlint.yml:4: rule `attribution-missing`: option `patterns`: `(来源` is not a valid regular expression"),
                "\(result.stdout)\(result.stderr)")
    }

    @Test func globsMatchAsGitignoreDoes() {
        #expect(Glob.matches("README.md", "README.md"))
        #expect(Glob.matches("README.md", "docs/README.md"))
        #expect(!Glob.matches("README.md", "README.md/x.md"))
        #expect(Glob.matches("*.html", "a/b/c.html"))
        #expect(!Glob.matches("*.html", "a/b/c.md"))
        #expect(Glob.matches("drafts/", "drafts/a.md"))
        #expect(Glob.matches("_posts/*.md", "_posts/a.md"))
        #expect(!Glob.matches("_posts/*.md", "x/_posts/a.md"))
        #expect(Glob.matches("**/old/*.md", "x/y/old/a.md"))
    }

    @Test func absolutePathsResolveDotsByName() {
        #expect(ConfigurationLoader.absolute("/a/./b/../c//d.md") == "/a/c/d.md")
        #expect(ConfigurationLoader.absolute("/..") == "/")
        for normal in ["/", "/a", "/a/b.md", "/a/.hidden/...", "/a/b./c"] { #expect(ConfigurationLoader.absolute(normal) == normal) }
        #expect(ConfigurationLoader.absolute("/a/b/") == "/a/b")
        #expect(ConfigurationLoader.absolute("/a/b/.") == "/a/b")
        #expect(ConfigurationLoader.absolute("/a/b/..") == "/a")
        let working = FileManager.default.currentDirectoryPath
        #expect(ConfigurationLoader.absolute("x/../y.md") == (working == "/" ? "/y.md" : working + "/y.md"))
    }

    @Test func trimmingKnowsIdeographicSpace() {
        #expect("\u{3000} 来源：新华社\t\n".trimmingWhitespace == "来源：新华社")
        #expect(" \u{3000} ".trimmingWhitespace.isEmpty)
        #expect("a".trimmingWhitespace == "a")
    }

    /// Terminal cells: the ranges checked first give what the general category gives.
    @Test func cellWidthsAgreeWithTheGeneralCategory() {
        for value in UInt32(0)...UInt32(0x3FFFD) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let category = scalar.properties.generalCategory
            let zero = category == .nonspacingMark || category == .enclosingMark || value == 0x200B || value == 0xFEFF
            let wide = [0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
                        0xFFE0...0xFFE6, 0x1F300...0x1FAFF, 0x20000...0x3FFFD].contains { $0.contains(value) }
            #expect(TextReporter.cells(scalar) == (zero ? 0 : wide ? 2 : 1), "U+\(String(value, radix: 16))")
        }
    }

    @Test func quotePairsAreInverse() {
        for value in UInt32(0x2000)...UInt32(0xFFFF) {
            if let closer = CJK.closer(for: value) { #expect(CJK.opener(for: closer) == value) }
            if let opener = CJK.opener(for: value) { #expect(CJK.closer(for: opener) == value) }
        }
        #expect(CJK.closer(for: 0x201C) == 0x201D && CJK.isQuoteOrBracket(0x300B))
    }
}
