import Foundation
import Testing

/// `fix` never changes what readers see beyond what a fixed rule intends: Jekyll renders every
/// post of the corpora before `fix`, after `fix` and after `fix --unsafe`, and every difference
/// in a rendered page (or its date) must be one the rules that fixed that file intend.
@Suite(.serialized) struct RenderDiffTests {
    /// What each fixable rule may change in the rendered page.
    enum Intent {
        /// Spaces, line breaks and carriage returns outside `<pre>`.
        case whitespace
        /// Tags removed or unwrapped; the visible text stays.
        case markup
        /// Invisible characters removed.
        case invisible
        /// Half-width punctuation becomes full-width.
        case fullwidthPunctuation
        /// Full-width letters and digits become ASCII.
        case asciiAlphanumerics
        /// Jekyll now reads the front matter or shows the HTML: the page is another page.
        case structure
        /// The date Jekyll shows moves to the one written.
        case date
    }

    static let intents: [String: Set<Intent>] = [
        "PL102": [.structure, .date], "PL104": [.structure, .date], "PL202": [.date], "PL207": [],
        "PL302": [.markup], "PL412": [.markup], "PL413": [.markup], "PL414": [.markup],
        "PL423": [.structure], "PL501": [.whitespace], "PL502": [.whitespace], "PL503": [.fullwidthPunctuation],
        "PL504": [.asciiAlphanumerics], "PL613": [.markup], "PL614": [.structure], "PL111": [.whitespace], "PL508": [.whitespace], "PL603": [.whitespace], "PL604": [.whitespace], "PL605": [.whitespace],
        "PL607": [.whitespace], "PL608": [.invisible],
    ]

    static let corpora = [
        "finews/_posts", "finews/versions", "jekyll-docs/_posts", "wangxin93/_posts", "blogs-zh/jaycaix/_posts", "blogs-zh/spawpaw/_posts",
    ]

