/// A cleaned post body as structure, independent of how it is written out: the one model the
/// Markdown and XHTML writers share.
public indirect enum Block: Sendable, Equatable {
    case paragraph([Inline])
    case heading(level: Int, [Inline])
    case code(language: String?, text: String)
    case quote([Block])
    case list(ordered: Bool, start: Int, items: [[Block]])
    case rule
    case table(Table)
    /// An image on its own, with the caption that followed it in the source.
    case figure(Image, caption: [Inline]?)
    /// Markup kept because nothing else can say it (see docs/converting.md).
    case fallback([FallbackNode])
}

public indirect enum Inline: Sendable, Equatable {
    case text(String)
    case strong([Inline])
    case emphasis([Inline])
    case strikethrough([Inline])
    case code(String)
    case link(destination: String, title: String?, [Inline])
    case image(Image)
    case lineBreak
    /// `<sup>` and `<sub>`: Markdown has none, so the Markdown writer uses Unicode superscript
    /// and subscript characters where they say it exactly, and the inline HTML otherwise.
    case superscript([Inline])
    case `subscript`([Inline])
    /// MathML (`<math>`), which Markdown lacks: both writers keep it as MathML, the Markdown
    /// writer as inline HTML, which kramdown and cmark-gfm pass through.
    case math(display: Bool, [MathNode])
}

/// A MathML element or text, with only the elements and none of the attributes a formula
/// needs to be read.
public indirect enum MathNode: Sendable, Equatable {
    case element(String, [MathNode])
    case text(String)

    /// The MathML presentation elements kept; others give up their wrapper, and annotations
    /// (a formula's TeX source, which no reader sees) are left out.
    static let kept: Set<String> = [
        "mi", "mo", "mn", "ms", "mtext", "mrow", "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot", "mover",
        "munder", "munderover", "mtable", "mtr", "mtd", "mspace", "mstyle", "mpadded", "mphantom", "menclose",
        "mfenced", "semantics", "mmultiscripts", "mprescripts", "none",
    ]

    var plainText: String {
        switch self {
        case .text(let text): return text
        case .element(_, let children): return children.map(\.plainText).joined()
        }
    }
}

public struct Image: Sendable, Equatable {
    public let source: String
    public let alt: String
    public let title: String?
    public let width: String?
    public let height: String?
}

public struct Table: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable { case none, left, center, right }
    public let header: [[Inline]]
    public let alignments: [Alignment]
    public let rows: [[[Inline]]]
}

/// A problem met while converting, at a byte offset in the source when it could be found.
public struct ConversionIssue: Sendable, Equatable {
    public let message: String
    /// Where in the source file it is, when it could be found.
    public var offset: Int?
    /// Whether the output is no longer faithful to the input because of it.
    public let fatal: Bool
    /// Text to look for in the source to find `offset`.
    var needle: String?

    public init(message: String, offset: Int? = nil, fatal: Bool, needle: String? = nil) {
        self.message = message
        self.offset = offset
        self.fatal = fatal
        self.needle = needle
    }
}

extension Inline {
    /// The text a reader sees.
    var plainText: String {
        switch self {
        case .text(let text), .code(let text): return text
        case .strong(let children), .emphasis(let children), .strikethrough(let children), .link(_, _, let children),
             .superscript(let children), .subscript(let children):
            return children.map(\.plainText).joined()
        case .image(let image): return image.alt
        case .lineBreak: return "\n"
        case .math(_, let nodes): return nodes.map(\.plainText).joined()
        }
    }

    /// The first character of `plainText`, found without building all of it: a writer asks it
    /// of the next inline for each of a paragraph's inlines.
    var firstCharacter: Character? {
        switch self {
        case .text(let text), .code(let text): return text.first
        case .strong(let children), .emphasis(let children), .strikethrough(let children), .link(_, _, let children),
             .superscript(let children), .subscript(let children):
            return children.lazy.compactMap(\.firstCharacter).first
        case .image(let image): return image.alt.first
        case .lineBreak: return "\n"
        case .math: return plainText.first
        }
    }
}
