import PostlintAdapters
import PostlintModel

/// A rule file that does not say what a rule must say.
public struct RuleFileError: Error, Sendable, CustomStringConvertible {
    public let origin: String
    public let message: String
    public var description: String { "\(origin): \(message)" }
}

/// Reads one rule's YAML file into a `RuleDescriptor`, checking every field.
enum RuleDescriptorLoader {
    static let categories = ["meta", "front-matter", "dates", "attribution", "html", "typography", "text"]
    static let variants = ["emoji", "crlf", "suppression"]

    static func load(text: String, origin: String) throws(RuleFileError) -> RuleDescriptor {
        let value: RuleValue
        do {
            value = try RuleValue.parse(yaml: withoutExamples(text))
        } catch {
            let place = error.mark.map { ":\($0.line):\($0.column)" } ?? ""
            throw RuleFileError(origin: origin + place, message: "invalid YAML: \(error.problem)")
        }
        func require(_ key: String) throws(RuleFileError) -> String {
            guard let text = value[key]?.string, !text.isEmpty else {
                throw RuleFileError(origin: origin, message: "`\(key)` is missing or empty")
            }
            return text
        }
        let code = try require("code")
        let letters = code.prefix { $0.isASCII && $0.isUppercase }, digits = code.dropFirst(letters.count)
        guard letters.count >= 2, digits.count >= 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw RuleFileError(origin: origin, message: "code `\(code)` is not letters followed by digits, like PL101")
        }
        let id = try require("id")
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) } }) else {
            throw RuleFileError(origin: origin, message: "id `\(id)` is not kebab-case")
        }
        let category = try require("category")
        guard categories.contains(category) else {
            throw RuleFileError(origin: origin, message: "category `\(category)` is not one of \(categories.joined(separator: ", "))")
        }
        guard let severity = Severity(rawValue: try require("severity")) else {
            throw RuleFileError(origin: origin, message: "severity must be error, warning or info")
        }
        guard let fix = FixKind(rawValue: value["fix"]?.string ?? "none") else {
            throw RuleFileError(origin: origin, message: "fix must be none, safe or unsafe")
        }
        let appliesTo = try kinds(value["applies-to"], origin: origin)
        var options: [RuleOption] = []
        for (name, spec) in value["options"]?.entries ?? [] {
            guard let defaultValue = spec["default"] else {
                throw RuleFileError(origin: origin, message: "option `\(name)` has no `default`")
            }
            options.append(RuleOption(name: name, defaultValue: defaultValue, description: spec["description"]?.string ?? ""))
        }
        return RuleDescriptor(
            code: code, id: id, category: category, severity: severity, fix: fix,
            enabledByDefault: value["enabled"]?.bool ?? true,
            summary: try require("summary"), rationale: value["rationale"]?.string ?? "",
            check: try require("check"), options: options, text: text,
            engine: value["engine"] ?? .null, origin: origin, appliesTo: appliesTo, cleans: value["cleans"]?.bool ?? false)
    }

    /// Rules that do not say which kinds of file they apply to (a site's own rule files) apply
    /// to what is written by hand: posts, drafts, collection documents and pages.
    static let defaultKinds: Set<DocumentKind> = [.post, .draft, .document, .page]

    /// `applies-to`: a list of kinds, or `all`.
    private static func kinds(_ value: RuleValue?, origin: String) throws(RuleFileError) -> Set<DocumentKind> {
        guard let value, value != .null else { return defaultKinds }
        if value.string == "all" { return Set(DocumentKind.allCases) }
        let names = value.strings
        let known = DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")
        guard !names.isEmpty else {
            throw RuleFileError(origin: origin, message: "`applies-to` is empty; expected `all` or a list of \(known)")
        }
        var kinds: Set<DocumentKind> = []
        for name in names {
            guard let kind = DocumentKind(rawValue: name) else {
                throw RuleFileError(origin: origin, message: "`applies-to` names `\(name)`, which is not one of all, \(known)")
            }
            kinds.insert(kind)
        }
        return kinds
    }

    /// The text without its top-level `examples:` block, which is most of a rule file and is not
    /// needed to lint.
    static func withoutExamples(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let marker = Array("\nexamples:".utf8)
        let found = bytes.withUnsafeBufferPointer { haystack in marker.withUnsafeBufferPointer { ByteSearch.firstOffset(of: $0, in: haystack) } }
        guard let start = found else { return text }
        // The block ends at the next line that starts at column 0 with a key.
        var end = bytes.count
        var index = start + marker.count
        while index < bytes.count {
            if bytes[index] == 0x0A, index + 1 < bytes.count, ![0x20, 0x09, 0x23, 0x0A].contains(bytes[index + 1]) {
                end = index
                break
            }
            index += 1
        }
        return String(decoding: bytes[..<start] + bytes[end...], as: UTF8.self)
    }

    static func examples(_ value: RuleValue?, origin: String) throws(RuleFileError) -> RuleExamples {
        guard let value else { throw RuleFileError(origin: origin, message: "`examples` is missing") }
        guard let context = RuleExamples.Context(rawValue: value["context"]?.string ?? "file") else {
            throw RuleFileError(origin: origin, message: "examples.context must be file or body")
        }
        let chosen = value["variants"].map(\.strings) ?? variants
        if let unknown = chosen.first(where: { !variants.contains($0) }) {
            throw RuleFileError(origin: origin, message: "unknown example variant `\(unknown)`")
        }
        func list(_ key: String) throws(RuleFileError) -> [RuleExample] {
            var result: [RuleExample] = []
            for item in value[key]?.list ?? [] {
                if let text = item.string {
                    result.append(RuleExample(text: text, fixed: nil, path: nil, options: [:], rawBytes: false, timezone: nil))
                } else if let text = item["text"]?.string {
                    var options: [String: RuleValue] = [:]
                    for (name, option) in item["options"]?.entries ?? [] { options[name] = option }
                    result.append(RuleExample(
                        text: text, fixed: item["fixed"]?.string, path: item["path"]?.string, options: options,
                        rawBytes: item["raw-bytes"]?.bool ?? false, timezone: item["timezone"]?.string))
                } else {
                    throw RuleFileError(origin: origin, message: "an example in `\(key)` has no text")
                }
            }
            return result
        }
        let bad = try list("bad"), good = try list("good")
        if let fixed = good.first(where: { $0.fixed != nil }) {
            throw RuleFileError(origin: origin, message: "a good example has `fixed` (\(fixed.text.prefix(30))…); only bad ones are fixed")
        }
        guard !bad.isEmpty, !good.isEmpty else {
            throw RuleFileError(origin: origin, message: "a rule needs at least one bad and one good example")
        }
        return RuleExamples(context: context, variants: chosen, bad: bad, good: good)
    }
}
