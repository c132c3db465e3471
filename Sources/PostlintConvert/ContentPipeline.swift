import Foundation
import PostlintAdapters
import PostlintEngine
import PostlintModel
import PostlintRules

/// The part of conversion every writer shares: clean the post with the cleaning rules' fixes,
/// render its body with cmark-gfm, read it back with libxml2, and build the content model.
/// There is one way from a body to blocks, through the HTML a reader's browser gets, so that
/// what conversion builds and what verification reads cannot drift apart.
public struct ContentPipeline: Sendable {
    /// The rules whose fixes clean a post for conversion.
    public static let cleaningRules = Set(RuleCatalogue.builtIn.rules.filter(\.descriptor.cleans).map(\.descriptor.id))

    public struct Prepared: Sendable {
        /// The cleaned post's front matter (`Post.frontMatterPart()`).
        public let post: Post
        /// Whether the cleaned post has CJK letters (`PostMetadata.writtenInCJK(_:)`).
        public var writtenInCJK = false
        /// The front matter as it will be written (through its closing line and a line break);
        /// nil when the post cannot be converted.
        public let head: [UInt8]?
        public private(set) var blocks: [Block]
        public let issues: [ConversionIssue]
        /// What a reader sees of the post as it came in, for the verification of the output.
        public var source = SourceReading()
        /// The words cleaning removed on purpose (tracking widgets), which the output may lack.
        public var removed: [String] = []
        /// Where the body starts in the file as it came in.
        public var body: Range<Int> = 0..<0

        /// The blocks, leaving none here: a writer takes them once, and a big post's content
        /// model is not kept through the verification that follows.
        public mutating func takeBlocks() -> [Block] {
            defer { blocks = [] }
            return blocks
        }
    }

    public let linter: Linter
    public let captionPrefixes: [String]
    public let canonicalDates: Bool

    public init(linter: Linter, captionPrefixes: [String], canonicalDates: Bool) {
        self.linter = linter
        self.captionPrefixes = captionPrefixes
        self.canonicalDates = canonicalDates
    }

    public func prepare(path: String, bytes: [UInt8], configuration: Configuration) -> Prepared {
        // No cleaning rule reads a file that is not UTF-8, so such a post comes back unchanged.
        // What conversion needs of the cleaning is taken out of it at once, so that its parse of
        // the post is held in one place and can go before the HTML is built.
        // An HTML body libxml2 read for the cleaning rules is read as it came in from that parse.
        // Not a big one: its reading would be kept through every later pass of the cleaning.
        var first: SourceReading?
        var (post, original, shown, removed, moved): (Post, Post, [ConversionIssue], [String], [UInt8]?) = {
            let cleaning = clean(path: path, bytes: bytes, configuration: configuration) { post in
                guard post.bodyRange.count <= MarkdownParts.partSize, let document = Self.parsedAsShown(post) else { return }
                first = SourceReading(ConversionVerifier.read(html: document))
            }
            // A post cleaning left as it was: the cleaning's parse is the file's as it came in.
            let original = cleaning.fixed == bytes ? cleaning.post.keepingFrontMatter() : Post(path: path, bytes: bytes, parsingBody: false)
            return (cleaning.post, original, Self.frontMatterShown(cleaning, post: cleaning.post), Self.removedOnPurpose(cleaning), meant(cleaning, path: path, configuration: configuration))
        }()
        guard post.encoding == .utf8 else {
            return Prepared(post: post, head: nil, blocks: [],
                            issues: [ConversionIssue(message: "not UTF-8 text; not converted", offset: 0, fatal: true)])
        }
        let cleaned = post.source.bytes
        guard post.frontMatter == nil || post.frontMatter?.closing != nil else {
            return Prepared(post: post, head: nil, blocks: [],
                            issues: [ConversionIssue(message: "the front matter is never closed; not converted", offset: 0, fatal: true)])
        }
        let bodyRange = post.bodyRange
        var head = Array(cleaned[..<bodyRange.lowerBound])
        if !head.isEmpty, head.last != 0x0A { head.append(0x0A) }
        // A body cleaning left as it was is read for verification from the same parse.
        let sameBody = original.encoding == .utf8 && original.bodyRange.count == bodyRange.count
            && bytes[original.bodyRange].elementsEqual(cleaned[bodyRange])
        // Building reads the HTML: an HTML body from the cleaned post's parse when that is the
        // parse building would make; otherwise the parse goes first.
        var parsed = Self.parsedAsShown(post)
        post = post.keepingFrontMatter()
        let (blocks, found, kept) = build(post, body: bodyRange, keeping: sameBody && first == nil, parsed: parsed)
        parsed = nil
        let issues = found.map { issue -> ConversionIssue in
            var located = issue
            if let needle = issue.needle, let found = ByteSearch.firstRange(of: needle.utf8, in: cleaned, within: bodyRange)?.lowerBound { located.offset = found }
            return located
        }
        // The body is done with once the blocks are built: only the front matter goes on, so that
        // a big post's parse and cleaned bytes are not kept through writing and verifying.
        var prepared = Prepared(post: post.frontMatterPart(), head: head, blocks: blocks, issues: issues + shown)
        prepared.writtenInCJK = PostMetadata.writtenInCJK(cleaned)
        post = prepared.post
        // What a reader sees of the post as it came in, taken once the cleaned post's parse is
        // gone (on a big post the two together were the peak of memory), unless the cleaning's
        // first parse gave it.
        var source = first ?? kept ?? SourceReading.of(original)
        if let moved { removed += Self.unshownOnPurpose(moved, path: path, source: source.read()) }
        prepared.source = source
        prepared.body = original.encoding == .utf8 ? original.bodyRange : bytes.count..<bytes.count
        prepared.removed = removed
        return prepared
    }

