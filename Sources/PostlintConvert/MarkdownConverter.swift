import PostlintEngine
import PostlintModel
import PostlintRules

/// `postlint convert --to markdown`: a post with an HTML or mixed body in, the same post with a
/// clean CommonMark body out. Cleaning is `fix` with the cleaning rules (the same code, not a
/// copy); structure comes from rendering the body with cmark-gfm and reading it back with
/// libxml2; the Markdown writer does the rest.
public struct MarkdownConverter: Sendable {
    public enum TableFallback: String, Sendable { case html, fail }

    public struct Options: Sendable {
        /// A paragraph right after an image that starts so is the image's caption.
        public var captionPrefixes: [String] = ["图片来源：", "图片来源:", "图：", "图片：", "Image: ", "Photo: "]
        public var tableFallback: TableFallback = .html
        /// Rewrite the front matter's date in the canonical form.
        public var canonicalDates = false

        public init() {}
    }

    public struct Output: Sendable {
        public let bytes: [UInt8]
        public let issues: [ConversionIssue]
        /// Raw HTML kept because Markdown cannot say it (tables with merged cells, emphasis
        /// CommonMark cannot delimit).
        public let htmlFallbacks: Int
        /// Whether nothing in `issues` makes the output unfaithful.
        public var faithful: Bool { !issues.contains { $0.fatal } }
    }

    /// The rules whose fixes clean a post for conversion.
    public static let cleaningRules: Set<String> = [
        "front-matter-not-at-start", "byte-order-mark", "line-endings", "attribution-markup", "indented-block-tag",
        "space-around-fullwidth-quote", "space-around-fullwidth-punctuation", "fullwidth-alphanumeric",
        "trailing-whitespace", "hidden-content", "empty-element", "tracking-markup", "invisible-characters",
    ]

    public let linter: Linter
    public let options: Options

    public init(linter: Linter, options: Options = Options()) {
        self.linter = linter
        self.options = options
    }

    public func convert(path: String, bytes: [UInt8], configuration: Configuration) -> Output {
        guard TextEncoding(validating: bytes) == .utf8 else {
            return Output(bytes: bytes, issues: [ConversionIssue(message: "not UTF-8 text; not converted", offset: 0, fatal: true)], htmlFallbacks: 0)
        }
        let cleaned = clean(path: path, bytes: bytes, configuration: configuration)
        let post = Post(path: path, bytes: cleaned)
        guard post.frontMatter == nil || post.frontMatter?.closing != nil else {
            return Output(bytes: bytes, issues: [ConversionIssue(message: "the front matter is never closed; not converted", offset: 0, fatal: true)], htmlFallbacks: 0)
        }
        let bodyRange = post.body?.range ?? cleaned.count..<cleaned.count
        var head = Array(cleaned[..<bodyRange.lowerBound])
        if !head.isEmpty, head.last != 0x0A { head.append(0x0A) }
        let rendered = MarkdownParser.renderHTML(post.source.string(bodyRange), unsafe: true, autolinks: false)
        var builder = DocumentBuilder(html: HTMLParser.parse(Array(rendered.utf8)[...]), captionPrefixes: options.captionPrefixes)
        let blocks = builder.build()
        let (markdown, fallbacks) = MarkdownWriter().write(blocks)
        var issues = builder.issues.map { issue -> ConversionIssue in
            var located = issue
            if let needle = issue.needle, let found = Self.find(needle, in: post.source.bytes, within: bodyRange) { located.offset = found }
            return located
        }
        if options.tableFallback == .fail {
            issues = issues.map { issue in
                issue.needle == "<table"
                    ? ConversionIssue(message: issue.message.replacingOccurrences(of: "kept as HTML", with: "not converted (--table-fallback fail)"), offset: issue.offset, fatal: true)
                    : issue
            }
        }
        var output = head
        if !head.isEmpty, !markdown.isEmpty { output.append(0x0A) }
        output += Array(markdown.utf8)
        return Output(bytes: output, issues: issues, htmlFallbacks: fallbacks)
    }

    /// The post with the cleaning rules' fixes applied, safe and unsafe alike.
    private func clean(path: String, bytes: [UInt8], configuration: Configuration) -> [UInt8] {
        var cleaning = configuration
        var rules = Self.cleaningRules
        if options.canonicalDates { rules.insert("date-non-canonical") }
        for id in rules { cleaning.settings[id, default: RuleSetting()].enabled = true }
        let fixer = Fixer(linter: linter, policy: .init(includeUnsafe: true, rules: rules))
        return fixer.fix(path: path, bytes: bytes, configuration: cleaning).fixed
    }

    private static func find(_ needle: String, in bytes: [UInt8], within range: Range<Int>) -> Int? {
        let target = Array(needle.utf8)
        guard !target.isEmpty, range.count >= target.count else { return nil }
        var index = range.lowerBound
        while index + target.count <= range.upperBound {
            if bytes[index] == target[0], bytes[index..<(index + target.count)].elementsEqual(target) { return index }
            index += 1
        }
        return nil
    }
}
