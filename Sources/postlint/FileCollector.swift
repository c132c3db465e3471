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
struct FileCollector: Sendable {
    static let extensions: Set<String> = ["md", "markdown", "html"]

    /// Whether a file name ends in one of `extensions`, in any case. Read from the bytes:
    /// Foundation's `pathExtension` costs more than reading a small post.
    static func isPost(_ name: String) -> Bool {
        let bytes = name.utf8
        guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")), dot != bytes.startIndex else { return false }
        let suffix = bytes[bytes.index(after: dot)...]
        return suffix.count <= 8 && extensions.contains(String(decoding: suffix, as: UTF8.self).lowercased())
    }

    /// A file found by the walk or named on the command line, before its configuration is known.
    struct Candidate {
        let path: String
        /// Named on the command line, so `include` does not apply.
        let explicit: Bool
        let error: String?
    }

    struct Target {
        let path: String
        let configuration: Configuration?
        let error: String?
    }

    let loader: ConfigurationLoader

    /// Every target, lazily; each iteration walks anew.
    func targets(_ paths: [String]) -> AnySequence<Target> {
        AnySequence(candidates(paths).lazy.compactMap(resolve))
    }

    /// Every file the paths name, lazily, without reading any configuration.
    func candidates(_ paths: [String]) -> AnySequence<Candidate> {
        AnySequence { () -> AnyIterator<Candidate> in
            var iterator = iterate(paths).makeIterator()
            return AnyIterator { iterator.next() }
        }
    }

    private func iterate(_ paths: [String]) -> some Sequence<Candidate> {
        // Only overlapping arguments (`docs docs/a.md`) can name a file twice.
        var seen: Set<String>? = paths.count > 1 ? [] : nil
        return paths.lazy.flatMap { path -> AnySequence<Candidate> in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            if exists, isDirectory.boolValue {
                return AnySequence(Walk(root: path).lazy.compactMap { file in
                    guard seen?.insert(file).inserted ?? true else { return nil }
                    return Candidate(path: file, explicit: false, error: nil)
                })
            }
            guard seen?.insert(path).inserted ?? true else { return AnySequence([]) }
            // A dangling or looping symlink: reading it later gives the system's own reason.
            if !exists, (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) == nil {
                return AnySequence([Candidate(path: path, explicit: true, error: "no such file or folder")])
            }
            return AnySequence([Candidate(path: path, explicit: true, error: nil)])
        }
    }

    /// Every target, at once.
    func collect(_ paths: [String]) -> [Target] {
        Array(targets(paths))
    }

    /// The candidate with its configuration, or nil when the configuration excludes it.
    func resolve(_ candidate: Candidate) -> Target? {
        let path = candidate.path
        if let error = candidate.error { return Target(path: path, configuration: nil, error: error) }
        do {
            // Made absolute once; the loader finds it already in normal form.
            let absolute = ConfigurationLoader.absolute(path)
            let configuration = try loader.configuration(forFile: absolute)
            let relative = Self.relative(absolute, to: configuration.baseDirectory)
            if configuration.exclude.contains(where: { Glob.matches($0, relative) }) { return nil }
            if !candidate.explicit, !configuration.include.isEmpty, !configuration.include.contains(where: { Glob.matches($0, relative) }) {
                return nil
            }
            return Target(path: path, configuration: configuration, error: nil)
        } catch {
            return Target(path: path, configuration: nil, error: "configuration error: \(error)")
        }
    }

    /// The post files under a folder, depth first, holding one listing per open folder.
    struct Walk: Sequence, IteratorProtocol {
        private var pending: [[(path: String, isDirectory: Bool)]]

        init(root: String) {
            pending = [Self.list(root)]
        }

        mutating func next() -> String? {
            while var entries = pending.popLast() {
                guard let entry = entries.popLast() else { continue }
                pending.append(entries)
                if entry.isDirectory {
                    pending.append(Self.list(entry.path))
                } else {
                    return entry.path
                }
            }
            return nil
        }

        /// The folder's posts and subfolders, in reverse order so the first is popped first.
        /// Folders sort as `name/`, which puts them where their files fall among sorted paths.
        private static func list(_ folder: String) -> [(path: String, isDirectory: Bool)] {
            let manager = FileManager.default
            guard let names = try? manager.contentsOfDirectory(atPath: folder) else { return [] }
            var entries: [(key: String, path: String, isDirectory: Bool)] = []
            for name in names where !name.hasPrefix(".") {
                let path = folder == "." ? name : (folder as NSString).appendingPathComponent(name)
                let isPost = FileCollector.isPost(name)
                // lstat, not FileManager's attributes, which also look up owner names.
                var status = stat()
                guard lstat(path, &status) == 0 else {
                    if isPost { entries.append((name, path, false)) }
                    continue
                }
                if status.st_mode & S_IFMT == S_IFDIR {
                    if name != "_site", name != "node_modules" { entries.append((name + "/", path, true)) }
                } else if isPost {
                    entries.append((name, path, false))
                }
            }
            // In place: sorting into a copy retained every string of every entry.
            entries.sort { $0.key > $1.key }
            return entries.map { ($0.path, $0.isDirectory) }
        }
    }

    static func relative(_ path: String, to base: String) -> String {
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
