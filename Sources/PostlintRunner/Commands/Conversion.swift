import Foundation
import PostlintConvert
import PostlintEngine
import PostlintModel
import PostlintRules

/// `convert` of a run's posts: each to clean Markdown or to XHTML, written under an output
/// folder mirroring the inputs' paths (or to standard output for one post), or all of them into
/// one EPUB book. Messages go to standard error as each post is done, in input order.
public struct Conversion: Sendable {
    public enum Target: String, CaseIterable, Sendable { case markdown, xhtml, epub }

    public struct Settings: Sendable {
        public var target: Target
        /// The folder the converted posts go under, or the book's path.
        public var output: String?
        public var markdown = MarkdownConverter.Options()
        public var xhtml = XHTMLConverter.Options()
        /// The book's title (default: the book file's name).
        public var title: String?
        public var groupByCategory = false

        public init(target: Target, output: String? = nil) {
            self.target = target
            self.output = output
        }
    }

    public let settings: Settings
    /// The paths the run was given, for where outputs go under the output folder.
    private let roots: [String]
    private let now: Int

    public init(settings: Settings, roots: [String], now: Int = Int(Date().timeIntervalSince1970)) {
        self.settings = settings
        self.roots = roots
        self.now = now
    }

    /// Converts every input of `run`; the exit status: 0 every post converted faithfully, 1 some
    /// could not be, 2 a file or the output could not be read or written.
    public func convert(_ run: Run) -> Int32 {
        if let output = settings.output, settings.target != .epub, let problem = overlap(output) {
            Messages.warn(problem)
            return 2
        }
        return settings.target == .markdown ? convertToMarkdown(run) : convertToXHTML(run)
    }

    /// What converting one file did: messages for standard error, and its exit status.
    private struct Converted: Sendable {
        var messages: [String] = []
        var status: Int32 = 0
        var chapter: EPUBBuilder.Chapter?
        var images: [(path: String, file: String)] = []
    }

    private func convertToMarkdown(_ run: Run) -> Int32 {
        let converter = MarkdownConverter(linter: Linter(environment: LintEnvironment(now: now)), options: settings.markdown)
        if run.standardInput == nil, settings.output == nil, Array(FileCollector(loader: run.loader).targets(run.paths).prefix(2)).count > 1 {
            Messages.warn("several files to convert: name an output folder with -o")
            return 2
        }
        let folders = OutputFolders()
        return each(run) { input in
            if let early = Self.early(input) { return early }
            let bytes: [UInt8]
            do throws(FileReader.Failure) { bytes = try input.read() } catch { return Self.failed(input, error.message) }
            let result = converter.convert(path: input.path, bytes: bytes, configuration: input.configuration!)
            var converted = Converted(messages: Self.issueLines(result.issues, path: input.path, source: bytes), status: result.faithful ? 0 : 1)
            guard let output = settings.output, !input.isStandardInput else {
                FileHandle.standardOutput.write(Data(result.bytes))
                return converted
            }
            // The output is Markdown whatever the input was: `x.html` becomes `x.md`.
            let renamed = MarkupLanguage.of(fileName: input.path) == .html ? "md" : nil
            Self.write(result.bytes, to: destination(of: input, under: output, extension: renamed), for: input, folders: folders, into: &converted)
            return converted
        }.status
    }

    private func convertToXHTML(_ run: Run) -> Int32 {
        var options = settings.xhtml
        options.stylesheet = settings.target == .epub ? "../style.css" : nil
        let converter = XHTMLConverter(linter: Linter(environment: LintEnvironment(now: now)), options: options)
        if settings.target == .xhtml, settings.output == nil {
            let count = FileCollector(loader: run.loader).targets(run.paths).filter { Self.notConverted($0) == nil }.count
            if count > 1 {
                Messages.warn("\(count) files to convert: name an output folder with -o")
                return 2
            }
        }
        let target = settings.target, output = settings.output
        let folders = OutputFolders()
        var (status, chapters, images) = each(run) { input in
            if let early = Self.early(input) { return early }
            let bytes: [UInt8]
            do throws(FileReader.Failure) { bytes = try input.read() } catch { return Self.failed(input, error.message) }
            let result = converter.convert(path: input.path, bytes: bytes, configuration: input.configuration!)
            var converted = Converted(messages: Self.issueLines(result.issues, path: input.path, source: bytes))
            guard result.faithful else {
                converted.status = 1
                return converted
            }
            converted.images = result.images
            switch (target, output) {
            case (.epub, _):
                converted.chapter = EPUBBuilder.Chapter(metadata: result.metadata, xhtml: result.xhtml)
            case (_, let folder?) where !input.isStandardInput:
                Self.write(Array(result.xhtml.utf8), to: destination(of: input, under: folder, extension: "xhtml"), for: input, folders: folders, into: &converted)
            default:
                FileHandle.standardOutput.write(Data(result.xhtml.utf8))
            }
            return converted
        }
        if target == .xhtml, let folder = output {
            for (path, file) in images.sorted(by: { $0.key < $1.key }) {
                let destination = URL(fileURLWithPath: folder).appendingPathComponent(path)
                try? FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? FileManager.default.removeItem(at: destination)
                try? FileManager.default.copyItem(atPath: file, toPath: destination.path)
            }
        }
        if target == .epub, let output {
            let bookTitle = settings.title ?? ((output as NSString).lastPathComponent as NSString).deletingPathExtension
            let language = settings.xhtml.language ?? chapters.first?.metadata.language ?? "en"
            do {
                let embedded = try images.sorted(by: { $0.key < $1.key }).map { (path: $0.key, data: try Data(contentsOf: URL(fileURLWithPath: $0.value))) }
                let book = try EPUBBuilder(title: bookTitle, language: language, groupByCategory: settings.groupByCategory)
                    .build(chapters: chapters, images: embedded)
                try book.write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                Messages.warn("\(output): cannot write the book: \(error.localizedDescription)")
                status = 2
            }
        }
        return status
    }

