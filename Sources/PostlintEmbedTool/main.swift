// Writes a Swift file holding the text of every YAML file under the rules folder, keyed by its
// path relative to that folder, and the registry of the Swift checks found under the checks
// folder (each names its rule with `static let ruleID = "…"`). Fails, naming the rule, when a
// rule file with `check: swift` has no Swift check or a Swift check has no rule file, so that
// a broken pairing stops the build rather than a run. Run by the EmbedRules build plugin; not
// part of postlint.
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 4 else {
    FileHandle.standardError.write(Data("usage: PostlintEmbedTool RULES_DIR CHECKS_DIR OUTPUT.swift\n".utf8))
    exit(2)
}

/// Every file under `folder` whose name ends in one of `extensions`, with its path below it.
func files(under folder: String, _ extensions: Set<String>) -> [(path: String, url: URL)] {
    let root = URL(fileURLWithPath: folder).standardizedFileURL
    var found: [(String, URL)] = []
    if let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) {
        for case let url as URL in walker where extensions.contains(url.pathExtension) {
            found.append((String(url.standardizedFileURL.path.dropFirst(root.path.count + 1)), url))
        }
    }
    return found.sorted { $0.0 < $1.0 }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    exit(1)
}

var entries: [(path: String, text: String)] = []
for (path, url) in files(under: arguments[1], ["yml", "yaml"]) {
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { fail("Rules/\(path) is not readable UTF-8") }
    entries.append((path, text))
}

/// The value of a top-level `key: value` line of a rule file.
func field(_ key: String, in text: String) -> String? {
    for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
        return line.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
    }
    return nil
}

// The rule files whose logic is Swift, by id.
var swiftRules: [String: String] = [:]
for entry in entries where field("check", in: entry.text) == "swift" {
    guard let id = field("id", in: entry.text) else { fail("Rules/\(entry.path) has `check: swift` but no `id`") }
    swiftRules[id] = entry.path
}

// The Swift checks, by the rule they name: a type declared on one line that conforms to
// SwiftRuleCheck, and the `static let ruleID = "…"` that is the first line of its body. Read
// line by line: the tool also runs in sanitizer builds, where Swift's Regex reports leaks.
/// The type a declaration line declares when it conforms to SwiftRuleCheck.
func checkType(declaredBy line: Substring) -> String? {
    guard line.contains("SwiftRuleCheck"), line.hasSuffix("{") else { return nil }
    let words = line.split(whereSeparator: { $0 == " " || $0 == ":" || $0 == "," || $0 == "<" || $0 == "{" })
    guard let keyword = words.firstIndex(where: { $0 == "struct" || $0 == "class" }), keyword + 1 < words.count else { return nil }
    return String(words[keyword + 1])
}

/// The id in `static let ruleID = "id"`.
func ruleID(in line: Substring) -> String? {
    let prefix = "static let ruleID = \""
    let trimmed = line.drop { $0 == " " }
    guard trimmed.hasPrefix(prefix), trimmed.hasSuffix("\"") else { return nil }
    return String(trimmed.dropFirst(prefix.count).dropLast())
}

var checks: [String: (type: String, file: String)] = [:]
let checksFolder = URL(fileURLWithPath: arguments[2]).lastPathComponent
for (path, url) in files(under: arguments[2], ["swift"]).map({ (checksFolder + "/" + $0.path, $0.url) }) {
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for (index, line) in lines.enumerated() {
        guard let type = checkType(declaredBy: line) else { continue }
        guard index + 1 < lines.count, let id = ruleID(in: lines[index + 1]) else {
            fail("\(path): \(type) conforms to SwiftRuleCheck, but its body does not start with `static let ruleID = \"…\"`")
        }
        if let other = checks[id] { fail("\(path): \(type) and \(other.type) (\(other.file)) both check the rule `\(id)`") }
        checks[id] = (type, path)
    }
}
for (id, path) in swiftRules.sorted(by: { $0.key < $1.key }) where checks[id] == nil {
    fail("Rules/\(path): the rule `\(id)` has `check: swift`, but no Swift check declares `static let ruleID = \"\(id)\"`")
}
for (id, check) in checks.sorted(by: { $0.key < $1.key }) where swiftRules[id] == nil {
    fail("\(check.file): \(check.type) checks the rule `\(id)`, but no file in Rules/ defines it with `check: swift`")
}

/// A raw string literal whose delimiter cannot occur in the text.
func literal(_ text: String) -> String {
    var hashes = "#"
    while text.contains("\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
    // The newline before the closing delimiter is not part of the literal's value.
    return hashes + "\"\"\"\n" + text + "\n\"\"\"" + hashes
}

var out = "// Generated from Rules/ and the Swift checks by the EmbedRules plugin. Do not edit.\n\n"
out += "let embeddedCatalogueFiles: [(path: String, text: String)] = [\n"
for entry in entries {
    out += "    (\(String(reflecting: entry.path)), \(literal(entry.text))),\n"
}
out += "]\n\n"
out += "/// The rules whose logic is Swift, by the id their rule file gives (`check: swift`).\n"
out += "let generatedSwiftChecks: [String: any RuleCheck] = [\n"
for (id, check) in checks.sorted(by: { $0.key < $1.key }) {
    out += "    \(String(reflecting: id)): \(check.type)(),\n"
}
out += "]\n"
let target = URL(fileURLWithPath: arguments[3])
if (try? String(contentsOf: target, encoding: .utf8)) != out {
    try out.write(to: target, atomically: true, encoding: .utf8)
}