    /// The words of what the first pass of cleaning deleted as tracking markup: widget blocks
    /// whose text (stock quotes, share buttons) is no part of the article.
    private static func removedOnPurpose(_ cleaning: Fixer.Result) -> [String] {
        var words: [String] = []
        for applied in cleaning.applied where applied.pass == 1 && applied.diagnostic.ruleID == "tracking-markup" {
            for edit in applied.diagnostic.fix?.edits ?? [] where edit.range.upperBound <= cleaning.original.count {
                var reading = ConversionVerifier.Reading()
                ConversionVerifier.read(html: cleaning.original[edit.range], into: &reading)
                words += reading.withAlt.wordStrings
            }
        }
        return words
    }

    /// Front matter that did not start the file, which Jekyll shows as text: cleaning (PL102)
    /// makes it front matter again, and the conversion names what the page no longer shows.
    private static func frontMatterShown(_ cleaning: Fixer.Result, post: Post) -> [ConversionIssue] {
        guard cleaning.applied.contains(where: { $0.diagnostic.ruleID == "front-matter-not-at-start" }),
              let yaml = post.frontMatter?.yamlRange else { return [] }
        let words = ConversionVerifier.words(in: post.source.string(yaml))
        guard !words.isEmpty else { return [] }
        return [ConversionIssue(
            message: "cleaning removed «\(ConversionVerifier.quotation(words))» on purpose: Jekyll showed the front matter as text, as it did not start the file",
            offset: 0, fatal: false)]
    }

    /// The post as its writer meant it, when a block tag was indented into a code block: the
    /// original with PL423's fixes applied; nil when cleaning applied none. Those of the first
    /// pass are the original's own edits; a tag PL423 could only see once another was moved (the
    /// second line of the same code block) takes a run of PL423 alone.
    private func meant(_ cleaning: Fixer.Result, path: String, configuration: Configuration) -> [UInt8]? {
        let applied = cleaning.applied.filter { $0.diagnostic.ruleID == "indented-block-tag" }
        guard !applied.isEmpty else { return nil }
        guard applied.allSatisfy({ $0.pass == 1 }) else {
            let fixer = Fixer(linter: linter, policy: .init(includeUnsafe: true, rules: ["indented-block-tag"]))
            return fixer.fix(path: path, bytes: cleaning.original, configuration: cleaningConfigurations.cleaning(configuration, rules: Self.cleaningRules),
                             onlyPolicyRules: true).fixed
        }
        return Fixer.apply(applied.flatMap { $0.diagnostic.fix?.edits ?? [] }, to: cleaning.original)
    }

    /// The words a Markdown post showed as code only because a block tag was indented into a code
    /// block, which cleaning turns back into the HTML the writer meant (PL423): the tags' own
    /// names and attributes are no text of the article.
    private static func unshownOnPurpose(_ meant: [UInt8], path: String, source: ConversionVerifier.Reading) -> [String] {
        ConversionVerifier.lost(source.withAlt, ConversionVerifier.read(post: Post(path: path, bytes: meant, parsingBody: false)).withAlt)
    }

