import PostlintAdapters
import PostlintModel

/// A plain value read from YAML (rule files, options, configuration), scalars resolved.
public enum RuleValue: Sendable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([RuleValue])
    case map([(key: String, value: RuleValue)])

    public static func == (lhs: RuleValue, rhs: RuleValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.list(a), .list(b)): return a == b
        case let (.map(a), .map(b)): return a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        default: return false
        }
    }

    /// Converts a composed YAML node, resolving plain scalars as YAML 1.2's core schema does.
    public init(_ node: YAMLNode) {
        switch node.content {
        case .scalar(let text, let style):
            guard style == .plain else { self = .string(text); return }
            switch text {
            case "", "~", "null", "Null", "NULL": self = .null
            case "true", "True", "TRUE": self = .bool(true)
            case "false", "False", "FALSE": self = .bool(false)
            default:
                if let int = Int(text) { self = .int(int) } else if YAMLNode.resolve(text) == .float, let double = Double(text) {
                    self = .double(double)
                } else { self = .string(text) }
            }
        case .sequence(let items): self = .list(items.map(RuleValue.init))
        case .mapping(let pairs):
            self = .map(pairs.map { pair in
                let key: String
                if case .scalar(let text, _) = pair.key.content { key = text } else { key = "\(RuleValue(pair.key))" }
                return (key, RuleValue(pair.value))
            })
        }
    }

    public subscript(key: String) -> RuleValue? {
        guard case .map(let pairs) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    public var string: String? {
        switch self {
        case .string(let text): return text
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .bool(let value): return String(value)
        default: return nil
        }
    }

    public var int: Int? { if case .int(let value) = self { return value } else { return nil } }
    public var bool: Bool? { if case .bool(let value) = self { return value } else { return nil } }

    /// A list, or a single value read as a one-element list.
    public var list: [RuleValue] {
        switch self {
        case .list(let items): return items
        case .null: return []
        default: return [self]
        }
    }

    public var strings: [String] { list.compactMap(\.string) }

    public var entries: [(key: String, value: RuleValue)] {
        if case .map(let pairs) = self { return pairs }
        return []
    }

    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return String(value)
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .string(let text): return text
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .map(let pairs): return "{" + pairs.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }

    /// Parses YAML text into a value.
    public static func parse(yaml text: String) throws(YAMLComposeError) -> RuleValue {
        guard let node = try YAMLComposer.compose(text) else { return .null }
        return RuleValue(node)
    }
}
