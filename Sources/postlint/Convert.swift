import ArgumentParser
import Foundation
import PostlintConvert
import PostlintEngine
import PostlintModel
import PostlintRules

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

    enum Target: String, ExpressibleByArgument, CaseIterable {
        case markdown, xhtml, epub
    }

    enum ImageChoice: String, ExpressibleByArgument, CaseIterable {
        case link, drop, local
    }

    @Option(help: "Output format: markdown, xhtml or epub.")
    var to: Target

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

    @Argument(help: "Files or folders to convert; - reads standard input.")
    var paths: [String] = []

    @Flag(help: "Read one post from standard input and write the result to standard output.")
    var stdin = false

    @Option(help: "The path to report for standard input; also picks its configuration.")
    var stdinFilename: String?

    @Option(name: .shortAndLong, help: "Write converted files under this folder, mirroring their paths.")
    var output: String?

    @Option(help: "Tables Markdown cannot express: html (keep them as HTML) or fail (exit 1).")
    var tableFallback: String = "html"

    @Flag(help: "Rewrite front-matter dates in Jekyll's canonical form.")
    var canonicalDates = false

    @Flag(help: "Report text the output lost (every conversion is checked word by word against its source) without failing.")
    var allowLoss = false

    @Option(help: "Use this configuration file instead of searching for .postlint.yml.")
    var config: String?

    func validate() throws {
        guard MarkdownConverter.TableFallback(rawValue: tableFallback) != nil else {
            throw ValidationError("--table-fallback must be html or fail")
        }
        if paths.isEmpty, !stdin { throw ValidationError("name at least one file or folder, or use --stdin") }
        if images == .local, imageDir == nil { throw ValidationError("--images local needs --image-dir DIR") }
        if to == .epub, output == nil || !(output!.hasSuffix(".epub")) { throw ValidationError("--to epub needs -o BOOK.epub") }
    }

    func run() throws {
        if to == .xhtml || to == .epub { return try runXHTML() }
        var options = MarkdownConverter.Options()
        options.tableFallback = MarkdownConverter.TableFallback(rawValue: tableFallback)!
        options.canonicalDates = canonicalDates
        options.allowLoss = allowLoss
        let converter = MarkdownConverter(linter: Linter(environment: LintEnvironment(now: Int(Date().timeIntervalSince1970))), options: options)
        let loader = ConfigurationLoader(explicitPath: config)
        if stdin || paths == ["-"] {
            let name = stdinFilename ?? "<stdin>"
            let bytes: [UInt8]
            let configuration: Configuration
            do {
                bytes = try FileReader.readStandardInput()
                configuration = try loader.configuration(forFile: stdinFilename ?? "stdin.md")
            } catch {
                CommonOptions.warn("\(error)")
                throw ExitCode(2)
            }
            let result = converter.convert(path: name, bytes: bytes, configuration: configuration)
            FileHandle.standardOutput.write(Data(result.bytes))
            report(result, path: name, source: bytes)
            throw ExitCode(result.faithful ? 0 : 1)
        }
        let targets = FileCollector(loader: loader).targets(paths)
        guard output != nil || Array(targets.prefix(2)).count <= 1 else {
            CommonOptions.warn("several files to convert: name an output folder with -o")
            throw ExitCode(2)
        }
        if let output { try checkOutputFolder(output) }
        var status: Int32 = 0
        // Walk in one place; resolve configurations, convert and write on every core.
        let collector = FileCollector(loader: loader)
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let collectors = FileCollector.perWorker(collector, workers)
        let folders = OutputFolders()
        OrderedWork(collector.candidates(paths)) { (outcome: ConvertedFile?) in
            guard let outcome else { return }
            for message in outcome.messages { FileHandle.standardError.write(Data(message.utf8)) }
            status = max(status, outcome.status)
        }.run(workers: workers) { worker, candidate in
            collectors[worker].resolve(candidate).map { convertFile($0, converter: converter, folders: folders) }
        }
        throw ExitCode(status)
    }

    /// What converting one file did: messages for standard error, and its exit status.
    struct ConvertedFile {
        var messages: [String] = []
        var status: Int32 = 0
    }

    /// Why a file is not converted: Jekyll does not process it, or it is a template rather
    /// than content. Said on standard error only for files named on the command line.
    private static func notConverted(_ target: FileCollector.Target) -> String? {
        if let reason = target.skipped { return reason }
        if let site = target.configuration?.site, case .document(let kind) = site.placement(of: ConfigurationLoader.absolute(target.path)),
           kind == .layout || kind == .include {
            return "it is a Jekyll \(kind.rawValue) template, not content"
        }
        return nil
    }

    private func convertFile(_ target: FileCollector.Target, converter: MarkdownConverter, folders: OutputFolders) -> ConvertedFile {
        var outcome = ConvertedFile()
        if let reason = Self.notConverted(target) {
            return ConvertedFile(messages: target.explicit ? ["postlint: note: \(target.path) is not converted: \(reason)\n"] : [])
        }
        guard let configuration = target.configuration else {
            return ConvertedFile(messages: ["postlint: \(target.path): \(target.error ?? "cannot be converted")\n"], status: 2)
        }
        let bytes: [UInt8]
        do { bytes = try FileReader.read(target.path) } catch {
            return ConvertedFile(messages: ["postlint: \(target.path): \(error.message)\n"], status: 2)
        }
        let result = converter.convert(path: target.path, bytes: bytes, configuration: configuration)
        outcome.messages = issueLines(result.issues, path: target.path, source: bytes)
        if !result.faithful { outcome.status = 1 }
        if let output {
            // Plain string paths: URL(fileURLWithPath:) asks the file system whether each is a
            // folder, and NSString's path methods cost more than converting a short post.
            var relative = mirrored(target.path)
            // The output is Markdown whatever the input was: `x.html` becomes `x.md`.
            if MarkupLanguage.of(fileName: relative) == .html, let dot = relative.lastIndex(of: ".") {
                relative = relative[..<dot] + ".md"
            }
            let destination = output.hasSuffix("/") ? output + relative : output + "/" + relative
            let folder = String(destination[..<destination.utf8.lastIndex(of: UInt8(ascii: "/"))!])
            guard folders.claim(destination) else {
                outcome.messages.append("postlint: \(target.path): another input is also written to \(destination); not overwritten\n")
                outcome.status = 2
                return outcome
            }
            do {
                try folders.make(folder.isEmpty ? "/" : folder)
                try AtomicWriter.create(result.bytes, at: destination)
            } catch {
                outcome.messages.append("postlint: \(destination): cannot write: \(error.localizedDescription)\n")
                outcome.status = 2
            }
        } else {
            FileHandle.standardOutput.write(Data(result.bytes))
        }
        return outcome
    }

    private var xhtmlOptions: XHTMLConverter.Options {
        var options = XHTMLConverter.Options()
        options.allowLoss = allowLoss
        switch images {
        case .link: options.images = .link
        case .drop: options.images = .drop
        case .local: options.images = .local(imageDir ?? ".")
        }
        options.language = lang
        options.stylesheet = to == .epub ? "../style.css" : nil
        return options
    }

    private func runXHTML() throws {
        let converter = XHTMLConverter(linter: Linter(environment: LintEnvironment(now: Int(Date().timeIntervalSince1970))), options: xhtmlOptions)
        let loader = ConfigurationLoader(explicitPath: config)
        let readsStandardInput = stdin || paths.contains("-")
        let targets = FileCollector(loader: loader).collect(paths.filter { $0 != "-" }).filter { Self.notConverted($0) == nil || $0.explicit }
        if to == .xhtml, output == nil, targets.filter({ Self.notConverted($0) == nil }).count > 1 {
            CommonOptions.warn("\(targets.count) files to convert: name an output folder with -o")
            throw ExitCode(2)
        }
        if to == .xhtml, let output { try checkOutputFolder(output) }
        var status: Int32 = 0
        var chapters: [EPUBBuilder.Chapter] = []
        var images: [String: String] = [:]
        if readsStandardInput {
            // One post from standard input: its XHTML to standard output (or into the book).
            let name = stdinFilename ?? "<stdin>"
            do {
                let bytes = try FileReader.readStandardInput()
                let configuration = try loader.configuration(forFile: stdinFilename ?? "stdin.md")
                let result = converter.convert(path: name, bytes: bytes, configuration: configuration)
                reportIssues(result.issues, path: name, source: bytes)
                if !result.faithful {
                    status = 1
                } else if to == .epub {
                    chapters.append(EPUBBuilder.Chapter(metadata: result.metadata, xhtml: result.xhtml))
                    for image in result.images { images[image.path] = image.file }
                } else {
                    FileHandle.standardOutput.write(Data(result.xhtml.utf8))
                }
            } catch {
                CommonOptions.warn("\(name): \(error)")
                throw ExitCode(2)
            }
        }
        for target in targets {
            if let reason = Self.notConverted(target) {
                if target.explicit { CommonOptions.warn("note: \(target.path) is not converted: \(reason)") }
                continue
            }
            guard let configuration = target.configuration else {
                CommonOptions.warn("\(target.path): \(target.error ?? "cannot be converted")")
                status = 2
                continue
            }
            let bytes: [UInt8]
            do { bytes = try FileReader.read(target.path) } catch {
                CommonOptions.warn("\(target.path): \(error.message)")
                status = 2
                continue
            }
            let result = converter.convert(path: target.path, bytes: bytes, configuration: configuration)
            reportIssues(result.issues, path: target.path, source: bytes)
            guard result.faithful else { status = max(status, 1); continue }
            for image in result.images { images[image.path] = image.file }
            switch (to, output) {
            case (.epub, _):
                chapters.append(EPUBBuilder.Chapter(metadata: result.metadata, xhtml: result.xhtml))
            case (_, let folder?):
                let relative = (mirrored(target.path) as NSString).deletingPathExtension + ".xhtml"
                let destination = URL(fileURLWithPath: folder).appendingPathComponent(relative)
                do {
                    try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try AtomicWriter.create(Array(result.xhtml.utf8), at: destination.path)
                } catch {
                    CommonOptions.warn("\(destination.path): cannot write: \(error.localizedDescription)")
                    status = 2
                }
            default:
                FileHandle.standardOutput.write(Data(result.xhtml.utf8))
            }
        }
        if to == .xhtml, let folder = output {
            for (path, file) in images.sorted(by: { $0.key < $1.key }) {
                let destination = URL(fileURLWithPath: folder).appendingPathComponent(path)
                try? FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? FileManager.default.removeItem(at: destination)
                try? FileManager.default.copyItem(atPath: file, toPath: destination.path)
            }
        }
        if to == .epub, let output {
            let bookTitle = title ?? ((output as NSString).lastPathComponent as NSString).deletingPathExtension
            let language = lang ?? chapters.first?.metadata.language ?? "en"
            do {
                let embedded = try images.sorted(by: { $0.key < $1.key }).map { (path: $0.key, data: try Data(contentsOf: URL(fileURLWithPath: $0.value))) }
                let book = try EPUBBuilder(title: bookTitle, language: language, groupByCategory: groupByCategory)
                    .build(chapters: chapters, images: embedded)
                try book.write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                CommonOptions.warn("\(output): cannot write the book: \(error.localizedDescription)")
                throw ExitCode(2)
            }
        }
        throw ExitCode(status)
    }

    private func reportIssues(_ issues: [ConversionIssue], path: String, source: [UInt8]) {
        for line in issueLines(issues, path: path, source: source) { FileHandle.standardError.write(Data(line.utf8)) }
    }

    private func issueLines(_ issues: [ConversionIssue], path: String, source: [UInt8]) -> [String] {
        guard !issues.isEmpty else { return [] }
        let text = SourceText(bytes: source)
        return issues.map { issue in
            let location = issue.offset.map { text.location(of: $0) } ?? SourceLocation(line: 1, column: 1)
            let severity = issue.fatal ? "error" : "warning"
            return "\(path):\(location.line):\(location.column): \(severity) [convert] \(issue.message)\n"
        }
    }

    /// The output path of an input: relative to the folder it was found in, or its file name.
    /// Where under the output folder a file goes: its path below the one folder named, or, when
    /// several paths are named, below a folder for each (`A/_posts/x.md`, `B/_posts/x.md`), so
    /// that files of the same name in different inputs never meet.
    private func mirrored(_ path: String) -> String {
        let several = paths.count > 1
        for root in paths {
            let folder = root.hasSuffix("/") ? root : root + "/"
            guard path.hasPrefix(folder) else { continue }
            let below = String(path.dropFirst(folder.count))
            return several ? Self.contained(root) + "/" + below : below
        }
        return several ? Self.contained(path) : (path as NSString).lastPathComponent
    }

    /// A path made relative and kept inside the output folder: no `/` at the start, no `.` or `..`.
    private static func contained(_ path: String) -> String {
        path.split(separator: "/").filter { $0 != "." && $0 != ".." }.joined(separator: "/")
    }

    /// Writing into a folder being read would convert converted files, or overwrite inputs.
    private func checkOutputFolder(_ output: String) throws {
        let destination = ConfigurationLoader.canonical(output) + "/"
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            let input = ConfigurationLoader.canonical(path) + "/"
            if destination.hasPrefix(input) || input.hasPrefix(destination) {
                CommonOptions.warn("the output folder \(output) overlaps the input folder \(path); choose one outside it")
                throw ExitCode(2)
            }
        }
    }

    private func report(_ result: MarkdownConverter.Output, path: String, source: [UInt8]) {
        reportIssues(result.issues, path: path, source: source)
    }
}

/// Conversion results from worker threads, by input position.
