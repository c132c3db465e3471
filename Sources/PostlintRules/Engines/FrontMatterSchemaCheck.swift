import Foundation
import PostlintAdapters
import PostlintModel

/// The declarative front-matter engine. A rule using it states constraints in its options:
///
/// - `required: [key…]` — keys every post must have;
/// - `non-empty: [key…]` — keys that, when present, must not be empty;
/// - `types: {key: string | list | string-or-list | bool | int | number | date}`;
/// - `no-spaces: [key…]` — values (or list items) must not contain white space;
/// - `allowed: {key: [value…]}` — the only values a key may take (an empty list allows any).
struct FrontMatterSchemaCheck: RuleCheck {
    /// The constraints, read from the options once per configuration.
    final class Schema: Sendable {
        let required: [String]
        let nonEmpty: [String]
        let types: [(key: String, expected: String)]
        let noSpaces: [String]
        let allowed: [(key: String, values: [String], set: Set<String>)]

        init(_ option: (String) -> RuleValue) {
            required = option("required").strings
            nonEmpty = option("non-empty").strings
            types = option("types").entries.compactMap { key, type in type.string.map { (key, $0) } }
            noSpaces = option("no-spaces").strings
            allowed = option("allowed").entries.compactMap { key, values in
                let strings = values.strings
                return strings.isEmpty ? nil : (key, strings, Set(strings))
            }
        }
    }

    func prepare(_ option: (String) -> RuleValue) -> (AnyObject & Sendable)? {
        Schema(option)
    }

    func check(_ post: Post, _ context: RuleContext) -> [Finding] {
        // Broken or unterminated front matter has its own findings; guessing at keys would add noise.
        guard let frontMatter = post.frontMatter, frontMatter.error == nil, frontMatter.closing != nil else { return [] }
        let schema = context.derived.prepared as? Schema ?? Schema(context.option)
        var findings: [Finding] = []
        for key in schema.required where frontMatter.entry(key) == nil && !Self.jekyllSupplies(key, post, context.environment) {
            findings.append(Finding(
                range: frontMatter.opening,
                message: "front matter has no `\(key)`; this site requires it"))
        }
        for key in schema.nonEmpty {
            guard let entry = frontMatter.entry(key), isEmpty(entry.value) else { continue }
            findings.append(Finding(
                range: entry.keyRange.lowerBound..<max(entry.valueRange.upperBound, entry.keyRange.upperBound),
                message: "`\(key)` is empty; give it a value or remove the key"))
        }
        for (key, expected) in schema.types {
            guard let entry = frontMatter.entry(key), !isEmpty(entry.value),
                  let actual = mismatch(entry.value, expected: expected) else { continue }
            findings.append(Finding(
                range: entry.valueRange,
                message: "`\(key)` is \(actual); expected \(describe(expected))"))
        }
        for key in schema.noSpaces {
            guard let entry = frontMatter.entry(key) else { continue }
            findings.append(contentsOf: spaceFindings(entry, post: post, frontMatter: frontMatter))
        }
        for (key, allowed, set) in schema.allowed {
            guard let entry = frontMatter.entry(key) else { continue }
            for (value, range) in values(of: entry, post: post, frontMatter: frontMatter) where !set.contains(value) {
                findings.append(Finding(
                    range: range,
                    message: "`\(key)` is `\(value)`, which this site does not use; expected one of \(allowed.map { "`\($0)`" }.joined(separator: ", "))"))
            }
        }
        return findings
    }

    /// Whether Jekyll gives the file `key` without its front matter: a key the site's
    /// `defaults:` set, a post's `date` from its `YYYY-MM-DD-` file name, a draft's `date` (it has
    /// none until it is published).
    static func jekyllSupplies(_ key: String, _ post: Post, _ environment: LintEnvironment) -> Bool {
        if environment.defaultKeys.contains(key) { return true }
        guard key == "date" else { return false }
        return environment.kind == .draft || FileNameDate(post.fileName) != nil
    }

    private func isEmpty(_ node: YAMLNode) -> Bool {
        switch node.content {
        case .scalar(let text, let style):
            return text.isBlank || (style == .plain && node.scalarType == .null)
        case .sequence(let items): return items.isEmpty
        case .mapping(let pairs): return pairs.isEmpty
        }
    }

    /// What the value is, when it is not what `expected` names.
    private func mismatch(_ node: YAMLNode, expected: String) -> String? {
        let actual: String
        switch node.content {
        case .scalar: actual = node.scalarType?.rawValue ?? "string"
        case .sequence(let items):
            let scalars = items.allSatisfy { $0.scalarType == .string }
            actual = scalars ? "list" : "a list holding more than strings"
        case .mapping: actual = "mapping"
        }
        let accepted: Bool
        switch expected {
        case "string-or-list": accepted = actual == "string" || actual == "list"
        case "number": accepted = actual == "int" || actual == "float"
        case "date": accepted = actual == "timestamp" || actual == "string"
        default: accepted = actual == expected
        }
        if accepted { return nil }
        return actual.hasPrefix("a ") ? actual : "a YAML \(actual)"
    }

    private func describe(_ type: String) -> String {
        switch type {
        case "string-or-list": return "a string or a list of strings"
        case "list": return "a list of strings"
        case "number": return "a number"
        default: return "a \(type)"
        }
    }

    private func spaceFindings(_ entry: FrontMatterEntry, post: Post, frontMatter: FrontMatter) -> [Finding] {
        switch entry.value.content {
        case .scalar(let text, _) where text.containsWhitespace:
            let parts = text.wordsBetweenWhitespace.map { "`\($0)`" }.joined(separator: ", ")
            return [Finding(
                range: entry.valueRange,
                message: "`\(entry.key)` is `\(text)`, which Jekyll splits at spaces into \(parts); use a list, or join the words with `-`")]
        case .sequence:
            return values(of: entry, post: post, frontMatter: frontMatter)
                .filter { $0.value.containsWhitespace }
                .map { Finding(range: $0.range, message: "`\(entry.key)` item `\($0.value)` contains a space, which ends up in its URL; join the words with `-`") }
        default:
            return []
        }
    }

    /// The scalar values of an entry (one, or each list item) with their byte ranges.
    private func values(of entry: FrontMatterEntry, post: Post, frontMatter: FrontMatter) -> [(value: String, range: Range<Int>)] {
        switch entry.value.content {
        case .scalar(let text, _):
            return [(text, entry.valueRange)]
        case .sequence(let items):
            return items.compactMap { item in
                guard case .scalar(let text, _) = item.content else { return nil }
                let start = post.source.offset(line: frontMatter.yamlFirstLine + item.mark.line - 1, scalarColumn: item.mark.column)
                let quoted = item.style == .plain ? 0 : 2
                return (text, start..<min(start + text.utf8.count + quoted, post.source.count))
            }
        case .mapping:
            return []
        }
    }
}
