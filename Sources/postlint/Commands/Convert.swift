import ArgumentParser
import PostlintConvert
import PostlintRunner

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert posts to clean Markdown, EPUB-ready XHTML, or an EPUB 3 book.",
        discussion: """
            The front matter is carried over byte for byte (except what cleaning fixes change); the \
            body is cleaned (hidden content, tracking markup, stray spaces) and written as \
            CommonMark with GFM tables. One file goes to standard output; with -o DIR every file \
            is written under DIR with the same relative path (.xhtml for --to xhtml). --to epub \
            writes one book with every post to -o BOOK.epub. Exit status: 0 converted faithfully, \
            1 something could not be converted faithfully, 2 usage or file errors.
            """)

    enum ImageChoice: String, ExpressibleByArgument, CaseIterable {
        case link, drop, local
    }

    @Option(help: "Output format: markdown, xhtml or epub.")
    var to: Conversion.Target

    @OptionGroup var inputs: InputOptions
    @OptionGroup var judging: ConfigurationOptions

    @Option(name: .shortAndLong, help: "Write converted files under this folder, mirroring their paths (with --to epub: the book).")
    var output: String?

    @Option(help: "Remote images in XHTML and EPUB (never fetched): link (a link with the alt text), drop, or local (embed files found under --image-dir, else link).")
    var images: ImageChoice = .link

    @Option(help: "Where --images local finds image files, by file name.")
    var imageDir: String?

    @Option(help: "The language of XHTML and EPUB output when the front matter has no `lang` (default: guessed from the text).")
    var lang: String?

    @Option(help: "The EPUB book's title (default: the output file's name).")
    var title: String?

    @Flag(help: "Group the EPUB table of contents by category.")
    var groupByCategory = false

    @Option(help: "Tables Markdown cannot express: html (keep them as HTML) or fail (exit 1).")
    var tableFallback: MarkdownConverter.TableFallback = .html

    @Flag(help: "Rewrite front-matter dates in Jekyll's canonical form.")
    var canonicalDates = false

    @Flag(help: "Report text the output lost (every conversion is checked word by word against its source) without failing.")
    var allowLoss = false

    func validate() throws {
        if images == .local, imageDir == nil { throw ValidationError("--images local needs --image-dir DIR") }
        if to == .epub, output == nil || !(output!.hasSuffix(".epub")) { throw ValidationError("--to epub needs -o BOOK.epub") }
    }

    func run() throws {
        var settings = Conversion.Settings(target: to, output: output)
        settings.markdown.tableFallback = tableFallback
        settings.markdown.canonicalDates = canonicalDates
        settings.markdown.allowLoss = allowLoss
        settings.xhtml.allowLoss = allowLoss
        settings.xhtml.language = lang
        switch images {
        case .link: settings.xhtml.images = .link
        case .drop: settings.xhtml.images = .drop
        case .local: settings.xhtml.images = .local(imageDir ?? ".")
        }
        settings.title = title
        settings.groupByCategory = groupByCategory
        // Markdown of standard input is the one post converted; XHTML and books take it first.
        let run = inputs.run(judging, onlyStandardInput: to == .markdown)
        throw ExitCode(Conversion(settings: settings, roots: inputs.filePaths, now: judging.moment).convert(run))
    }
}

extension Conversion.Target: ExpressibleByArgument {}
extension MarkdownConverter.TableFallback: ExpressibleByArgument {}
