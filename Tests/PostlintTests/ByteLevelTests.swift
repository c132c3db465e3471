import Foundation
@testable import PostlintConvert
import PostlintEngine
import PostlintModel
@testable import PostlintReporters
@testable import PostlintRules
@testable import PostlintRunner
import Testing

/// Hot loops that now read UTF-8 bytes must answer exactly what the character-level code they
/// replaced answered. Each reference below is that code, kept here as the specification.
@Suite struct ByteLevelTests {
    /// Text that stresses the edges: CJK, combining marks, emoji, every line break Swift knows,
    /// CR LF, tabs, and the white space Unicode has beyond ASCII.
    static let edgeText = "推行 “一网通办”，e\u{301} 👩‍💻\r\n\ta\u{0B}b\u{0C}c\u{85}d\u{2028}e\u{2029}f\r g\u{3000}h\u{A0}i  \n`` ` ```x"

    static func corpusTexts(_ limit: Int = 400) throws -> [String] {
        try Fixtures.originalCorpusFiles(extensions: ["md", "markdown", "html", "txt"]).prefix(limit).map {
            String(decoding: try Data(contentsOf: $0), as: UTF8.self)
        }
    }

    static func randomTexts(_ count: Int, using generator: inout SeededRandom) -> [String] {
        let pieces = ["a", " ", "  ", "\t", "\n", "\r\n", "\r", "中", "，", "。", "）", "（", "“", "”", "\u{3000}", "\u{A0}", "\u{2028}",
                      "\u{85}", "\u{0B}", "e\u{301}", "`", "```", "<", ">", "\"", "'", "(", ")", "http://", "https://", "h", "://",
                      "x.y", "/", "-", "1", "2021", "12", ".md", "😀"]
        return (0..<count).map { _ in
            (0..<Int.random(in: 0...24, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
    }

    // MARK: - Conversion

    /// The conversion verifier's word split as it was on Characters' scalars, a String per word.
    static func referenceWords(in text: String) -> [String] {
        var words: [String] = []
        var current = "", currentIsScript = false, currentIsASCII = true
        func flush() {
            if !current.isEmpty { words.append(currentIsASCII ? current : current.precomposedStringWithCompatibilityMapping) }
            current = ""
            currentIsASCII = true
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                if ("0"..."9").contains(scalar) || ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) {
                    if currentIsScript { flush() }
                    currentIsScript = false
                    current.unicodeScalars.append(scalar)
                } else {
                    flush()
                }
                continue
            }
            let category = scalar.properties.generalCategory
            if category == .format { continue }
            if !current.isEmpty, category == .nonspacingMark || category == .spacingMark || category == .enclosingMark {
                current.unicodeScalars.append(scalar)
                currentIsASCII = false
                continue
            }
            if CJK.isLetter(scalar.value) {
                flush()
                let compatibility = (0xF900...0xFAFF).contains(scalar.value) || (0x2F800...0x2FA1F).contains(scalar.value)
                words.append(compatibility ? String(scalar).precomposedStringWithCompatibilityMapping : String(scalar))
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                let script = ConversionVerifier.isScript(scalar.value)
                if script != currentIsScript { flush() }
                currentIsScript = script
                current.unicodeScalars.append(scalar)
                currentIsASCII = false
            } else {
                flush()
            }
        }
        flush()
        return words
    }

    /// Words split over UTF-8 bytes, and looked up by their bytes, are the words the scalar
    /// split made: over the corpus, the edge text and random text of every kind of word.
    @Test func verifierWordsAreWhatTheScalarSplitFound() throws {
        var generator = SeededRandom()
        let pieces = ["a", "Z9", " ", "中", "国", "か", "\u{3099}", "\u{309A}", "e\u{301}", "\u{301}", "\u{200B}", "\u{AD}", "\u{FEFF}", "x\u{2070}",
                      "\u{2075}", "²", "\u{F900}", "\u{2F800}", "Ｄ", "ﬁ", "한", "\u{1100}\u{1161}", "٣", "Ω", "-", "。", "😀", "\u{30FB}",
                      // Full-width punctuation, quotes and brackets; the ideographs' edges and their neighbours.
                      "，", "“", "”", "’", "（", "】", "·", "～", "…", "—", "\u{4DFF}", "\u{4E00}", "\u{9FFF}", "\u{A000}", "\u{4DB5}", "\u{E4}",
                      // Words across the hash's eight-byte pieces, and past its 256 bytes.
                      "abcdefgh", "Abcdefghi", String(repeating: "w", count: 250), String(repeating: "y", count: 300)]
        let random = (0..<2_000).map { _ in
            (0..<Int.random(in: 0...16, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
        var previous: (reading: ConversionVerifier.Reading, words: [String])?
        for text in try Self.corpusTexts() + [Self.edgeText] + random {
            let expected = Self.referenceWords(in: text)
            #expect(ConversionVerifier.words(in: text) == expected, "\(text.debugDescription.prefix(200))")
            // The reading's ids stand for the same words, equal words sharing one.
            let reading = ConversionVerifier.Reading(text: text)
            #expect(reading.wordStrings == expected)
            #expect(Set(reading.vocabulary).count == reading.vocabulary.count)
            // Each word is found in another reading by its bytes: what one text lacks of the
            // text before is what counting their words says.
            if let previous {
                var left = Dictionary(expected.map { ($0, 1) }, uniquingKeysWith: +)
                let missing = previous.words.filter { word in
                    guard let count = left[word], count > 0 else { return true }
                    left[word] = count - 1
                    return false
                }
                #expect(ConversionVerifier.lost(previous.reading, reading) == missing, "\(text.debugDescription.prefix(200))")
            }
            previous = (reading, expected)
        }
    }

    /// Ideographs read before and after a vocabulary outgrows the sixteen-bit table of
    /// ideographs keep one id each, through the table's last id and the first past it, and the
    /// table of slots growing after, and are found from another reading either way.
    @Test func ideographsPastTheTableKeepTheirIds() {
        // 中 takes id 65,534, the table's last; 国 id 65,535, the first hashed; the words after
        // make the table of slots grow twice more.
        let before = (0..<65_534).map { "w\($0)" }.joined(separator: " ")
        let after = (0..<70_000).map { "v\($0)" }.joined(separator: " ")
        let text = before + " 中 国 " + after + " 中 国 文 国"
        let reading = ConversionVerifier.Reading(text: text)
        #expect(reading.count == 65_534 + 2 + 70_000 + 1)
        #expect(reading.wordStrings.suffix(4) == ["中", "国", "文", "国"])
        #expect(Set(reading.vocabulary).count == reading.count)
        #expect(ConversionVerifier.lost(reading, ConversionVerifier.Reading(text: before + " " + after + " 国 文")) == ["中", "中", "国", "国"])
        #expect(ConversionVerifier.lost(ConversionVerifier.Reading(text: "国 文 中 国 火"), reading) == ["火"])
    }

    /// Words built to collide under hashing by whole eight-byte pieces (they differ only in the
    /// top byte of each) spread over the slots as any words would: 65,536 of them fill most of
    /// 131,072 slots' first choices, where such a hash gives them four.
    @Test func wordsMadeToCollideSpreadOverTheSlots() {
        var slots = Set<Int>()
        for bits in 0..<(1 << 16) {
            var word: [UInt8] = []
            for piece in 0..<16 { word += Array("aaaaaaa".utf8) + [bits >> piece & 1 == 0 ? UInt8(ascii: "0") : UInt8(ascii: "p")] }
            slots.insert(word.withUnsafeBufferPointer { ConversionVerifier.Reading.slot(of: $0, in: 1 << 17) })
        }
        // About 51,600 expected; 40,000 or fewer has odds far below one in a billion.
        #expect(slots.count > 40_000)
    }

    // MARK: - Rules

    @Test func bareURLsAreWhatTheRegexFound() throws {
        var generator = SeededRandom()
        let regex = /https?:\/\/[^\s<>"'，。）]+/
        for text in try Self.corpusTexts() + Self.randomTexts(3_000, using: &generator) + [Self.edgeText, "见https://a.cn/x，和 http://b.org/y。", "http://", "https://\u{3000}x"] {
            var reference: [Range<Int>] = []
            var start = text.startIndex
            while let match = text[start...].firstMatch(of: regex) {
                let lower = text.utf8.distance(from: text.startIndex, to: match.range.lowerBound)
                reference.append(lower..<(lower + match.output.utf8.count))
                start = match.range.upperBound
            }
            var bytes = text
            #expect(bytes.withUTF8 { BareURL.urls(in: $0) } == reference, "\(text.debugDescription)")
        }
    }

    @Test func fileNameDatesAreWhatTheSplitFound() {
        func reference(_ fileName: String) -> [Int]? {
            let parts = fileName.split(separator: "-", maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count == 4,
                  (2...4).contains(parts[0].count), (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
                  parts[0...2].allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
                  let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
                  let dot = parts[3].lastIndex(of: "."), dot > parts[3].startIndex,
                  parts[3].index(after: dot) < parts[3].endIndex else { return nil }
            return [year, month, day]
        }
        var generator = SeededRandom()
        let pieces = ["2021", "12", "1", "08", "123", "12345", "-", "-", ".", "md", "a", "中", "٣", "e\u{301}", "."]
        var names = ["2021-12-08-post.md", "21-1-2-x.y", "2021-12-08-.md", "2021-12-08-a.", "2021-12-08-a", "2021-12-8-a.b.c", "0000-2013-05-06-x.md"]
        names += (0..<20_000).map { _ in (0..<Int.random(in: 0...10, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined() }
        for name in names {
            let parsed = FileNameDate(name).map { [$0.year, $0.month, $0.day] }
            #expect(parsed == reference(name), "\(name)")
        }
    }

    @Test func postNamesAreWhatThePathExtensionSaid() {
        let pieces = ["md", "MD", "Markdown", "html", "HTM", "txt", ".", "..", "a", "中", "e\u{301}", " ", "-", "~", "markdown"]
        var generator = SeededRandom()
        var names = ["a.md", "a.MD", "a.md.", ".md", "..md", "a..md", "md", "a.html ", "a.markdown~", "a.txt", "文章.Md", "a.mdx"]
        names += Fixtures.originalCorpusFiles(extensions: ["md", "markdown", "html", "txt", "yml"]).map(\.lastPathComponent)
        names += (0..<20_000).map { _ in (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined() }
        for name in names where !name.isEmpty {
            let reference = FileCollector.extensions.contains((name as NSString).pathExtension.lowercased())
            #expect(FileCollector.isPost(name) == reference, "\(name.debugDescription)")
        }
    }

    /// XML escaping returns text with nothing to escape as it is: for any text, what the scalar
    /// loop (kept here) made of it; file names lose their extension as `NSString` said; and
    /// metadata is trimmed of what `CharacterSet.whitespaces` (and URLs of what
    /// `.whitespacesAndNewlines`) holds.
    @Test func escapingAndTrimmingAreWhatFoundationAndTheScalarLoopDid() throws {
        func reference(_ value: String, attribute: Bool) -> String {
            var out = ""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"" where attribute: out += "&quot;"
                case "\n" where attribute: out += "&#10;"
                case "\r" where attribute: out += "&#13;"
                case "\t" where attribute: out += "&#9;"
                default:
                    let v = scalar.value
                    if v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D || v == 0xFFFE || v == 0xFFFF { continue }
                    out.unicodeScalars.append(scalar)
                }
            }
            return out
        }
        var generator = SeededRandom()
        let extra = ["&", "\u{1}", "\u{1F}", "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "\u{FF0C}", "\u{EFFF}", "\u{F0000}"]
        let texts = Self.randomTexts(3000, using: &generator).map { text in
            text + (0..<Int.random(in: 0...2, using: &generator)).map { _ in extra.randomElement(using: &generator)! }.joined()
        } + [Self.edgeText, "", "，！", "\u{FFFF}"] + (try Self.corpusTexts(100))
        for text in texts {
            #expect(XMLText.text(text) == reference(text, attribute: false), "\(text.debugDescription)")
            #expect(XMLText.attribute(text) == reference(text, attribute: true), "\(text.debugDescription)")
            let spaces = String(text.trimming { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator })
            #expect(spaces == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
            #expect(String(text.trimmingWhitespace) == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
        }
        for name in ["a.md", "a.b.md", ".hidden", "noext", "x.", "2022-03-01-测试.markdown", "..md", "a..b"] {
            #expect(PostMetadata.withoutExtension(name) == (name as NSString).deletingPathExtension, "\(name)")
        }
        // A slug read by bytes is the one read by scalars.
        func slug(_ text: String) -> String {
            var out = ""
            for scalar in text.unicodeScalars {
                if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if !out.hasSuffix("-") {
                    out += "-"
                }
            }
            while out.hasPrefix("-") { out.removeFirst() }
            while out.hasSuffix("-") { out.removeLast() }
            return out.isEmpty ? "untitled" : out
        }
        for text in texts + ["-a--b-", "--", "2022-03-01-测试-post", "é-e\u{301}", "_a_", "Z9z0"] {
            #expect(PostMetadata.slug(text) == slug(text), "\(text.debugDescription)")
        }
    }

    /// A link's scheme is found on the bytes as the `Character` search found it, and a report
    /// line's control characters as the scalar search did.
    @Test func schemesAndControlCharactersAreWhatTheCharacterSearchFound() throws {
        var generator = SeededRandom()
        let extra = [":", "\u{301}", "http", "x+y", "1a", "\u{0}", "\u{1B}", "\u{7F}", "\u{85}", "\u{9F}", "\u{A0}", "\u{600}", "mailto", "-."]
        let texts = Self.randomTexts(5000, using: &generator).map { text in
            text + (0..<Int.random(in: 0...3, using: &generator)).map { _ in extra.randomElement(using: &generator)! }.joined()
        } + [Self.edgeText, "", ":", "a:", ":\u{301}a:", "h:\u{301}", "https://x", "中:", "a\u{301}:"] + (try Self.corpusTexts(50))
        for text in texts {
            #expect(LinkTargets.hasScheme(text) == LinkTargets.hasSchemeByCharacters(text), "\(text.debugDescription)")
            var copy = text
            #expect(copy.withUTF8(TerminalText.hasControl) == text.unicodeScalars.contains(where: TerminalText.isControl), "\(text.debugDescription)")
        }
    }

    @Test func wordsAndWhiteSpaceAreWhatTheCharacterSplitFound() throws {
        // Scalars that join the one before (or after) them, next to white space.
        let joiners = ["\u{200C}", "\u{200D}", "\u{0600}", "\u{302A}", "\u{302E}", "\u{3099}", "\u{FF9E}", "\u{301}", "\u{1F1E6}", " ", "\u{3000}", "\u{2009}", "中", "a", "\r", "\n"]
        var generator = SeededRandom()
        let joined = (0..<5_000).map { _ in (0..<Int.random(in: 0...8, using: &generator)).map { _ in joiners.randomElement(using: &generator)! }.joined() }
        let texts = try Self.corpusTexts(100) + Self.randomTexts(5_000, using: &generator) + joined + [Self.edgeText, "a b", " a\tb\r\nc ", "\u{0600} a", "tag\u{3000}two", "\r\n", ""]
        for text in texts + texts.map({ String($0.unicodeScalars.filter(\.isASCII)) }) {
            #expect(text.containsWhitespace == text.contains(where: \.isWhitespace), "\(text.debugDescription)")
            #expect(text.wordsBetweenWhitespace == text.split(whereSeparator: \.isWhitespace).map(String.init), "\(text.debugDescription)")
            #expect(text.isBlank == text.trimmingWhitespace.isEmpty, "\(text.debugDescription)")
        }
    }

    @Test func lastBytesAreWhereTheUTF8ViewFindsThem() throws {
        var generator = SeededRandom()
        for text in try Self.corpusTexts(50) + Self.randomTexts(3_000, using: &generator) + ["/", "a/b/c", "中/文", "", "/x/"] {
            for byte in [UInt8(ascii: "/"), UInt8(ascii: "."), 0x0A, 0xE4] {
                #expect(text.lastIndex(ofByte: byte) == text.utf8.lastIndex(of: byte), "\(text.debugDescription)")
            }
        }
    }

    @Test func lineStartsAreWhatTheByteLoopFound() throws {
        var generator = SeededRandom()
        func reference(_ bytes: [UInt8]) -> [Int] {
            var starts = [0]
            var index = 0
            while index < bytes.count {
                if bytes[index] == 0x0A {
                    starts.append(index + 1)
                } else if bytes[index] == 0x0D {
                    if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                    starts.append(index + 1)
                }
                index += 1
            }
            return starts
        }
        for text in try Self.corpusTexts() + Self.randomTexts(5_000, using: &generator) + [Self.edgeText, "", "\n", "\n\n", "a", "a\n", "\r", "\r\n\r"] {
            let bytes = Array(text.utf8)
            #expect(SourceText(bytes: bytes).lineStarts == reference(bytes), "\(text.debugDescription)")
        }
    }

    @Test func asciiWhiteSpaceIsUnicodesWhiteSpace() {
        for value in UInt32(0)...UInt32(0x10FFFF) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(scalar.isUnicodeWhitespace == scalar.properties.isWhitespace, "U+\(String(value, radix: 16))")
        }
    }

    // MARK: - Model

    @Test func utf16CountsAreStringsCounts() throws {
        var generator = SeededRandom()
        for text in try Self.corpusTexts(100) + Self.randomTexts(500, using: &generator) + [Self.edgeText] {
            let source = SourceText(bytes: Array(text.utf8))
            #expect(source.utf16Count(0..<source.count) == text.utf16.count)
        }
        // A stray byte counts as one unit, as before.
        #expect(SourceText(bytes: [0x61, 0x80, 0xE4, 0xB8]).utf16Count(0..<4) == 3)
    }

    @Test func nonASCIIIsFoundEightBytesAtATime() {
        var generator = SeededRandom()
        for _ in 0..<20_000 {
            // Mostly ASCII, so that a single high byte lands anywhere in a word or in the tail.
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                Int.random(in: 0..<30, using: &generator) == 0 ? UInt8.random(in: 0x80...0xFF, using: &generator) : UInt8.random(in: 0...0x7F, using: &generator)
            }
            #expect(bytes.withUnsafeBufferPointer(ByteSearch.holdsNonASCII) == bytes.contains { $0 >= 0x80 }, "\(bytes)")
        }
    }

    @Test func wordAtATimeUnitCountsAreTheByteLoops() throws {
        func reference(_ bytes: [UInt8], _ range: Range<Int>) -> Int {
            var units = 0, index = range.lowerBound
            while index < min(range.upperBound, bytes.count) {
                let byte = bytes[index]
                index += byte < 0xC0 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
                units += byte >= 0xF0 ? 2 : 1
            }
            return units
        }
        var generator = SeededRandom()
        for text in try Self.corpusTexts(60) + Self.randomTexts(2_000, using: &generator) + [Self.edgeText, "中文😀ab\u{301}中文中文😀😀xyz", String(repeating: "中文，", count: 2_000)] {
            let source = SourceText(bytes: Array(text.utf8))
            #expect(source.encoding == .utf8)
            for _ in 0..<20 {
                // Ranges may start and end inside a scalar, and run past 255 words of CJK text.
                let lower = Int.random(in: 0...source.count, using: &generator)
                let upper = Int.random(in: lower...min(source.count + 2, lower + 6_000), using: &generator)
                #expect(source.utf16Count(lower..<upper) == reference(source.bytes, lower..<upper), "\(text.debugDescription) \(lower)..<\(upper)")
            }
        }
    }

    @Test func endLocationsCountedFromTheStartAreLocationsCountedFromTheLine() throws {
        var generator = SeededRandom()
        for text in try Self.corpusTexts(60) + Self.randomTexts(2_000, using: &generator) + [Self.edgeText] {
            let source = SourceText(bytes: Array(text.utf8))
            for _ in 0..<20 {
                let lower = Int.random(in: 0...source.count, using: &generator)
                let upper = Int.random(in: lower...min(source.count + 2, lower + 300), using: &generator)
                let start = source.location(of: lower)
                #expect(source.location(of: upper, after: start, at: lower) == source.location(of: upper), "\(text.debugDescription) \(lower)..<\(upper)")
            }
        }
    }

    @Test func utf8ValidationAgreesWithTheStandardLibrary() throws {
        var generator = SeededRandom()
        var inputs = try Self.corpusTexts(100).map { Array($0.utf8) }
        inputs += (0..<20_000).map { _ in
            (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                // Mostly ASCII, so the eight-byte stride is taken and then broken.
                Bool.random(using: &generator) ? UInt8.random(in: 0x01...0x7F, using: &generator) : UInt8.random(in: 0...0xFF, using: &generator)
            }
        }
        for bytes in inputs {
            let encoding = TextEncoding(validating: bytes)
            // UTF-16 and UTF-32 are named by a byte order mark, or UTF-16 by NULs beside ASCII in
            // its first four bytes (random bytes come out so now and then).
            let marked = [[0xFF, 0xFE], [0xFE, 0xFF], [0, 0, 0xFE, 0xFF]].contains { bytes.starts(with: $0) }
            let unmarked = bytes.count >= 4 && [(0, 1), (1, 0)].contains { nul, ascii in
                bytes[nul] == 0 && bytes[ascii] != 0 && bytes[ascii] < 0x80 && bytes[nul + 2] == 0 && bytes[ascii + 2] != 0
            }
            if case .otherUnicode = encoding {
                #expect(marked || unmarked, "\(bytes)")
            } else if marked || unmarked {
                Issue.record("\(bytes) is UTF-16 or UTF-32 but read as \(encoding)")
            } else if let nul = bytes.firstIndex(of: 0) {
                #expect(encoding == .binary(offset: nul))
            } else {
                #expect((encoding == .utf8) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
            }
        }
    }

    // MARK: - Reports

    @Test func codeFramesAreWhatTheScalarLoopDrew() throws {
        // The window around the finding, worked out scalar by scalar: up to 40 cells before
        // its start and 80 from it, `...` where the line is cut.
        func reference(_ diagnostic: Diagnostic, _ text: String) -> String {
            let number = Array(String(diagnostic.start.line).utf8)
            let scalars = Array(text.unicodeScalars)
            var columns: [Int] = []
            var column = 1
            for scalar in scalars {
                columns.append(column)
                column += scalar.value > 0xFFFF ? 2 : 1
            }
            let first = columns.firstIndex { $0 >= diagnostic.start.column } ?? scalars.count
            let sameLine = diagnostic.start.line == diagnostic.end.line
            let last = sameLine ? max(first, columns.firstIndex { $0 >= diagnostic.end.column } ?? scalars.count) : nil
            var from = first, padding = 0
            while from > 0, padding + TextReporter.cells(scalars[from - 1]) <= TextReporter.cellsBefore {
                padding += TextReporter.cells(scalars[from - 1])
                from -= 1
            }
            var to = first, shownCells = 0, width = 0
            while to < scalars.count, shownCells + TextReporter.cells(scalars[to]) <= TextReporter.cellsAfter {
                if let last, to < last { width += TextReporter.cells(scalars[to]) }
                shownCells += TextReporter.cells(scalars[to])
                to += 1
            }
            var shown: [UInt8] = from > 0 ? Array("...".utf8) : []
            for scalar in scalars[from..<to] {
                // A tab is a space; another control character, which would act on the terminal, is U+FFFD.
                if scalar == "\t" {
                    shown.append(0x20)
                } else if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    shown.append(contentsOf: UTF8.encode("\u{FFFD}")!)
                } else {
                    shown.append(contentsOf: UTF8.encode(scalar)!)
                }
            }
            if to < scalars.count { shown += Array("...".utf8) }
            if from > 0 { padding += 3 }
            let gutter = Array(" | ".utf8)
            var out = number + gutter + shown
            out.append(0x0A)
            out += repeatElement(0x20, count: number.count) + gutter + repeatElement(0x20, count: padding)
            return String(decoding: out, as: UTF8.self) + "^" + String(repeating: "~", count: max(0, width - 1)) + "\n"
        }
        let reporter = TextReporter(color: false)
        var generator = SeededRandom()
        let lines = try Self.corpusTexts(60).flatMap { $0.split(separator: "\n").map(String.init) } + Self.randomTexts(300, using: &generator) + [Self.edgeText]
        for line in lines {
            let start = Int.random(in: 1...(line.utf16.count + 2), using: &generator)
            let end = Int.random(in: start...(line.utf16.count + 3), using: &generator)
            let lineNumber = Int.random(in: 1...2_000, using: &generator)
            let sameLine = Bool.random(using: &generator)
            func diagnostic(_ range: Range<Int>) -> Diagnostic {
                Diagnostic(path: "p.md", code: "PL000", ruleID: "r", severity: .warning, message: "m", range: range,
                           start: SourceLocation(line: lineNumber, column: start),
                           end: SourceLocation(line: sameLine ? lineNumber : lineNumber + 1, column: end), fix: nil)
            }
            let expected = reference(diagnostic(0..<0), line)
            #expect(reporter.frame(diagnostic(0..<0), line) == expected, "\(line.debugDescription)")
            // Found by its byte offset in the file (the line starting at byte 1000), the same frame.
            func byteOffset(_ column: Int) -> Int {
                var offset = 0, current = 1
                for scalar in line.unicodeScalars where current < column {
                    offset += String(scalar).utf8.count
                    current += scalar.value > 0xFFFF ? 2 : 1
                }
                return offset
            }
            let range = (1_000 + byteOffset(start))..<(1_000 + max(byteOffset(start), byteOffset(end)))
            #expect(reporter.frame(diagnostic(range), line, lineStart: 1_000) == expected, "\(line.debugDescription)")
        }
    }

    // MARK: - Conversion

    /// A destination as the Markdown writer must spell it, worked out scalar by scalar: readable
    /// characters as they are (percent-encoded ones decoded), ASCII that cmark-gfm would encode
    /// encoded, an entity-like `&` as `&amp;`, and `<…>` around one holding a parenthesis.
    static func referenceDestination(_ text: String) -> String {
        if text.isEmpty { return "<>" }
        func readable(_ scalar: Unicode.Scalar) -> Bool {
            ![.spaceSeparator, .lineSeparator, .paragraphSeparator, .control, .format, .surrogate, .privateUse, .unassigned]
                .contains(scalar.properties.generalCategory)
        }
        func encode(_ scalar: Unicode.Scalar) -> String { String(scalar).utf8.map { String(format: "%%%02X", $0) }.joined() }
        // Decode %XX runs character by character where they spell a readable non-ASCII one.
        var scalars: [(Unicode.Scalar, Bool)] = []  // (scalar, was written encoded and must stay so)
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            var run: [UInt8] = []
            var end = index
            while end + 2 < bytes.count, bytes[end] == 0x25, let value = UInt8(String(decoding: bytes[(end + 1)...(end + 2)], as: UTF8.self), radix: 16), value >= 0x80 {
                run.append(value)
                end += 3
            }
            if run.isEmpty {
                let width = bytes[index] < 0x80 ? 1 : bytes[index] < 0xE0 ? 2 : bytes[index] < 0xF0 ? 3 : 4
                scalars.append((String(decoding: bytes[index..<(index + width)], as: UTF8.self).unicodeScalars.first!, false))
                index += width
                continue
            }
            var position = 0
            while position < run.count {
                let width = run[position] >= 0xC2 && run[position] <= 0xDF ? 2 : run[position] >= 0xE0 && run[position] <= 0xEF ? 3 : run[position] >= 0xF0 && run[position] <= 0xF4 ? 4 : 1
                if width > 1, position + width <= run.count, let decoded = String(validating: run[position..<(position + width)], as: UTF8.self),
                   let scalar = decoded.unicodeScalars.first, readable(scalar) {
                    scalars.append((scalar, false))
                    position += width
                } else {
                    for byte in String(decoding: bytes[(index + position * 3)..<(index + position * 3 + 3)], as: UTF8.self).unicodeScalars { scalars.append((byte, true)) }
                    position += 1
                }
            }
            index = end
        }
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.+!*'(),%#@?=;:/&$~".unicodeScalars)
        var out = ""
        for (scalar, _) in scalars {
            if scalar.isASCII { out += safe.contains(scalar) ? String(scalar) : encode(scalar) } else { out += readable(scalar) ? String(scalar) : encode(scalar) }
        }
        var guarded = ""
        for (index, character) in zip(out.indices, out) {
            let next = out.index(after: index) < out.endIndex ? out[out.index(after: index)] : nil
            guarded += character == "&" && (next.map { ($0.isASCII && $0.isLetter) || $0 == "#" } ?? false) ? "&amp;" : String(character)
        }
        return guarded.contains("(") || guarded.contains(")") ? "<" + guarded + ">" : guarded
    }

    @Test func codeBlockLinesAreWhatTheCharacterSplitMade() throws {
        var generator = SeededRandom()
        func reference(_ text: String) -> String {
            text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { line -> String in
                var line = String(line)
                while line.last == " " || line.last == "\t" { line.removeLast() }
                return line
            }.joined(separator: "\n")
        }
        for text in try Self.corpusTexts(100) + Self.randomTexts(3_000, using: &generator) + [Self.edgeText, "a \u{301}\n", "x\t \r\n y"] {
            #expect(MarkdownWriter.codeLines(text) == reference(text), "\(text.debugDescription)")
            #expect(MarkdownWriter.lines(text) == text.split(separator: "\n", omittingEmptySubsequences: false), "\(text.debugDescription)")
            var fence = "```"
            while text.contains(fence) { fence += "`" }
            #expect(String(repeating: "`", count: max(3, MarkdownWriter.longestBacktickRun(text) + 1)) == fence, "\(text.debugDescription)")
            #expect(MarkdownWriter.destination(text) == Self.referenceDestination(text), "\(text.debugDescription)")
            let autolinkable = text.firstIndex(of: ":").map { text.distance(from: text.startIndex, to: $0) >= 2 } == true
                && !text.contains { $0 == " " || $0 == "<" || $0 == ">" || $0.isNewline }
            #expect(MarkdownWriter.isAutolinkable(text) == autolinkable, "\(text.debugDescription)")
        }
    }

    @Test func collapsingIsWhatTheScalarLoopDid() throws {
        var generator = SeededRandom()
        func reference(_ text: String) -> String {
            var out: [UInt8] = []
            var space = false, lineBreak = false
            var previous: UInt32?
            for scalar in text.unicodeScalars {
                let value = scalar.value
                if value == 0x20 || value == 0x09 || value == 0x0A || value == 0x0D || value == 0x0C {
                    space = true
                    if value == 0x0A || value == 0x0D { lineBreak = true }
                    continue
                }
                let joins = lineBreak && previous.map { CJK.isCJKOnlyPunctuation($0) || (CJK.isCJK($0) && CJK.isCJK(value)) } == true
                if space, !joins { out.append(0x20) }
                space = false
                lineBreak = false
                out.append(contentsOf: UTF8.encode(scalar)!)
                previous = value
            }
            if space { out.append(0x20) }
            return String(decoding: out, as: UTF8.self)
        }
        for text in try Self.corpusTexts(100) + Self.randomTexts(3_000, using: &generator) + [Self.edgeText, "中\n文", "中。\n a", "a  b"] {
            #expect(ContentShaping.collapse(text) == reference(text), "\(text.debugDescription)")
        }
    }
}
