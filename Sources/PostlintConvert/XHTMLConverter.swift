import Foundation
import PostlintAdapters
import PostlintEngine
import PostlintModel
import PostlintRules

/// `postlint convert --to xhtml`: the same cleaning and content model as the Markdown converter,
/// written by `XHTMLWriter` as an EPUB-ready content document.
public struct XHTMLConverter: Sendable {
    public enum ImageMode: Sendable, Equatable {
        case link, drop
        /// Embed images whose file name is found under this folder.
        case local(String)
    }

    public struct Options: Sendable {
        public var images: ImageMode = .link
        /// The language when the front matter names none (`lang:`); else guessed from the text.
        public var language: String?
        public var captionPrefixes = MarkdownConverter.Options().captionPrefixes
        public var stylesheet: String?
        /// Report lost text without failing the conversion.
        public var allowLoss = false

        public init() {}
    }

    /// One converted post.
    public struct Output: Sendable {
        public let xhtml: String
        public let metadata: PostMetadata
        public let issues: [ConversionIssue]
        /// Images embedded: where the book keeps them, and the file they come from.
        public let images: [(path: String, file: String)]
        public var faithful: Bool { !issues.contains { $0.fatal } }
    }

    public let linter: Linter
    public let options: Options
    private let localImages: [String: String]
    /// One pipeline for every post, so that what it works out per configuration is kept.
    private let pipeline: ContentPipeline

    public init(linter: Linter, options: Options = Options()) {
        self.linter = linter
        self.options = options
        pipeline = ContentPipeline(linter: linter, captionPrefixes: options.captionPrefixes, canonicalDates: false)
        var index: [String: String] = [:]
        if case .local(let folder) = options.images, let walker = FileManager.default.enumerator(atPath: folder) {
            for case let relative as String in walker {
                let name = (relative as NSString).lastPathComponent
                let ext = (name as NSString).pathExtension.lowercased()
                // SVG can carry script; only raster images are embedded.
                guard EPUBBuilder.mediaTypes[ext] != nil, ext != "svg", index[name] == nil else { continue }
                index[name] = (folder as NSString).appendingPathComponent(relative)
            }
        }
        localImages = index
    }

    public func convert(path: String, bytes: [UInt8], configuration: Configuration) -> Output {
        var prepared = pipeline.prepare(path: path, bytes: bytes, configuration: configuration)
        let metadata = PostMetadata(prepared.post, writtenInCJK: prepared.writtenInCJK, language: options.language, timezone: configuration.effectiveTimeZone)
        let found = FoundImages()
        let writerImages: XHTMLWriter.Images
        switch options.images {
        case .link: writerImages = .link
        case .drop: writerImages = .drop
        case .local:
            let index = localImages
            writerImages = .local { source in
                let name = Self.fileName(of: source)
                guard let file = index[name] else { return nil }
                let packaged = "images/" + name
                found.add(packaged, file)
                return "../" + packaged
            }
        }
        guard prepared.head != nil else {
            return Output(xhtml: "", metadata: metadata, issues: prepared.issues, images: [])
        }
        let xhtml = XHTMLWriter(images: writerImages).document(prepared.takeBlocks(), metadata: metadata, stylesheet: options.stylesheet)
        // The book's page against the source, by the words of its text.
        let lost = ConversionVerifier.issues(
            source: &prepared.source, xhtml: Array(xhtml.utf8), excused: prepared.removed,
            file: bytes, body: prepared.body, fatal: !options.allowLoss)
        return Output(xhtml: xhtml, metadata: metadata, issues: prepared.issues + lost, images: found.all)
    }

    /// The last path component of a URL, without its query.
    static func fileName(of url: String) -> String {
        let withoutQuery = url.split(separator: "?").first.map(String.init) ?? url
        return (withoutQuery as NSString).lastPathComponent
    }
}

/// Collects the images a writer embedded while it ran.
final class FoundImages: @unchecked Sendable {
    private let lock = NSLock()
    private var images: [(path: String, file: String)] = []

    func add(_ path: String, _ file: String) {
        lock.withLock { if !images.contains(where: { $0.path == path }) { images.append((path, file)) } }
    }

    var all: [(path: String, file: String)] { lock.withLock { images } }
}
