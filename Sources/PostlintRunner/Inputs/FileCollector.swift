import Foundation
import PostlintEngine

/// Turns the paths on the command line into the posts to check, each with its configuration,
/// in a stable order, one at a time: a run over a large tree never holds the whole list.
/// Folders are walked depth first with their entries sorted so that the order is that of the
/// sorted full paths; hidden folders and symlinked folders are not entered (the latter so that
/// a symlink loop cannot trap the walk).
///
/// Finding files (`candidates`) and resolving each one's configuration (`resolve`) are separate
/// steps so that parallel runs walk in one place and resolve on every worker.
public struct FileCollector: Sendable {
    /// Jekyll's default `markdown_ext`, and HTML.
    public static let extensions: Set<String> = ["md", "markdown", "mkd", "mkdn", "mkdown", "html", "htm"]

    /// Whether a file name ends in one of `extensions`, in any case. Read from the bytes:
    /// Foundation's `pathExtension` costs more than reading a small post.
    public static func isPost(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { isPost(UnsafeRawBufferPointer($0)) }
    }

    /// `isPost` on the bytes of a name, so that a folder listing makes Strings only of posts
    /// and folders.
    public static func isPost(_ name: UnsafeRawBufferPointer) -> Bool {
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")), dot != 0 else { return false }
        let suffix = name[(dot + 1)...]
        // Every extension is ASCII letters: setting bit 5 lower-cases them and no other byte
        // becomes one of them.
        return extensions.contains { wanted in
            wanted.utf8.count == suffix.count && zip(wanted.utf8, suffix).allSatisfy { $0 == $1 | 0x20 }
        }
    }

    /// A file found by the walk or named on the command line, before its configuration is known.
    public struct Candidate {
        public let path: String
        /// Named on the command line: a file skipped for what the site makes of it says so.
        public let explicit: Bool
        public let error: String?
    }

    public struct Target {
        public let path: String
        public let configuration: Configuration?
        public let error: String?
        /// Named on the command line.
        public var explicit = false
        /// Why Jekyll does not process the file, when that is known from its path alone.
        public var skipped: String?
        /// Where the site places the file, when its configuration was read.
        public var sitePath: SitePath?
    }

    public let loader: ConfigurationLoader

    /// One collector for each of `workers` workers, the first `collector` itself, the others
    /// with loaders of their own. Workers that shared configurations retained and released
    /// the same objects for every post, from two cores at once, and took the same lock.
    public static func perWorker(_ collector: FileCollector, _ workers: Int) -> [FileCollector] {
        [collector] + (1..<max(1, workers)).map { _ in FileCollector(loader: collector.loader.withEmptyCache()) }
    }

    /// Every target, lazily; each iteration walks anew.
    public func targets(_ paths: [String]) -> AnySequence<Target> {
        AnySequence(candidates(paths).lazy.compactMap(resolve))
    }

    /// Every file the paths name, lazily, without reading any configuration.
    public func candidates(_ paths: [String]) -> Candidates {
        Candidates(paths: paths)
    }

    /// The files the paths name: each file as it is, each folder walked.
    public struct Candidates: Sequence, IteratorProtocol {
        private let paths: [String]
        private var nextPath = 0
        private var walk: Walk?
        // Only overlapping arguments (`docs docs/a.md`) can name a file twice.
        private var seen: Set<String>?

        public init(paths: [String]) {
            self.paths = paths
            seen = paths.count > 1 ? [] : nil
        }

        public mutating func next() -> Candidate? {
            while true {
                if let (file, error) = walk?.next() {
                    guard seen?.insert(file).inserted ?? true else { continue }
                    return Candidate(path: file, explicit: false, error: error)
                }
                walk = nil
                guard nextPath < paths.count else { return nil }
                let path = paths[nextPath]
                nextPath += 1
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                if exists, isDirectory.boolValue {
                    walk = Walk(root: path)
                    continue
                }
                guard seen?.insert(path).inserted ?? true else { continue }
                // A dangling or looping symlink: reading it later gives the system's own reason.
                if !exists, (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) == nil {
                    // The command line's bytes were read as UTF-8, a bad byte as U+FFFD.
                    let reason = path.contains("\u{FFFD}") ? FileCollector.notUTF8 : "no such file or folder"
                    return Candidate(path: path, explicit: true, error: reason)
                }
                return Candidate(path: path, explicit: true, error: nil)
            }
        }
    }

    /// Between the sort key of a name that is not UTF-8 and its readable form.
    public static let badNameMark = "\u{0}"

    /// Why a file whose name is not UTF-8 is not checked.
    public static let notUTF8 = "the file name is not valid UTF-8, so it is not checked; Jekyll stops the whole build on such a name (\"invalid byte sequence in UTF-8\"): rename it"

    /// Every target, at once.
    public func collect(_ paths: [String]) -> [Target] {
        Array(targets(paths))
    }

