/// A unified diff of two versions of a file, git style (`--- a/path`, `+++ b/path`), which
/// `patch -p1` and `git apply` accept.
public struct UnifiedDiff: Sendable {
    public let context: Int

    public init(context: Int = 3) {
        self.context = context
    }

    private enum Operation { case keep(Int, Int), delete(Int), insert(Int) }

    /// A file name in a header as git writes it, so that `patch -p1` and `git apply` read it
    /// whole: C-quoted when it holds a quote, a backslash or a control character; followed by a
    /// tab when it holds a space (GNU patch ends a name at a tab).
    static func header(_ name: String) -> String {
        if name.unicodeScalars.contains(where: { $0 == "\"" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F }) {
            var quoted = "\""
            for scalar in name.unicodeScalars {
                switch scalar {
                case "\"": quoted += "\\\""
                case "\\": quoted += "\\\\"
                case "\n": quoted += "\\n"
                case "\t": quoted += "\\t"
                case _ where scalar.value < 0x20 || scalar.value == 0x7F: quoted += "\\" + String(scalar.value, radix: 8).leftPadded(to: 3)
                default: quoted.unicodeScalars.append(scalar)
                }
            }
            return quoted + "\""
        }
        return name.contains(" ") ? name + "\t" : name
    }

    public func render(path: String, old: [UInt8], new: [UInt8]) -> String {
        let before = Self.lines(old), after = Self.lines(new)
        let difference = after.map(\.text).difference(from: before.map(\.text))
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var operations: [Operation] = []
        var i = 0, j = 0
        while i < before.count || j < after.count {
            if i < before.count, removed.contains(i) { operations.append(.delete(i)); i += 1 }
            else if j < after.count, inserted.contains(j) { operations.append(.insert(j)); j += 1 }
            else { operations.append(.keep(i, j)); i += 1; j += 1 }
        }
        var out = "--- \(Self.header("a/" + path))\n+++ \(Self.header("b/" + path))\n"
        var index = 0
        while index < operations.count {
            guard !Self.isKeep(operations[index]) else { index += 1; continue }
            var start = max(0, index - context)
            var end = index
            // Extend the hunk while the next change is within two contexts of this one.
            var cursor = index
            while cursor < operations.count {
                if !Self.isKeep(operations[cursor]) { end = cursor; cursor += 1; continue }
                var run = cursor
                while run < operations.count, Self.isKeep(operations[run]) { run += 1 }
                if run < operations.count, run - cursor <= 2 * context { cursor = run } else { break }
            }
            end = min(operations.count - 1, end + context)
            start = max(0, start)
            let hunk = operations[start...end]
            let oldStart = Self.firstOld(hunk) ?? 0, newStart = Self.firstNew(hunk) ?? 0
            let oldCount = hunk.filter { if case .insert = $0 { return false }; return true }.count
            let newCount = hunk.filter { if case .delete = $0 { return false }; return true }.count
            out += "@@ -\(Self.range(oldStart, oldCount)) +\(Self.range(newStart, newCount)) @@\n"
            for operation in hunk {
                switch operation {
                case .keep(let a, _): out += Self.render(" ", before[a])
                case .delete(let a): out += Self.render("-", before[a])
                case .insert(let b): out += Self.render("+", after[b])
                }
            }
            index = end + 1
        }
        return out
    }

    private struct Line { let text: String; let terminated: Bool }

    private static func lines(_ bytes: [UInt8]) -> [Line] {
        var lines: [Line] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            lines.append(Line(text: String(decoding: bytes[start...index], as: UTF8.self), terminated: true))
            start = index + 1
        }
        if start < bytes.count { lines.append(Line(text: String(decoding: bytes[start...], as: UTF8.self), terminated: false)) }
        return lines
    }

    private static func render(_ marker: String, _ line: Line) -> String {
        marker + line.text + (line.terminated ? "" : "\n\\ No newline at end of file\n")
    }

    private static func isKeep(_ operation: Operation) -> Bool {
        if case .keep = operation { return true }
        return false
    }

    private static func firstOld(_ hunk: ArraySlice<Operation>) -> Int? {
        for operation in hunk {
            switch operation {
            case .keep(let a, _), .delete(let a): return a
            case .insert: continue
            }
        }
        return nil
    }

    private static func firstNew(_ hunk: ArraySlice<Operation>) -> Int? {
        for operation in hunk {
            switch operation {
            case .keep(_, let b), .insert(let b): return b
            case .delete: continue
            }
        }
        return nil
    }

    /// `start,count` with 1-based start; an empty side is `start,0` after the line before it.
    private static func range(_ start: Int, _ count: Int) -> String {
        count == 0 ? "\(start),0" : "\(start + 1),\(count)"
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
