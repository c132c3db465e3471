import PostlintModel
import Testing

/// Positions are 1-based lines and UTF-16 columns whatever the bytes and line endings.
@Suite struct SourceTextTests {
    @Test func columnsCountUTF16Units() {
        let source = SourceText(bytes: Array("😀推行 “一网通办”\n".utf8))
        let quote = Array("😀推行 ".utf8).count
        #expect(source.location(of: quote) == SourceLocation(line: 1, column: 6))
    }

    @Test func crlfAndLoneCRBothEndLines() {
        let source = SourceText(bytes: Array("a\r\nb\rc\n".utf8))
        #expect(source.lineCount == 4)
        #expect(source.location(of: 3) == SourceLocation(line: 2, column: 1))
        #expect(source.location(of: 5) == SourceLocation(line: 3, column: 1))
        #expect(source.lineRange(1) == 0..<1)
    }

    @Test func scalarColumnsMapToOffsets() {
        let source = SourceText(bytes: Array("k: \"标题\"\n".utf8))
        #expect(source.offset(line: 1, scalarColumn: 5) == 4)
        #expect(source.offset(line: 1, scalarColumn: 6) == 7)
    }

    @Test func datesParseInJekyllsForms() throws {
        let canonical = try #require(PostDate.parse("2022-03-01 10:00:00 +0800"))
        #expect(canonical.isCanonical && canonical.offsetSeconds == 8 * 3600)
        let iso = try #require(PostDate.parse("2022-03-01T10:00:00+08:00"))
        #expect(!iso.isCanonical && iso.canonical == "2022-03-01 10:00:00 +0800")
        #expect(PostDate.parse("+0800") == nil)
        // Canonical needs every field at its full width: four-digit year, two-digit month, day and hour.
        for text in ["2022-3-01 10:00:00 +0800", "2022-03-1 10:00:00 +0800", "2022-03-01 9:00:00 +0800", "2022-03-01 10:00 +0800",
                     "2022-03-01 10:00:00 +08:00", "2022-03-01  10:00:00 +0800"] {
            #expect(PostDate.parse(text).map { !$0.isCanonical } == true, "\(text)")
        }
        // A fraction of a second is part of the instant: canonical keeps it.
        #expect(PostDate.parse("2022-03-01T10:00:00.25+08:00")?.canonical == "2022-03-01 10:00:00.25 +0800")
        #expect(PostDate.parse("2022-03-01 10:00:00.5 +0800")?.isCanonical == true)
        #expect(PostDate.parse("2014-10-1")?.padded == "2014-10-01")
        #expect(PostDate.parse("2014-10-1 9:05")?.padded == "2014-10-01 09:05")
        #expect(PostDate.parse("2022-02-30 10:00:00")?.impossibility != nil)
        #expect(iso.epochSeconds() == canonical.epochSeconds())
        #expect(PostDate.utcText(canonical.epochSeconds()) == "2022-03-01 02:00")
    }
}