    @Test(arguments: corpora)
    func fixChangesOnlyWhatItsRulesIntend(corpus: String) throws {
        let original = try Self.site(corpus)
        let before = try JekyllOracle.build(original.url)
        for unsafe in [false, true] {
            let fixed = try Self.site(corpus)
            let flags = unsafe ? ["--unsafe"] : []
            let planned = try PostlintBinary.run(["fix", "--dry-run"] + flags + ["."], in: fixed.url)
            var applied: [String: Set<String>] = [:]
            for line in planned.stderr.split(separator: "\n") {
                guard let match = line.firstMatch(of: /^(.+?):\d+:\d+: would fix \[(PL\d+)\//) else { continue }
                applied[String(match.1), default: []].insert(String(match.2))
            }
            let run = try PostlintBinary.run(["fix"] + flags + ["."], in: fixed.url)
            #expect(run.status <= 1, "\(run.stderr)")
            let after = try JekyllOracle.build(fixed.url)
            var problems: [String] = []
            for (path, old) in before.documents.sorted(by: { $0.key < $1.key }) {
                let codes = applied[path] ?? []
                let intents = codes.reduce(into: Set<Intent>()) { $0.formUnion(Self.intents[$1] ?? []) }
                guard let new = after.documents[path] else {
                    problems.append("\(path): Jekyll no longer makes a page of it (fixed by \(codes.sorted()))")
                    continue
                }
                if old.date != new.date, !intents.contains(.date) {
                    problems.append("\(path): the date moved from \(old.date ?? "nil") to \(new.date ?? "nil") (fixed by \(codes.sorted()))")
                }
                if intents.contains(.structure) || old.content == new.content { continue }
                // Removing markup moves text across tags, which a character diff cuts into
                // pieces: such pages are compared by what they show.
                if intents.contains(.markup) {
                    let shown = (Self.shown(old.content, intents), Self.shown(new.content, intents))
                    if shown.0 != shown.1 {
                        let at = zip(shown.0, shown.1).prefix { $0 == $1 }.count
                        problems.append("\(path) (fixed by \(codes.sorted())): the visible text differs at `\(String(Array(shown.0).dropFirst(max(0, at - 20)).prefix(60)))`")
                    }
                    continue
                }
                for hunk in Self.hunks(Array(old.content), Array(new.content)) where !Self.explains(hunk, intents) {
                    problems.append("\(path) (fixed by \(codes.sorted())): `\(String(hunk.removed))` became `\(String(hunk.inserted))` near `\(String(hunk.context))`")
                }
            }
            let newPages = Set(after.documents.keys).subtracting(before.documents.keys)
            for path in newPages where !(applied[path] ?? []).contains("PL102") { problems.append("\(path): a page appeared") }
            #expect(problems.isEmpty, "\(corpus)\(unsafe ? " --unsafe" : ""):\n\(problems.prefix(40).joined(separator: "\n"))")
        }
    }

    /// The corpus folder as the `_posts` of a fresh site.
    static func site(_ corpus: String) throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        try site.write("_config.yml", "title: render diff\n")
        for file in Fixtures.files(under: Fixtures.corpus.appendingPathComponent(corpus)) {
            try site.write("_posts/" + file.lastPathComponent, try Data(contentsOf: file))
        }
        return site
    }

    struct Hunk {
        let removed: [Character]
        let inserted: [Character]
        /// A little of the old text around the change, for the message.
        let context: [Character]
        /// Whether the change lies inside a `<pre>` element of the old page.
        let preformatted: Bool
    }

    /// The changed runs between two texts, from a Myers difference.
    static func hunks(_ old: [Character], _ new: [Character]) -> [Hunk] {
        let difference = new.difference(from: old)
        var removals = Set<Int>(), insertions = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removals.insert(offset)
            case .insert(let offset, _, _): insertions.insert(offset)
            }
        }
        let pre = preformattedRanges(old)
        var hunks: [Hunk] = []
        var i = 0, j = 0
        while i < old.count || j < new.count {
            guard removals.contains(i) || insertions.contains(j) else { i += 1; j += 1; continue }
            let start = i
            var removed: [Character] = [], inserted: [Character] = []
            while removals.contains(i) || insertions.contains(j) {
                while removals.contains(i) { removed.append(old[i]); i += 1 }
                while insertions.contains(j) { inserted.append(new[j]); j += 1 }
            }
            let context = Array(old[max(0, start - 30)..<min(old.count, i + 30)])
            hunks.append(Hunk(removed: removed, inserted: inserted, context: context, preformatted: pre.contains { $0.contains(start) }))
        }
        return hunks
    }

    static func preformattedRanges(_ text: [Character]) -> [Range<Int>] {
        let string = String(text)
        var ranges: [Range<Int>] = []
        var search = string.startIndex
        while let open = string.range(of: "<pre", range: search..<string.endIndex) {
            let close = string.range(of: "</pre>", range: open.upperBound..<string.endIndex)?.upperBound ?? string.endIndex
            ranges.append(string.distance(from: string.startIndex, to: open.lowerBound)..<string.distance(from: string.startIndex, to: close))
            search = close
        }
        return ranges
    }

    /// Whether the intended changes account for a hunk: both sides agree once every intended
    /// change is made to both (spaces out, marks mapped, invisible characters dropped, tags out).
    static func explains(_ hunk: Hunk, _ intents: Set<Intent>) -> Bool {
        func normal(_ characters: [Character]) -> String {
            var text = String(characters)
            if intents.contains(.markup) { text = visible(text) }
            if intents.contains(.invisible) { text = String(text.unicodeScalars.filter { !isInvisible($0.value) }.map(Character.init)) }
            if intents.contains(.fullwidthPunctuation) { text = String(text.map { fullwidth[$0] ?? $0 }) }
            if intents.contains(.asciiAlphanumerics) {
                text = String(text.unicodeScalars.map { (0xFF01...0xFF5E).contains($0.value) ? Character(Unicode.Scalar($0.value - 0xFEE0)!) : Character($0) })
            }
            if intents.contains(.whitespace), !hunk.preformatted { text = text.filter { !($0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t") } }
            return text
        }
        return normal(hunk.removed) == normal(hunk.inserted)
    }

    static let invisible: Set<UInt32> = [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]
    /// What invisible-characters removes: format characters and C0/C1 controls.
    static func isInvisible(_ value: UInt32) -> Bool {
        invisible.contains(value) || (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || (0x7F...0x9F).contains(value)
    }

    static let fullwidth: [Character: Character] = [",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"]

    /// What a reader sees of a page, as far as the intended changes leave it alone: hidden
    /// elements, tags, comments and white space out, and the intended character changes made.
    static func shown(_ html: String, _ intents: Set<Intent>) -> String {
        var text = html.replacing(/<(\w+)[^>]*display:\s*none[^>]*>.*?<\/\1>/.dotMatchesNewlines(), with: "")
        text = text.replacing(/<!--.*?-->/.dotMatchesNewlines(), with: "")
        text = visible(text)
        if intents.contains(.invisible) { text = String(text.unicodeScalars.filter { !isInvisible($0.value) }.map(Character.init)) }
        if intents.contains(.fullwidthPunctuation) { text = String(text.map { fullwidth[$0] ?? $0 }) }
        if intents.contains(.asciiAlphanumerics) {
            text = String(text.unicodeScalars.map { (0xFF01...0xFF5E).contains($0.value) ? Character(Unicode.Scalar($0.value - 0xFEE0)!) : Character($0) })
        }
        return text
    }

    /// Text with tags and white space taken out.
    static func visible(_ text: String) -> String {
        text.replacing(/<[^>]*>?/, with: "").filter { !$0.isWhitespace }
    }
}
