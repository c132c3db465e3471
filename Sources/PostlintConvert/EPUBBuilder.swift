import Foundation
import PostlintModel
import ZIPFoundation

/// Packages content documents as an EPUB 3 book: `mimetype` first and stored, the container,
/// the package document, a navigation document, a small stylesheet, the chapters and images.
/// The same chapters give the same bytes: entries in a fixed order with fixed timestamps, and an
/// identifier derived from the content.
public struct EPUBBuilder: Sendable {
    public struct Chapter: Sendable {
        public let metadata: PostMetadata
        public let xhtml: String

        public init(metadata: PostMetadata, xhtml: String) {
            self.metadata = metadata
            self.xhtml = xhtml
        }
    }

    static let mediaTypes = ["png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp", "svg": "image/svg+xml"]

    public static let stylesheet = """
        body { margin: 0 5%; line-height: 1.6; }
        h1 { font-size: 1.5em; margin: 1em 0 0.3em; }
        p.date { color: #666; margin-top: 0; }
        figure { margin: 1em 0; text-align: center; }
        figure img { max-width: 100%; height: auto; }
        figcaption { font-size: 0.9em; color: #555; }
        pre { white-space: pre-wrap; font-size: 0.85em; }
        footer { margin-top: 2em; font-size: 0.9em; color: #555; }
        td.center, th.center { text-align: center; }
        td.right, th.right { text-align: right; }

        """

    public let title: String
    public let language: String
    public let groupByCategory: Bool

    public init(title: String, language: String, groupByCategory: Bool = false) {
        self.title = title
        self.language = language
        self.groupByCategory = groupByCategory
    }

