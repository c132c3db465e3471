import Foundation
import PostlintModel
import PostlintRules

/// The `<!-- postlint-… -->` comments of one post and what they silence.
///
/// - `postlint-disable [ID…]` / `postlint-enable [ID…]`: from that line on;
/// - `postlint-disable-line [ID…]`, `postlint-disable-next-line [ID…]`: one line;
/// - `postlint-disable-file [ID…]`: the whole file, front matter included.
/// No ids means every rule. Ids may be rule ids or codes; ids that name no rule (reported as
/// PL001) count for nothing, so a directive naming only those silences nothing.
struct Suppressions {
    enum Kind: String {
        case disable = "disable", enable = "enable", line = "disable-line"
        case nextLine = "disable-next-line", file = "disable-file"
    }

    struct Directive {
        let kind: Kind
        /// Rule ids; empty for all rules.
        let rules: Set<String>
        let range: Range<Int>
        let line: Int
        let unknown: [String]
    }

    let directives: [Directive]

    init(_ post: Post, catalogue: RuleCatalogue) {
        var found: [Directive] = []
        func add(_ body: String, range: Range<Int>) {
            // Most comments are not directives; they are told apart before being split into words.
            guard body.drop(while: \.isWhitespace).hasPrefix("postlint-") else { return }
            let words = body.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let first = words.first, first.hasPrefix("postlint-"),
                  let kind = Kind(rawValue: String(first.dropFirst("postlint-".count))) else { return }
            var rules = Set<String>()
            var unknown: [String] = []
            for name in words.dropFirst() {
                if let rule = catalogue.rule(name) { rules.insert(rule.descriptor.id) } else { unknown.append(name) }
            }
            found.append(Directive(kind: kind, rules: rules, range: range, line: post.source.line(containing: range.upperBound), unknown: unknown))
        }
        for comment in post.body?.html.comments ?? [] {
            add(comment.text, range: comment.range)
        }
        // A file-wide directive may sit anywhere, even where the body could not be parsed.
        let marker = Array("<!-- postlint-disable-file".utf8)
        let bytes = post.source.bytes
        var index = 0
        while let start = Self.find(marker, in: bytes, from: index) {
            let close = Self.find(Array("-->".utf8), in: bytes, from: start) ?? bytes.count
            if !found.contains(where: { $0.range.lowerBound == start }) {
                let inner = String(decoding: bytes[(start + 4)..<close], as: UTF8.self)
                add(inner, range: start..<min(close + 3, bytes.count))
            }
            index = start + marker.count
        }
        directives = found
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard start <= bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { all in
            needle.withUnsafeBufferPointer { ByteSearch.firstOffset(of: $0, in: UnsafeBufferPointer(rebasing: all[start...])) }
        }.map { $0 + start }
    }

    /// Whether `rule` is silenced at `offset` (on `line`); records which directives were used.
    func silences(_ rule: String, offset: Int, line: Int, used: inout Set<Int>) -> Bool {
        var state = false
        for (index, directive) in directives.enumerated() {
            // Naming only rules that do not exist (a typo) silences nothing, not everything.
            let applies = directive.rules.isEmpty && directive.unknown.isEmpty || directive.rules.contains(rule)
            guard applies else { continue }
            switch directive.kind {
            case .file:
                used.insert(index)
                return true
            case .line where directive.line == line, .nextLine where directive.line + 1 == line:
                used.insert(index)
                return true
            case .disable where directive.range.lowerBound <= offset:
                state = true
            case .enable where directive.range.lowerBound <= offset:
                state = false
            default:
                break
            }
        }
        return state
    }
}