    /// The content model of the body, from the HTML the site shows for it: an `.html` post's body
    /// as it stands (Jekyll runs no Markdown over it), otherwise the HTML cmark renders, read back
    /// by libxml2. With `keeping`, what a reader sees of the same HTML comes back too, so that a
    /// body cleaning left alone is rendered and parsed once for building and verifying: read at
    /// once, or, for Markdown of one part, kept unread with the HTML it was rendered to.
    /// A big body is rendered and read a part at a time (`MarkdownParts`): its blocks are the
    /// same, but for a caption that would pair with an image across a cut.
    /// `parsed` is the body's HTML as `HTMLParser.parse` gives it with nothing blanked, parsed
    /// already.
    private func build(_ post: Post, body: Range<Int>, keeping: Bool, parsed: HTMLDocument? = nil) -> ([Block], [ConversionIssue], SourceReading?) {
        var blocks: [Block] = []
        var issues: [ConversionIssue] = []
        var reading: ConversionVerifier.Reading? = keeping ? ConversionVerifier.Reading() : nil
        var kept: SourceReading?
        func add(_ html: HTMLDocument) {
            var builder = DocumentBuilder(html: html, captionPrefixes: captionPrefixes)
            blocks += builder.build()
            issues += builder.issues
            if reading != nil { ConversionVerifier.read(html: html, into: &reading!) }
        }
        if post.language == .html {
            add(parsed ?? HTMLParser.parse(post.source.bytes[body]))
        } else {
            if keeping, let rendered = SiteHTML.renderBlocks(markdown: post.source.bytes[body]) {
                reading = nil
                let html = rendered.html
                let document = HTMLParser.parse(html[...])
                add(document)
                kept = SourceReading(rendered: rendered, document: document)
            } else {
                SiteHTML.render(markdown: post.source.bytes[body]) { add(HTMLParser.parse($0[...])) }
            }
        }
        return (blocks, issues, kept ?? reading.map(SourceReading.init))
    }

    /// The parse of an `.html` post's body the linter made, when it is the one building and
    /// reading make of it: with no Liquid, which the linter blanks and a reader's page keeps as
    /// text. Its offsets are the file's rather than the body's; neither reads offsets.
    static func parsedAsShown(_ post: Post) -> HTMLDocument? {
        guard post.language == .html, post.encoding == .utf8, let body = post.body, body.liquidRanges.ranges.isEmpty else { return nil }
        return body.html
    }

    /// A converted post cleaned as its source was (see `MarkdownConverter.convert`).
    /// Returns the cleaned bytes and where their body starts. `source` is the prepared post's
    /// front matter, which the output starts with: it is not parsed again. `language` is what
    /// the text is read as, when not what `source` or the file name says.
    public func cleanOutput(path: String, bytes: [UInt8], configuration: Configuration, source: Post? = nil,
                            language: MarkupLanguage? = nil) -> (bytes: [UInt8], body: Int) {
        let cleaned = clean(path: path, bytes: bytes, configuration: configuration, language: language, reusing: source)
        return (cleaned.fixed, cleaned.post.bodyRange.lowerBound)
    }

    /// The post with the cleaning rules' fixes applied, safe and unsafe alike.
    private func clean(path: String, bytes: [UInt8], configuration: Configuration, language: MarkupLanguage? = nil, reusing previous: Post? = nil,
                       firstParse: ((Post) -> Void)? = nil) -> Fixer.Result {
        let fixer = Fixer(linter: linter, policy: .init(includeUnsafe: true, rules: cleaningRules))
        // Folded as `check` folds, so that a post with millions of stray spaces does not keep
        // a diagnostic for each; the rules whose applied fixes conversion reads are kept whole.
        return fixer.fix(path: path, bytes: bytes, configuration: cleaningConfigurations.cleaning(configuration, rules: cleaningRules),
                         folding: 100, keeping: ["tracking-markup", "indented-block-tag", "front-matter-not-at-start"], language: language, reusing: previous,
                         firstParse: firstParse)
    }

    private var cleaningRules: Set<String> {
        canonicalDates ? Self.cleaningRules.union(["date-non-canonical"]) : Self.cleaningRules
    }

    /// The configuration that runs exactly the cleaning rules, made once per configuration.
    private let cleaningConfigurations = CleaningConfigurations()

}

/// Each configuration's cleaning variant, so that the rules' settings are not rewritten for
/// every post. Configurations are few (one per folder with its own `.postlint.yml`).
final class CleaningConfigurations: @unchecked Sendable {
    private let lock = NSLock()
    private var made: [(source: Configuration, cleaning: Configuration)] = []

    func cleaning(_ configuration: Configuration, rules: Set<String>) -> Configuration {
        lock.withLock {
            if let found = made.first(where: { $0.source.isSameValue(as: configuration) }) { return found.cleaning }
            var cleaning = configuration
            for rule in configuration.catalogue.rules {
                cleaning.settings[rule.descriptor.id, default: RuleSetting()].enabled = rules.contains(rule.descriptor.id)
            }
            made.append((configuration, cleaning))
            return cleaning
        }
    }
}
