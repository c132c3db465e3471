/// What Jekyll makes of a file, by where it sits in the site. Rules declare the kinds they
/// apply to (`applies-to:` in their YAML); files Jekyll copies unchanged or ignores have no
/// kind and are not checked.
public enum DocumentKind: String, Sendable, CaseIterable, Comparable {
    /// A file under `_posts/`: needs a `YYYY-MM-DD-` file name and gets a date.
    case post
    /// A file under `_drafts/`: a post without a date yet.
    case draft
    /// A document of another collection (`_recipes/…`): front matter, no date from its name.
    case document
    /// A Markdown or HTML file with front matter anywhere else in the site (`about.md`, `404.html`).
    case page
    /// A template under `_layouts/`.
    case layout
    /// A fragment under `_includes/`.
    case include

    public static func < (lhs: DocumentKind, rhs: DocumentKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The language a body is written in, which decides how it is parsed: Jekyll runs its Markdown
/// converter over `markdown_ext` files only and passes `.html` files through as they are.
public enum MarkupLanguage: String, Sendable {
    case markdown, html

    /// The language Jekyll gives a file with this name: HTML for `.html`/`.htm`/`.xhtml`,
    /// Markdown for everything else (a site's `markdown_ext` refines this).
    public static func of(fileName: String) -> MarkupLanguage {
        guard let dot = fileName.utf8.lastIndex(of: UInt8(ascii: ".")) else { return .markdown }
        switch fileName[fileName.utf8.index(after: dot)...].lowercased() {
        case "html", "htm", "xhtml": return .html
        default: return .markdown
        }
    }
}
