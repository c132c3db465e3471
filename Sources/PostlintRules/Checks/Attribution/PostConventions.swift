import Foundation
import PostlintModel

/// What the attribution rules read off a post: its visible text blocks, its categories and
/// tags, its Markdown links, and its source-link line. A block's text is read only when a rule
/// asks for it, once (the attribution is usually in the last blocks); like `PostFacts`, one
/// instance serves one post on one thread.
final class PostConventions {
    struct Block {
        let range: Range<Int>
        let text: String
    }

    struct Link {
        let range: Range<Int>
        let text: String
        let destination: String
    }

    private let post: Post
    private let blockRanges: [Range<Int>]
    private var blockTexts: [Int: String] = [:]
    let links: [Link]
    let sourceLinks: [Link]
    let categories: [String]
    let tags: [String]

    init(_ post: Post) {
        var links: [Link] = []
        var sourceLinks: [Link] = []
        if let body = post.body {
            let nodes = body.markdown.nodes
            // By index: copying every node out of the array cost more than reading the links.
            for index in nodes.indices where nodes[index].kind == .link {
                let node = nodes[index]
                var text = ""
                var child = index + 1
                while child < nodes.count, nodes[child].depth > node.depth {
                    text += body.markdown.literal(child) ?? ""
                    child += 1
                }
                let link = Link(range: body.markdownRanges[index], text: text, destination: node.destination ?? "")
                let first = body.markdownRanges[index].lowerBound
                if first < post.source.count, post.source.bytes[first] == UInt8(ascii: "<"), let parent = node.parent, nodes[parent].kind == .paragraph,
                   body.markdownRanges[parent] == body.markdownRanges[index] {
                    sourceLinks.append(link)
                } else {
                    links.append(link)
                }
            }
        }
        self.post = post
        blockRanges = post.body?.blocks ?? []
        self.links = links
        self.sourceLinks = sourceLinks
        categories = Self.values(post, "categories") + Self.values(post, "category")
        tags = Self.values(post, "tags")
    }

    /// A taxonomy key's values the way Jekyll reads them: a list, or a string split at spaces.
    static func values(_ post: Post, _ key: String) -> [String] {
        guard let entry = post.frontMatter?.entry(key) else { return [] }
        switch entry.value.content {
        case .scalar(let text, _): return text.wordsBetweenWhitespace
        case .sequence(let items): return items.compactMap { if case .scalar(let text, _) = $0.content { return text } else { return nil } }
        case .mapping: return []
        }
    }

    typealias Attribution = (block: Block, match: NSTextCheckingResult, text: NSString)

    /// The first block whose text matches one of `patterns`, with the match, found once for
    /// the three rules that ask with the same patterns.
    func attribution(_ patterns: OptionPatterns) -> Attribution? {
        if let last = lastAttribution, last.patterns === patterns || last.patterns.sources == patterns.sources { return last.found }
        let found = findAttribution(patterns.compiled)
        lastAttribution = (patterns, found)
        return found
    }

    private var lastAttribution: (patterns: OptionPatterns, found: Attribution?)?

    private func findAttribution(_ compiled: [Pattern]) -> Attribution? {
        for index in blockRanges.indices.reversed() {
            guard compiled.contains(where: { $0.mayMatch(piecesOf: post.source.bytes[blockRanges[index]]) }) else { continue }
            let block = block(index)
            for pattern in compiled {
                if let match = pattern.firstMatch(in: block.text) {
                    return (block, match, block.text as NSString)
                }
            }
        }
        return nil
    }

    /// The visible text of the block at `index`, trimmed.
    private func block(_ index: Int) -> Block {
        let range = blockRanges[index]
        if let text = blockTexts[index] { return Block(range: range, text: text) }
        let text = String(ProseText(post, within: range).ranges.map { post.source.string($0) }.joined().trimmingWhitespace)
        blockTexts[index] = text
        return Block(range: range, text: text)
    }

    /// Markdown links whose text matches `pattern` (back-links such as `返回首页`), found once
    /// per pattern: four rules ask, usually with the same pattern.
    func backLinks(_ pattern: OptionPatterns) -> [Link] {
        // A list, not a dictionary: there are one or two patterns, and hashing a CJK key
        // cost more than comparing it.
        if let found = backLinksByPattern.first(where: { $0.pattern === pattern || $0.pattern.sources == pattern.sources }) { return found.links }
        // A link within the page (`[返回类型](#返回类型)`, a table of contents) goes nowhere else.
        let found = pattern.compiled.first.map { compiled in
            links.filter { !$0.destination.hasPrefix("#") && compiled.matches($0.text) }
        } ?? []
        backLinksByPattern.append((pattern, found))
        return found
    }

    private var backLinksByPattern: [(pattern: OptionPatterns, links: [Link])] = []
}
