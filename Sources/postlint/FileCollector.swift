import Foundation
import PostlintEngine

/// Turns the paths on the command line into the list of posts to check, each with its
/// configuration, in a stable order. Folders are walked; hidden folders and symlinked folders
/// are not entered (the latter so that a symlink loop cannot trap the walk).
struct FileCollector {
    static let extensions: Set<String> = ["md", "markdown", "html"]

    struct Target {
        let path: String
        let configuration: Configuration?
        let error: String?
    }

    let loader: ConfigurationLoader

    func collect(_ paths: [String]) -> [Target] {
        var targets: [Target] = []
        var seen = Set<String>()
        for path in paths {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            if !exists {
                // A dangling or looping symlink: reading it gives the system's own reason.
                if (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil {
                    if seen.insert(path).inserted, let target = target(path, explicit: true) { targets.append(target) }
                } else {
                    targets.append(Target(path: path, configuration: nil, error: "no such file or folder"))
                }
            } else if isDirectory.boolValue {
                for file in walk(path) where seen.insert(file).inserted {
                    if let target = target(file, explicit: false) { targets.append(target) }
                }
            } else if seen.insert(path).inserted, let target = target(path, explicit: true) {
                targets.append(target)
            }
        }
        return targets
    }

    private func target(_ path: String, explicit: Bool) -> Target? {
        do {
            let configuration = try loader.configuration(forFile: path)
            let relative = Self.relative(ConfigurationLoader.absolute(path), to: configuration.baseDirectory)
            if configuration.exclude.contains(where: { Glob.matches($0, relative) }) { return nil }
            if !explicit, !configuration.include.isEmpty, !configuration.include.contains(where: { Glob.matches($0, relative) }) {
                return nil
            }
            return Target(path: path, configuration: configuration, error: nil)
        } catch {
            return Target(path: path, configuration: nil, error: "configuration error: \(error)")
        }
    }

    private func walk(_ root: String) -> [String] {
        var found: [String] = []
        var pending = [root]
        let manager = FileManager.default
        while let folder = pending.popLast() {
            guard let names = try? manager.contentsOfDirectory(atPath: folder) else { continue }
            for name in names where !name.hasPrefix(".") {
                let path = folder == "." ? name : (folder as NSString).appendingPathComponent(name)
                guard let attributes = try? manager.attributesOfItem(atPath: path) else {
                    if Self.extensions.contains((name as NSString).pathExtension.lowercased()) { found.append(path) }
                    continue
                }
                let type = attributes[.type] as? FileAttributeType
                if type == .typeDirectory {
                    if name != "_site", name != "node_modules" { pending.append(path) }
                } else if Self.extensions.contains((name as NSString).pathExtension.lowercased()) {
                    found.append(path)
                }
            }
        }
        return found.sorted()
    }

    static func relative(_ path: String, to base: String) -> String {
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
