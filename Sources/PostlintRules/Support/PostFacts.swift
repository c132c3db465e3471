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

    /// The front matter's `date`, for the date rules.
    lazy var date: DateField? = DateField(post)

    /// Blocks, links, source links, categories and tags, for the attribution rules.
    lazy var conventions = PostConventions(post)
}
