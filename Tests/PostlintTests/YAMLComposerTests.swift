import PostlintAdapters
import PostlintModel
import Testing

/// The front-matter composer, built on libyaml's events: what it keeps, where it says things
/// are, and what it refuses.
@Suite struct YAMLComposerTests {
    private func scalar(_ node: YAMLNode?) -> String? {
        if case .scalar(let text, _)? = node?.content { return text }
        return nil
    }

    @Test func mappingsKeepEveryPairInOrderWithPositions() throws {
        let root = try #require(try YAMLComposer.compose("title: 推行\ntags: [a, 'b']\ntitle: again\n"))
        guard case .mapping(let pairs) = root.content else { Issue.record("not a mapping"); return }
        #expect(pairs.map { scalar($0.key) } == ["title", "tags", "title"])
        #expect(pairs[1].value.mark == YAMLMark(line: 2, column: 7))
        guard case .sequence(let items) = pairs[1].value.content else { Issue.record("not a sequence"); return }
        #expect(items.map(scalar) == ["a", "b"])
        if case .scalar(_, let style) = items[1].content { #expect(style == .singleQuoted) }
        #expect(pairs[2].key.mark == YAMLMark(line: 3, column: 1))
    }

    @Test func stylesAndEscapesAreRead() throws {
        let root = try #require(try YAMLComposer.compose("a: \"x\\ty\"\nb: |\n  line\nc: >\n  folded\n"))
        guard case .mapping(let pairs) = root.content else { Issue.record("not a mapping"); return }
        let styles = pairs.map { pair -> YAMLScalarStyle? in if case .scalar(_, let style) = pair.value.content { return style } else { return nil } }
        #expect(styles == [.doubleQuoted, .literal, .folded])
        #expect(scalar(pairs[0].value) == "x\ty")
        #expect(scalar(pairs[1].value) == "line\n")
    }

    @Test func aliasesShareTheirAnchorsNode() throws {
        let root = try #require(try YAMLComposer.compose("base: &b {x: 1}\ncopy: *b\n"))
        guard case .mapping(let pairs) = root.content, case .mapping(let copied) = pairs[1].value.content else {
            Issue.record("not mappings"); return
        }
        #expect(copied.map { scalar($0.key) } == ["x"])
        #expect(throws: YAMLComposeError.self) { try YAMLComposer.compose("a: *missing\n") }
    }

    /// Each top-level key and value covers exactly its text, from libyaml's start and end marks:
    /// quotes and escapes included, comments and trailing blanks and lines not, CJK and emoji
    /// before a value counted in bytes.
    @Test func entriesCoverTheirTextExactly() throws {
        let yaml = """
        title: "推行 \\"一网通办\\"" # a comment
        'quoted key': it's plain   # another
        标题😀: 中文 值
        tags: [a, "b"]
        list:
          - one
          - 二
        # a comment after the list
        nested:
          key: value
        block: |
          line one
          line two

        folded: >-
          text
        empty:
        anchored: &a 值
        copy: *a
        multi: first
          second

        """
        let post = Post(path: "_posts/2022-03-01-a.md", bytes: Array("---\n\(yaml)---\nbody\n".utf8))
        let entries = try #require(post.frontMatter).entries
        #expect(post.frontMatter?.error == nil, "\(String(describing: post.frontMatter?.error))")
        let shown = entries.map { "\(post.source.string($0.keyRange))=\(post.source.string($0.valueRange))" }
        #expect(shown == [
            "title=\"推行 \\\"一网通办\\\"\"", "'quoted key'=it's plain", "标题😀=中文 值", "tags=[a, \"b\"]",
            "list=- one\n  - 二", "nested=key: value", "block=|\n  line one\n  line two", "folded=>-\n  text",
            "empty=", "anchored=&a 值", "copy=*a", "multi=first\n  second",
        ])
    }

    @Test func emptyStreamsAndEmptyDocuments() throws {
        #expect(try YAMLComposer.compose("") == nil)
        #expect(try YAMLComposer.compose("# only a comment\n") == nil)
        #expect(scalar(try YAMLComposer.compose("---\n")) == "")
    }

    @Test func errorsSayWhatAndWhere() {
        do {
            _ = try YAMLComposer.compose("title: a\n  bad: b\n")
            Issue.record("accepted invalid YAML")
        } catch {
            #expect(error.problem.contains("mapping values are not allowed"), "\(error.problem)")
            #expect(error.mark == YAMLMark(line: 2, column: 6))
        }
        do {
            _ = try YAMLComposer.compose("a: 1\n---\nb: 2\n")
            Issue.record("accepted two documents")
        } catch {
            #expect(error.problem.contains("expected a single document"))
            #expect(error.mark?.line == 2)
        }
    }

    @Test func readerErrorsSayWhereToo() {
        do {
            _ = try YAMLComposer.compose("a: 1\ntitle: \"推\u{01}b\"\n")
            Issue.record("accepted a control character")
        } catch {
            #expect(error.problem.contains("control characters are not allowed"))
            #expect(error.mark == YAMLMark(line: 2, column: 10))
        }
    }

    @Test func expansionIsBounded() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...6 { yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        do {
            _ = try YAMLComposer.compose(yaml)
            Issue.record("expanded a billion laughs")
        } catch {
            #expect(error.problem == "aliases expand to more than \(YAMLComposer.maximumNodes) nodes")
        }
    }

    /// A big front matter without aliases is refused for its size, not blamed on aliases.
    @Test func aBigTreeWithoutAliasesIsCalledBig() {
        let yaml = "list:\n" + String(repeating: "  - a\n", count: YAMLComposer.maximumNodes + 1)
        do {
            _ = try YAMLComposer.compose(yaml)
            Issue.record("composed more than the limit")
        } catch {
            #expect(error.problem.hasPrefix("more than \(YAMLComposer.maximumNodes) values, lists and mappings"), "\(error.problem)")
        }
    }
}
