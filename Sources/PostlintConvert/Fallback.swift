import PostlintModel

/// Markup kept because Markdown cannot say it (a table with merged cells, a list in a cell): a
/// small tree of structure, text, links and images, which each writer spells its own way (the
/// Markdown writer as raw HTML, the XHTML writer with its own rules for links and pictures).
public indirect enum FallbackNode: Sendable, Equatable {
    /// A structure or text element (`table`, `tr`, `td`, `p`, `strong`, `ul`…), with `colspan`
    /// and `rowspan` when it has them.
    case element(String, spans: [String: String], [FallbackNode])
    case link(destination: String, [FallbackNode])
    case image(Image)
    /// Text as HTML shows it: white space collapsed.
    case text(String)
}

extension FallbackNode {
    /// The elements a fallback keeps; any other gives up its wrapper and keeps its content.
    static let kept: Set<String> = [
        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "p", "br", "strong", "em", "code", "ul", "ol", "li", "caption",
        "sup", "sub", "del",
    ]

    /// The nodes as one HTML block: one row per line, nothing indented and no blank line, so
    /// that no line of it reads as a Markdown code block or ends the block early. `link`
    /// writes a link around its already written content (or returns the content alone), and
    /// `image` a picture, told whether it stands in a link.
    static func markup(_ nodes: [FallbackNode], link: (String, String) -> String, image: (Image, Bool) -> String) -> String {
        var out = ""
        write(nodes, into: &out, inLink: false, link: link, image: image)
        return out.replacing(/\n+/, with: "\n").trimmingCharacters(in: .newlines)
    }

    private static func write(_ nodes: [FallbackNode], into out: inout String, inLink: Bool,
                              link: (String, String) -> String, image: (Image, Bool) -> String) {
        for node in nodes {
            switch node {
            case .text(let text):
                // A space never starts a line or follows another.
                let trimmed = out.isEmpty || out.last == " " || out.last == "\n" ? String(text.drop { $0 == " " }) : text
                out += XMLText.text(trimmed)
            case .image(let picture):
                out += image(picture, inLink)
            case .link(let destination, let children):
                var inner = ""
                write(children, into: &inner, inLink: true, link: link, image: image)
                if out.last == " " || out.last == "\n" { inner = String(inner.drop { $0 == " " }) }
                out += inLink ? inner : link(destination, inner)
            case .element(let name, let spans, let children):
                out += "<\(name)"
                for (attribute, value) in spans.sorted(by: { $0.key < $1.key }) { out += " \(attribute)=\"\(XMLText.attribute(value))\"" }
                if name == "br" {
                    out += "/>"
                    continue
                }
                out += ">"
                if name == "table" { out += "\n" }
                write(children, into: &out, inLink: inLink, link: link, image: image)
                if out.hasSuffix(" ") { out.removeLast() }
                out += "</\(name)>"
                if name == "tr" || name == "caption" { out += "\n" }
            }
        }
    }

}