    /// The book as bytes. `images` are (path inside the book, file contents).
    public func build(chapters unordered: [Chapter], images: [(path: String, data: Data)]) throws -> Data {
        // The reading order is the table of contents' order: by date, and by category first when
        // the contents are grouped so (EPUBCheck's NAV-011 otherwise).
        let chapters = unordered.sorted {
            groupByCategory
                ? (Self.group($0), $0.metadata.instant, $0.metadata.id) < (Self.group($1), $1.metadata.instant, $1.metadata.id)
                : ($0.metadata.instant, $0.metadata.id) < ($1.metadata.instant, $1.metadata.id)
        }
        var files: [(String, Data)] = []
        var usedNames = Set<String>()
        var chapterFiles: [(file: String, chapter: Chapter)] = []
        for chapter in chapters {
            var name = chapter.metadata.id
            var counter = 2
            while usedNames.contains(name) { name = "\(chapter.metadata.id)-\(counter)"; counter += 1 }
            usedNames.insert(name)
            let file = "text/\(name).xhtml"
            chapterFiles.append((file, chapter))
            // A chapter's id must be unique across the book as well as a file name.
            let xhtml = name == chapter.metadata.id ? chapter.xhtml
                : chapter.xhtml.replacingOccurrences(of: "id=\"\(chapter.metadata.id)\"", with: "id=\"\(name)\"")
            files.append(("OEBPS/" + file, Data(xhtml.utf8)))
        }
        let latest = chapters.map(\.metadata.instant).max() ?? 0
        let identifier = Self.uuid(from: [title] + chapterFiles.map { $0.file + "\n" + $0.chapter.xhtml })
        files.insert(("OEBPS/content.opf", Data(package(chapterFiles, images: images.map(\.path), identifier: identifier, latest: latest).utf8)), at: 0)
        files.insert(("OEBPS/nav.xhtml", Data(navigation(chapterFiles).utf8)), at: 1)
        files.insert(("OEBPS/style.css", Data(Self.stylesheet.utf8)), at: 2)
        for image in images.sorted(by: { $0.path < $1.path }) { files.append(("OEBPS/" + image.path, image.data)) }

        let archive = try Archive(data: Data(), accessMode: .create)
        // ZIP stores local wall-clock time; a date built from local components reads back the same anywhere.
        let stamp = Calendar.current.date(from: DateComponents(year: 2000, month: 1, day: 1)) ?? Date(timeIntervalSince1970: 946_684_800)
        func add(_ path: String, _ data: Data, compress: Bool) throws {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: stamp,
                                 permissions: 0o644, compressionMethod: compress ? .deflate : .none) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try add("mimetype", Data("application/epub+zip".utf8), compress: false)
        try add("META-INF/container.xml", Data(Self.container.utf8), compress: true)
        for (path, data) in files { try add(path, data, compress: true) }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    static let container = """
        <?xml version="1.0" encoding="UTF-8"?>
        <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
        <rootfiles>
        <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
        </rootfiles>
        </container>

        """

    private func package(_ chapters: [(file: String, chapter: Chapter)], images: [String], identifier: String, latest: Int) -> String {
        let modified = Self.utcTimestamp(latest)
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="\(XMLText.attribute(language))">
            <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:identifier id="book-id">urn:uuid:\(identifier)</dc:identifier>
            <dc:title>\(XMLText.text(title))</dc:title>
            <dc:language>\(XMLText.text(language))</dc:language>
            <dc:date>\(modified.prefix(10))</dc:date>
            <meta property="dcterms:modified">\(modified)</meta>
            </metadata>
            <manifest>
            <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
            <item id="style" href="style.css" media-type="text/css"/>

            """
        for (index, entry) in chapters.enumerated() {
            // EPUB 3 asks content documents holding MathML to say so.
            let properties = entry.chapter.xhtml.contains("<math ") ? " properties=\"mathml\"" : ""
            out += "<item id=\"c\(index + 1)\" href=\"\(entry.file)\" media-type=\"application/xhtml+xml\"\(properties)/>\n"
        }
        for (index, image) in images.sorted().enumerated() {
            let ext = (image as NSString).pathExtension.lowercased()
            out += "<item id=\"img\(index + 1)\" href=\"\(XMLText.attribute(image))\" media-type=\"\(Self.mediaTypes[ext] ?? "application/octet-stream")\"/>\n"
        }
        out += "</manifest>\n<spine>\n"
        for index in chapters.indices { out += "<itemref idref=\"c\(index + 1)\"/>\n" }
        return out + "</spine>\n</package>\n"
    }

    private func navigation(_ chapters: [(file: String, chapter: Chapter)]) -> String {
        let lang = XMLText.attribute(language)
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="\(lang)" xml:lang="\(lang)">
            <head>
            <meta charset="utf-8"/>
            <title>\(XMLText.text(title))</title>
            </head>
            <body>
            <nav epub:type="toc" id="toc" role="doc-toc">
            <h1>\(XMLText.text(title))</h1>
            <ol>

            """
        func item(_ entry: (file: String, chapter: Chapter)) -> String {
            "<li><a href=\"\(entry.file)\">\(XMLText.text(entry.chapter.metadata.title))</a></li>\n"
        }
        if groupByCategory {
            var groups: [String: [(file: String, chapter: Chapter)]] = [:]
            for entry in chapters { groups[Self.group(entry.chapter), default: []].append(entry) }
            for name in groups.keys.sorted() {
                out += "<li><span>\(XMLText.text(name))</span>\n<ol>\n" + groups[name]!.map(item).joined() + "</ol>\n</li>\n"
            }
        } else {
            out += chapters.map(item).joined()
        }
        return out + "</ol>\n</nav>\n</body>\n</html>\n"
    }

    /// The table-of-contents group of a chapter: its first category.
    static func group(_ chapter: Chapter) -> String {
        chapter.metadata.categories.first ?? "—"
    }

    /// `2022-03-01T02:00:00Z`.
    static func utcTimestamp(_ epoch: Int) -> String {
        let text = PostDateText.utc(epoch)
        return text
    }

    /// A version-5-style UUID from the content, so the same book always has the same identifier.
    static func uuid(from parts: [String]) -> String {
        var hash = StableHash()
        for part in parts {
            // 0xFF is no byte of UTF-8: it keeps ["ab", "c"] apart from ["a", "bc"].
            hash.add(part.utf8)
            hash.add([0xFF])
        }
        var bytes = withUnsafeBytes(of: hash.first.bigEndian, Array.init) + withUnsafeBytes(of: hash.second.bigEndian, Array.init)
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let chars = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(chars[$0]) }.joined(separator: "-")
    }
}
