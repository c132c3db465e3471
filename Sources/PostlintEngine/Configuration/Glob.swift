import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Gitignore-style globs over `/`-separated relative paths: `*` and `?` within a component,
/// `**` across components, and a pattern without `/` matching a name at any depth.
public enum Glob {
    public static func matches(_ pattern: String, _ path: String) -> Bool {
        // The common case, a bare name such as `README.md`, compares the last component only.
        // It runs for every file and every include or exclude pattern, hence C strings, which a
        // native String hands over without a copy.
        let bareName = pattern.withCString { pattern in
            strchr(pattern, Int32(UInt8(ascii: "/"))) == nil ? path.withCString { path in
                let name = strrchr(path, Int32(UInt8(ascii: "/"))).map { UnsafePointer($0 + 1) } ?? path
                return fnmatch(pattern, name, 0) == 0
            } : nil
        }
        if let bareName { return bareName }
        var patternParts = pattern.split(separator: "/").map(String.init)
        if pattern.hasSuffix("/") { patternParts.append("**") }
        return match(patternParts[...], path.split(separator: "/").map(String.init)[...])
    }

    private static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let head = pattern.first else { return path.isEmpty }
        if head == "**" {
            let rest = pattern.dropFirst()
            var candidate = path
            while true {
                if match(rest, candidate) { return true }
                guard !candidate.isEmpty else { return false }
                candidate = candidate.dropFirst()
            }
        }
        guard let name = path.first, fnmatch(head, name, 0) == 0 else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    /// Files under `directory` whose relative paths match `pattern`, sorted.
    public static func expand(_ pattern: String, in directory: String) -> [String] {
        let direct = (directory as NSString).appendingPathComponent(pattern)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: direct, isDirectory: &isDirectory), !isDirectory.boolValue {
            return [direct]
        }
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var found: [String] = []
        for case let relative as String in walker where matches(pattern, relative) {
            found.append((directory as NSString).appendingPathComponent(relative))
        }
        return found.sorted()
    }
}
