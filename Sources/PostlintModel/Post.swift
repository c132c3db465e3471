/// One post, parsed once: the exact bytes, the front matter and the body. Immutable, so every
/// rule reads the same model, on any thread. A class: rules, facts and reports each hold the
/// post, and copying a value of some twenty references for each cost more than most rules.
public final class Post: Sendable {
    /// The path as the user gave it (or `--stdin-filename`), used in messages.
    public let path: String
    public let source: SourceText
    public let encoding: TextEncoding
    /// Nil when the file has no front matter at all.
    public let frontMatter: FrontMatter?
    /// Nil when the file is not text, so nothing was parsed, or when the body was not asked for.
    public let body: Body?
    /// Where the body lies: after the front matter's closing line (or a byte order mark).
    public let bodyRange: Range<Int>
    /// How the body was read: Markdown with raw HTML, or HTML only.
    public let language: MarkupLanguage

    /// Parses `bytes`. Files that are not UTF-8 text are kept but not parsed.
    ///
    /// With `previous`, an earlier version of the same file (the fixer's last pass), its front
    /// matter is kept when the new bytes are the same through its closing line: the YAML parse
    /// costs as much as the rest of a short post.
    ///
    /// `language` defaults to what the file name says (`MarkupLanguage.of(fileName:)`).
    /// Without `parsingBody`, only the front matter is parsed and `body` is nil.
    public init(path: String, bytes: [UInt8], language: MarkupLanguage? = nil, reusing previous: Post? = nil, parsingBody: Bool = true) {
        self.path = path
        let language = language ?? Self.language(of: path, reusing: previous)
        self.language = language
        source = SourceText(bytes: bytes)
        encoding = source.encoding
        guard encoding == .utf8 else {
            frontMatter = nil
            body = nil
            bodyRange = 0..<bytes.count
            return
        }
        if let previous, let kept = previous.frontMatter, let closing = kept.closing, closing.upperBound < bytes.count,
           previous.source.count > closing.upperBound, bytes[...closing.upperBound] == previous.source.bytes[...closing.upperBound] {
            frontMatter = kept
        } else {
            frontMatter = FrontMatterParser.parse(source)
        }
        var bodyStart = 0
        if let frontMatter {
            if let closing = frontMatter.closing {
                let line = source.line(containing: closing.lowerBound)
                bodyStart = line < source.lineCount ? source.lineStarts[line] : source.count
            } else {
                bodyStart = source.count
            }
        } else if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bodyStart = 3
        }
        bodyRange = bodyStart..<source.count
        body = parsingBody ? BodyParser.parse(source, range: bodyRange, language: language) : nil
    }

    /// This post without its body: what `init(path:bytes:language:reusing:)` reads of a previous
    /// version, without the parsed body a big post keeps most of its memory in.
    public func keepingFrontMatter() -> Post { Post(self, body: nil, source: source) }

    /// This post cut after its front matter's closing line: all that `init(path:bytes:language:reusing:)`
    /// reads of a previous version, without the bytes of its body.
    public func frontMatterPart() -> Post {
        guard let closing = frontMatter?.closing, closing.upperBound < source.count else { return Post(self, body: nil, source: SourceText(bytes: [])) }
        return Post(self, body: nil, source: SourceText(bytes: Array(source.bytes[...closing.upperBound])))
    }

    private init(_ post: Post, body: Body?, source: SourceText) {
        path = post.path
        self.source = source
        encoding = post.encoding
        frontMatter = post.frontMatter
        bodyRange = post.bodyRange
        self.body = body
        language = post.language
    }

    /// The file name without its folders.
    public var fileName: String { Self.fileName(of: path) }

    /// The language a post at `path` is read in: `previous`'s, or what the file name says.
    public static func language(of path: String, reusing previous: Post? = nil) -> MarkupLanguage {
        previous?.language ?? MarkupLanguage.of(fileName: fileName(of: path))
    }

    static func fileName(of path: String) -> String {
        path.lastIndex(ofByte: UInt8(ascii: "/")).map { String(path[path.utf8.index(after: $0)...]) } ?? path
    }

    public func location(of offset: Int) -> SourceLocation { source.location(of: offset) }
}
