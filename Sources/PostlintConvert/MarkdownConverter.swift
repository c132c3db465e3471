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
        /// Report lost text without failing the conversion.
        public var allowLoss = false

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

    public let linter: Linter
    public let options: Options
    /// One pipeline for every post, so that what it works out per configuration is kept.
    private let pipeline: ContentPipeline

    public init(linter: Linter, options: Options = Options()) {
        self.linter = linter
        self.options = options
        pipeline = ContentPipeline(linter: linter, captionPrefixes: options.captionPrefixes, canonicalDates: options.canonicalDates)
    }

    public func convert(path: String, bytes: [UInt8], configuration: Configuration) -> Output {
        var prepared = pipeline.prepare(path: path, bytes: bytes, configuration: configuration)
        guard let head = prepared.head else { return Output(bytes: bytes, issues: prepared.issues, htmlFallbacks: 0) }
        // The written text goes into the output at once, so that it is not held twice.
        var output = head
        let fallbacks = {
            let (markdown, fallbacks) = MarkdownWriter().write(prepared.takeBlocks())
            if !head.isEmpty, !markdown.isEmpty { output.append(0x0A) }
            output += markdown.utf8
            return fallbacks
        }()
        var issues = prepared.issues
        if options.tableFallback == .fail {
            issues = issues.map { issue in
                issue.needle == "<table"
                    ? ConversionIssue(message: issue.message.replacingOccurrences(of: "kept as HTML", with: "not converted (--table-fallback fail)"), offset: issue.offset, fatal: true)
                    : issue
            }
        }
        // Cleaned again as written: text the source spelt as references (`&#xFF33;`) or broke
        // across lines escaped the cleaning of the source; converting the output again would
        // clean it. So the output is what converting it again gives; read, as it would be then,
        // as Markdown whatever the source was (an `.html` post's output read as HTML had its
        // code and link targets cleaned as prose).
        let cleaned = pipeline.cleanOutput(path: path, bytes: output, configuration: configuration, source: prepared.post, language: .markdown)
        output = cleaned.bytes
        // What the output shows a reader against what the source does: every word accounted for.
        issues += ConversionVerifier.issues(
            source: &prepared.source, markdown: output[cleaned.body...], excused: prepared.removed,
            file: bytes, body: prepared.body, fatal: !options.allowLoss)
        return Output(bytes: output, issues: issues, htmlFallbacks: fallbacks)
    }
}