    /// The candidate with its configuration, or nil when the configuration excludes it or the
    /// walk found a file Jekyll does not process. `include` and `exclude` apply to files named
    /// on the command line too: pre-commit names every staged file.
    public func resolve(_ candidate: Candidate) -> Target? {
        let path = candidate.path
        if let error = candidate.error { return Target(path: path, configuration: nil, error: error) }
        do {
            // Made absolute once; the loader finds it already in normal form.
            let absolute = ConfigurationLoader.absolute(path)
            let configuration = try loader.configuration(forFile: absolute)
            let relative = Self.relative(absolute, to: configuration.baseDirectory)
            if configuration.exclude.contains(where: { Glob.matches($0, relative) }) { return nil }
            if !configuration.include.isEmpty, !configuration.include.contains(where: { Glob.matches($0, relative) }) {
                return nil
            }
            let place = SitePath(path, absolute: absolute, site: configuration.site)
            if configuration.site != nil, case .skipped(let reason) = place.placement {
                return candidate.explicit ? Target(path: path, configuration: nil, error: nil, explicit: true, skipped: reason) : nil
            }
            return Target(path: path, configuration: configuration, error: nil, explicit: candidate.explicit, sitePath: place)
        } catch {
            return Target(path: path, configuration: nil, error: ReportStream.configurationError + "\(error)")
        }
    }

    /// The post files under a folder, depth first, holding one listing per open folder. A
    /// folder that cannot be read, or a post whose name is not UTF-8, comes with the reason
    /// instead of being passed over.
    public struct Walk: Sequence, IteratorProtocol {
        private var pending: [[Entry]]

        private struct Entry {
            public let path: String
            public var isDirectory = false
            public var error: String?
        }

        public init(root: String) {
            pending = [Self.list(root)]
        }

        public mutating func next() -> (path: String, error: String?)? {
            while var entries = pending.popLast() {
                guard let entry = entries.popLast() else { continue }
                pending.append(entries)
                if entry.isDirectory {
                    pending.append(Self.list(entry.path))
                } else {
                    return (entry.path, entry.error)
                }
            }
            return nil
        }

        /// The folder's posts and subfolders, in reverse order so the first is popped first.
        /// Folders sort as `name/`, which puts them where their files fall among sorted paths.
        private static func list(_ folder: String) -> [Entry] {
            guard let directory = opendir(folder) else {
                return [Entry(path: folder, error: "cannot read the folder: \(String(cString: strerror(errno))); the posts in it are not checked")]
            }
            defer { closedir(directory) }
            // Joined as Foundation joins a path and a name, worked out once for the folder.
            let prefix = folder == "." ? "" : String((folder as NSString).appendingPathComponent("_").dropLast())
            var keys: [String] = []
            // Names that are not UTF-8, rare: only their keys are searched for the mark (a
            // Foundation search per file cost a tenth of a warm cached run).
            var badNames = 0
            while let entry = readdir(directory) {
                // The entry's type saves a stat per file; file systems that do not record it
                // say DT_UNKNOWN, and lstat answers instead. A symlinked folder is not entered.
                var type = Int32(entry.pointee.d_type)
                let key: String? = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                    let name = UnsafeRawBufferPointer(rebasing: raw[..<(raw.firstIndex(of: 0) ?? raw.count)])
                    guard name.first != UInt8(ascii: ".") else { return nil }
                    let isPost = FileCollector.isPost(name)
                    if type == DT_UNKNOWN {
                        var status = stat()
                        let isFolder = lstat(prefix + String(decoding: name, as: UTF8.self), &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
                        type = isFolder ? Int32(DT_DIR) : Int32(DT_REG)
                    }
                    if type == DT_DIR {
                        let folder = String(decoding: name, as: UTF8.self)
                        // Jekyll's output and installed dependencies hold no posts of the site.
                        return ["_site", "node_modules", "vendor"].contains(folder) ? nil : folder + "/"
                    }
                    guard isPost else { return nil }
                    // A name that is not UTF-8 is kept readable, its bad bytes as `\xE9`.
                    if let valid = String(validating: name, as: UTF8.self) { return valid }
                    badNames += 1
                    return String(decoding: name, as: UTF8.self) + FileCollector.badNameMark + Self.escaped(name)
                }
                if let key { keys.append(key) }
            }
            keys.sort(by: >)
            return keys.map { key in
                if key.hasSuffix("/") { return Entry(path: prefix + key.dropLast(), isDirectory: true) }
                if badNames > 0, let mark = key.range(of: FileCollector.badNameMark) {
                    return Entry(path: prefix + key[mark.upperBound...], error: FileCollector.notUTF8)
                }
                return Entry(path: prefix + key)
            }
        }

        /// The name with each byte outside UTF-8 written `\xHH`.
        private static func escaped(_ name: UnsafeRawBufferPointer) -> String {
            var result = ""
            var rest = name[...]
            while !rest.isEmpty {
                // The longest prefix that is valid UTF-8, then one bad byte.
                var valid = rest.count
                while valid > 0, String(validating: rest.prefix(valid), as: UTF8.self) == nil { valid -= 1 }
                result += String(decoding: rest.prefix(valid), as: UTF8.self)
                rest = rest.dropFirst(valid)
                if let bad = rest.first {
                    result += "\\x" + String(bad, radix: 16, uppercase: true)
                    rest = rest.dropFirst()
                }
            }
            return result
        }
    }

    public static func relative(_ path: String, to base: String) -> String {
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
