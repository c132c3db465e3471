import Foundation
import PostlintModel

/// The declarative pattern engine: a regular expression over part of the post, declared in the
/// rule's `engine:` mapping.
///
/// ```yaml
/// engine:
///   scope: prose          # prose | body | lines
///   pattern: '<>'         # ICU regular expression
///   message: 'empty autolink `$0`; put a URL between the brackets or remove them'
///   replacement: ''       # optional: what `fix` puts for the match ($0, $1… and \$ as in ICU)
/// ```
///
/// A rule with a `replacement` must say `fix: safe` or `fix: unsafe`, and a fixable rule must
/// have one: a rule that promises a fix it cannot make, or makes one nobody asked for, is an
/// error in its file.
///
/// `prose` skips code, Liquid, autolinks, HTML tags and comments; `body` skips nothing in the
/// body; `lines` runs over every line of the file, front matter included.
struct PatternCheck: RuleCheck {
    enum Scope: String { case prose, body, lines }

    let scope: Scope
    let pattern: Pattern
    let message: String
    /// The ICU replacement template and the kind of fix it makes, for fixable rules.
    let replacement: (template: String, kind: FixKind)?

    init(_ descriptor: RuleDescriptor, validating: Bool) throws(RuleFileError) {
        let engine = descriptor.engine
        guard let pattern = engine["pattern"]?.string else {
            throw RuleFileError(origin: descriptor.origin, message: "a pattern rule needs `engine.pattern`")
        }
        guard let scope = Scope(rawValue: engine["scope"]?.string ?? "prose") else {
            throw RuleFileError(origin: descriptor.origin, message: "engine.scope must be prose, body or lines")
        }
        do {
            self.pattern = try Pattern(pattern, validating: validating)
        } catch {
            throw RuleFileError(origin: descriptor.origin, message: "engine.pattern is not a valid regular expression: \(pattern)")
        }
        self.scope = scope
        message = engine["message"]?.string ?? descriptor.summary
        switch (engine["replacement"]?.string, descriptor.fix) {
        case (nil, .none): replacement = nil
        case (let template?, .safe): replacement = (template, .safe)
        case (let template?, .unsafe): replacement = (template, .unsafe)
        case (nil, _):
            throw RuleFileError(origin: descriptor.origin, message: "`fix: \(descriptor.fix.rawValue)` needs `engine.replacement`, the text that replaces each match")
        case (_?, .none):
            throw RuleFileError(origin: descriptor.origin, message: "`engine.replacement` needs `fix: safe` or `fix: unsafe`")
        }
    }

    func check(_ post: Post, _ context: RuleContext, report: (Finding) -> Void) {
        guard let body = post.body else { return }
        let range = scope == .lines ? 0..<post.source.count : body.range
        guard pattern.mayMatch(post.source.bytes[range]) else { return }
        guard scope == .prose else {
            search(post.source, range, seeing: range, skipped: RangeSet([]), report: report)
            return
        }
        // A prose match may not touch skipped text, so it lies in one stretch of prose, which
        // holds its literal: only the lines of such stretches go to ICU, which copies what it is
        // given to UTF-16 first. In an HTML post every `<` is in a tag, in a code-heavy post most
        // are in code: such a post hands over nothing, and the others a few lines, not the post.
        // An expression that can see past its lines (`\A`, `\z`, look-around) is given the body.
        let stretches = body.verbatim.gaps(in: range).filter { pattern.mayMatch(post.source.bytes[$0]) }
        guard let first = stretches.first, let last = stretches.last else { return }
        let groups = pattern.seesPastItsLines ? [(first.lowerBound..<last.upperBound, range)] : Self.lines(around: stretches, in: post.source, within: range)
        for (searched, lines) in groups {
            search(post.source, searched, seeing: lines, skipped: body.verbatim, report: report)
        }
    }

    /// Stretches closer than this are searched as one: a post of a million short lines each
    /// holding the literal made as many calls to ICU.
    static let joinedGap = 4096

