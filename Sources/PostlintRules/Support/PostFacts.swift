import PostlintModel

/// What several rules derive from one post — its prose runs, its conventions — computed once
/// per lint and shared. One instance serves one post on one thread.
public final class PostFacts: @unchecked Sendable {
    let post: Post

    public init(_ post: Post) {
        self.post = post
    }

    /// The prose of the whole body.
    lazy var prose = ProseText(post, decodingOnce: true)

    /// Whether the file may hold CJK text (`ByteClues.containsCJK`): the rules about CJK text
    /// ask before anything else, and in a file without (most English posts) neither work out
    /// the prose nor read it.
    lazy var holdsCJK = post.source.bytes.withUnsafeBufferPointer(ByteClues.containsCJK)

    /// The front matter's `date`, for the date rules.
    lazy var date: DateField? = DateField(post)

    /// Blocks, links, source links, categories and tags, for the attribution rules.
    lazy var conventions = PostConventions(post)

    /// Markdown and HTML headings. kramdown makes each heading's anchor from its text, spaces
    /// becoming `-`: a fix that adds or removes a space there breaks links to the heading.
    lazy var headings: RangeSet = {
        guard let body = post.body else { return RangeSet([]) }
        var ranges = body.markdown.nodes.indices.filter { body.markdown.nodes[$0].kind == .heading }.map { body.markdownRanges[$0] }
        for element in body.html.elements where element.name.count == 2 && element.name.hasPrefix("h") && element.name.last!.isNumber {
            if let tag = element.startTag { ranges.append(tag.lowerBound..<max(tag.upperBound, element.contentEnd)) }
        }
        return RangeSet(ranges)
    }()
}
