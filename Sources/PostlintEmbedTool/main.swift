// Writes a Swift file holding the text of every YAML file under a folder, keyed by its
// path relative to that folder. Run by the EmbedRules build plugin; not part of postlint.
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: PostlintEmbedTool RULES_DIR OUTPUT.swift\n".utf8))
    exit(2)
}
let root = URL(fileURLWithPath: arguments[1]).standardizedFileURL
var entries: [(path: String, text: String)] = []
if let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) {
    for case let url as URL in walker where ["yml", "yaml"].contains(url.pathExtension) {
        let path = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            FileHandle.standardError.write(Data("error: Rules/\(path) is not readable UTF-8\n".utf8))
            exit(1)
        }
        entries.append((path, text))
    }
}
entries.sort { $0.path < $1.path }

/// A raw string literal whose delimiter cannot occur in the text.
func literal(_ text: String) -> String {
    var hashes = "#"
    while text.contains("\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
    // The newline before the closing delimiter is not part of the literal's value.
    return hashes + "\"\"\"\n" + text + "\n\"\"\"" + hashes
}

var out = "// Generated from Rules/ by the EmbedRules plugin. Do not edit.\n\n"
out += "let embeddedCatalogueFiles: [(path: String, text: String)] = [\n"
for entry in entries {
    out += "    (\(String(reflecting: entry.path)), \(literal(entry.text))),\n"
}
out += "]\n"
let target = URL(fileURLWithPath: arguments[2])
if (try? String(contentsOf: target, encoding: .utf8)) != out {
    try out.write(to: target, atomically: true, encoding: .utf8)
}