    /// The stretches, each widened to the whole lines it is on; stretches whose lines meet or
    /// lie within `joinedGap` are searched as one (from the first's start to the last's end),
    /// so that no byte is handed to ICU twice however many stretches share a line.
    static func lines(around stretches: [Range<Int>], in source: SourceText, within range: Range<Int>) -> [(searched: Range<Int>, lines: Range<Int>)] {
        var found: [(searched: Range<Int>, lines: Range<Int>)] = []
        for stretch in stretches {
            let first = source.fullLineRange(source.line(containing: stretch.lowerBound))
            let last = source.fullLineRange(source.line(containing: max(stretch.lowerBound, stretch.upperBound - 1)))
            let lines = max(first.lowerBound, range.lowerBound)..<min(last.upperBound, range.upperBound)
            if let previous = found.last, lines.lowerBound < previous.lines.upperBound + Self.joinedGap {
                found[found.count - 1] = (previous.searched.lowerBound..<stretch.upperBound, previous.lines.lowerBound..<max(previous.lines.upperBound, lines.upperBound))
            } else {
                found.append((stretch, lines))
            }
        }
        return found
    }

    /// Reports the matches that start in `searched`, with the text of `seen` around them for
    /// look-around and anchors; a long stretch goes a window at a time.
    private func search(_ source: SourceText, _ searched: Range<Int>, seeing seen: Range<Int>, skipped: RangeSet, report: (Finding) -> Void) {
        var start = searched.lowerBound
        while start < searched.upperBound {
            let end = Self.characterStart(in: source.bytes, from: start + Self.window, limit: searched.upperBound)
            let context = Self.characterStart(in: source.bytes, from: start - Self.margin, limit: start, floor: seen.lowerBound)
                ..< Self.characterStart(in: source.bytes, from: end + Self.margin, limit: seen.upperBound)
            matches(source, context: context, starting: start..<end, skipped: skipped, report: report)
            start = end
        }
    }

    /// Bytes matched per call: a big post is matched a window at a time, so that it is never
    /// also one string of its size and a UTF-16 copy of that for ICU, the two largest things in
    /// memory when a 100 MB post was one window.
    static let window = 1 << 20
    /// Bytes of the post on either side of a window that the expression sees, for look-around
    /// and for a match that starts in the window and runs on past it. Only a match longer than
    /// this can come out differently than on the whole text.
    static let margin = 1 << 16

    /// The first offset at or after `offset` (clamped to `floor...limit`) where a character
    /// starts, so that windows never split one.
    static func characterStart(in bytes: [UInt8], from offset: Int, limit: Int, floor: Int = 0) -> Int {
        var position = Swift.min(Swift.max(offset, floor), limit)
        while position < limit, bytes[position] & 0xC0 == 0x80 { position += 1 }
        return position
    }

    /// The matches that start in `window`, matched with `context` around them.
    private func matches(_ source: SourceText, context: Range<Int>, starting window: Range<Int>, skipped: RangeSet, report: (Finding) -> Void) {
        let text = source.string(context)
        let utf8 = text.utf8
        let utf16 = text.utf16
        let ns = text as NSString
        func utf16Offset(_ offset: Int) -> Int { utf8.index(utf8.startIndex, offsetBy: offset - context.lowerBound).utf16Offset(in: text) }
        let searched = NSRange(location: utf16Offset(window.lowerBound), length: utf16Offset(window.upperBound) - utf16Offset(window.lowerBound))
        // Foundation declares the block escaping; it is called only before enumerateMatches returns.
        withoutActuallyEscaping(report) { report in
        pattern.expression.enumerateMatches(in: text, options: [.withTransparentBounds, .withoutAnchoringBounds], range: searched) { match, _, _ in
            guard let match, match.range.length > 0 || match.range.location < ns.length else { return }
            let start = utf16.index(utf16.startIndex, offsetBy: match.range.location)
            let end = utf16.index(start, offsetBy: match.range.length)
            let lower = context.lowerBound + utf8.distance(from: utf8.startIndex, to: start)
            let upper = context.lowerBound + utf8.distance(from: utf8.startIndex, to: end)
            if skipped.overlaps(lower..<max(upper, lower + 1)) { return }
            let matched = ns.substring(with: match.range)
            var rendered = message.replacingOccurrences(of: "$0", with: matched)
            for group in stride(from: match.numberOfRanges - 1, through: 1, by: -1) {
                let captured = match.range(at: group).location == NSNotFound ? "" : ns.substring(with: match.range(at: group))
                rendered = rendered.replacingOccurrences(of: "$\(group)", with: captured)
            }
            let fix = replacement.map { replacement in
                let text = pattern.expression.replacementString(for: match, in: text, offset: 0, template: replacement.template)
                return Fix(kind: replacement.kind, edits: [TextEdit(range: lower..<upper, replacement: text)])
            }
            report(Finding(range: lower..<upper, message: rendered, fix: fix))
        }
        }
    }
}