    /// Runs `convert` over the run's inputs, prints each one's messages in input order, and
    /// gathers the chapters and images; the status is the worst.
    private func each(_ run: Run, _ convert: @escaping @Sendable (Run.Input) -> Converted) -> (status: Int32, chapters: [EPUBBuilder.Chapter], images: [String: String]) {
        var status: Int32 = 0
        var chapters: [EPUBBuilder.Chapter] = []
        var images: [String: String] = [:]
        do {
            try run.each(convert) { converted in
                for message in converted.messages { FileHandle.standardError.write(Data(message.utf8)) }
                status = max(status, converted.status)
                if let chapter = converted.chapter { chapters.append(chapter) }
                for image in converted.images { images[image.path] = image.file }
            }
        } catch {
            Messages.warn("\(error)")
            return (2, chapters, images)
        }
        return (status, chapters, images)
    }

    /// The outcome of an input that is not converted, or nil when it is to be.
    private static func early(_ input: Run.Input) -> Converted? {
        if let reason = notConverted(input) {
            return Converted(messages: input.explicit ? ["postlint: note: \(input.path) is not converted: \(reason)\n"] : [])
        }
        if input.configuration == nil {
            return failed(input, input.error ?? "cannot be converted")
        }
        return nil
    }

    private static func failed(_ input: Run.Input, _ message: String) -> Converted {
        Converted(messages: ["postlint: \(input.path): \(message)\n"], status: 2)
    }

    /// Why a file is not converted: Jekyll does not process it, or it is a template rather
    /// than content. Said on standard error only for files named on the command line.
    private static func notConverted(_ input: Run.Input) -> String? {
        if let reason = input.skipped { return reason }
        if !input.isStandardInput, let site = input.configuration?.site,
           case .document(let kind) = site.placement(of: ConfigurationLoader.absolute(input.path)), kind == .layout || kind == .include {
            return "it is a Jekyll \(kind.rawValue) template, not content"
        }
        return nil
    }

    private static func notConverted(_ target: FileCollector.Target) -> String? {
        notConverted(Run.Input(target, staged: false))
    }

    static func issueLines(_ issues: [ConversionIssue], path: String, source: [UInt8]) -> [String] {
        guard !issues.isEmpty else { return [] }
        let text = SourceText(bytes: source)
        return issues.map { issue in
            let location = issue.offset.map { text.location(of: $0) } ?? SourceLocation(line: 1, column: 1)
            let severity = issue.fatal ? "error" : "warning"
            return "\(path):\(location.line):\(location.column): \(severity) [convert] \(issue.message)\n"
        }
    }

    /// The file under `output` that `input` is converted to: its path there (`mirrored`), with
    /// its extension made `ext` when one is given. Plain strings: URL(fileURLWithPath:) asks the
    /// file system whether each is a folder, and NSString's path methods cost more than
    /// converting a short post.
    private func destination(of input: Run.Input, under output: String, extension ext: String?) -> String {
        var relative = mirrored(input.path)
        if let ext {
            let name = relative.lastIndex(of: "/").map { relative.index(after: $0) } ?? relative.startIndex
            if let dot = relative[name...].lastIndex(of: "."), dot > name { relative = String(relative[..<dot]) }
            relative += "." + ext
        }
        return output.hasSuffix("/") ? output + relative : output + "/" + relative
    }

    /// Writes a converted file at `destination`, atomically, its folder made once a run, unless
    /// another input of this run is written there already: that is said, and neither is lost.
    private static func write(_ bytes: [UInt8], to destination: String, for input: Run.Input, folders: OutputFolders, into converted: inout Converted) {
        let folder = String(destination[..<destination.utf8.lastIndex(of: UInt8(ascii: "/"))!])
        guard folders.claim(destination) else {
            converted.messages.append("postlint: \(input.path): another input is also written to \(destination); not overwritten\n")
            converted.status = 2
            return
        }
        do {
            try folders.make(folder.isEmpty ? "/" : folder)
            try AtomicWriter.create(bytes, at: destination)
        } catch {
            converted.messages.append("postlint: \(destination): cannot write: \(error.localizedDescription)\n")
            converted.status = 2
        }
    }

    /// Where under the output folder a file goes: its path below the one folder named, or, when
    /// several paths are named, below a folder for each (`A/_posts/x.md`, `B/_posts/x.md`), so
    /// that files of the same name in different inputs never meet.
    private func mirrored(_ path: String) -> String {
        let several = roots.count > 1
        for root in roots {
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
    private func overlap(_ output: String) -> String? {
        let destination = ConfigurationLoader.canonical(output) + "/"
        for path in roots {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            let input = ConfigurationLoader.canonical(path) + "/"
            if destination.hasPrefix(input) || input.hasPrefix(destination) {
                return "the output folder \(output) overlaps the input folder \(path); choose one outside it"
            }
        }
        return nil
    }
}
