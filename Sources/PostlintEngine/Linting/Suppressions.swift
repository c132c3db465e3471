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
    /// The directives by what they reach, so that a finding is looked up, not compared with
    /// every directive (a post with thousands of them was quadratic). The key "" stands for
    /// every rule; values are indices into `directives`.
    private var fileWide: [String: Int] = [:]
    private var byLine: [Int: [Int]] = [:]
    /// `disable` and `enable` in document order, per key.
    private var switches: [String: [(offset: Int, index: Int)]] = [:]

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
        var starts = Set(found.map(\.range.lowerBound))
        // A file-wide directive may sit anywhere, even where the body could not be parsed.
        let marker = Array("<!-- postlint-disable-file".utf8)
        let bytes = post.source.bytes
        var index = 0
        while let start = Self.find(marker, in: bytes, from: index) {
            let close = Self.find(Array("-->".utf8), in: bytes, from: start) ?? bytes.count
            if starts.insert(start).inserted {
                let inner = String(decoding: bytes[(start + 4)..<close], as: UTF8.self)
                add(inner, range: start..<min(close + 3, bytes.count))
            }
            index = start + marker.count
        }
        directives = found
        for (index, directive) in found.enumerated() {
            // Naming only rules that do not exist (a typo) silences nothing, not everything.
            let keys = directive.rules.isEmpty ? (directive.unknown.isEmpty ? [""] : []) : Array(directive.rules)
            for key in keys {
                switch directive.kind {
                case .file: if fileWide[key] == nil { fileWide[key] = index }
                case .line: byLine[directive.line, default: []].append(index)
                case .nextLine: byLine[directive.line + 1, default: []].append(index)
                case .disable, .enable: switches[key, default: []].append((directive.range.lowerBound, index))
                }
            }
        }
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard start <= bytes.count else { return nil }
        return ByteSearch.firstRange(of: needle, in: bytes, within: start..<bytes.count)?.lowerBound
    }

    /// Whether `rule` is silenced at `offset` (on `line`); records which directives were used.
    /// A file-wide or line directive silences; the first in the post is the one used. Otherwise
    /// the last `disable` or `enable` before the offset that names the rule, or all rules, decides.
    func silences(_ rule: String, offset: Int, line: Int, used: inout Set<Int>) -> Bool {
        if directives.isEmpty { return false }
        var first = [fileWide[rule], fileWide[""]].compactMap { $0 }.min()
        for index in byLine[line] ?? [] where directives[index].rules.contains(rule) || directives[index].rules.isEmpty && directives[index].unknown.isEmpty {
            first = min(first ?? index, index)
            break
        }
        if let first {
            used.insert(first)
            return true
        }
        let last = [Self.last(before: offset, in: switches[rule]), Self.last(before: offset, in: switches[""])].compactMap { $0 }.max()
        return last.map { directives[$0].kind == .disable } ?? false
    }

    /// The index of the last switch at or before `offset`, by binary search.
    private static func last(before offset: Int, in list: [(offset: Int, index: Int)]?) -> Int? {
        guard let list else { return nil }
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].offset <= offset { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : list[low - 1].index
    }
}
