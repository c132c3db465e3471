// The only file that imports Yams. It composes YAML into a node tree with positions and
// guards against inputs that would exhaust the stack or expand without bound.
import Yams

/// A YAML node: a scalar, a mapping that keeps every pair in order (duplicates included), or a
/// sequence, with the position where it starts.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(String, YAMLScalarStyle)
        case mapping([YAMLPair])
        case sequence([YAMLNode])
    }

    public let content: Content
    public let mark: YAMLMark

    public init(content: Content, mark: YAMLMark) {
        self.content = content
        self.mark = mark
    }
}

/// A key and its value in a mapping.
public struct YAMLPair: Sendable {
    public let key: YAMLNode
    public let value: YAMLNode
}

/// How a scalar was written.
public enum YAMLScalarStyle: Sendable, Equatable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

/// A 1-based line and a 1-based column counted in Unicode scalars, relative to the YAML text.
public struct YAMLMark: Sendable, Equatable {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// Why YAML could not be composed; `mark` is where the problem is, when known.
public struct YAMLComposeError: Error, Sendable {
    public let problem: String
    public let mark: YAMLMark?
}

/// Composes YAML 1.1 text into `YAMLNode`s.
public enum YAMLComposer {
    /// Nesting beyond this is refused before parsing: the composer recurses once per level.
    public static let maximumDepth = 256
    /// Aliases share nodes; a tree that expands past this many nodes is refused ("billion laughs").
    public static let maximumNodes = 100_000

    /// Composes the first document of `text`; nil for an empty document.
    public static func compose(_ text: String) throws(YAMLComposeError) -> YAMLNode? {
        if let mark = excessiveNesting(in: text) {
            throw YAMLComposeError(problem: "nesting is deeper than \(maximumDepth) levels", mark: mark)
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw convert(error)
        } catch {
            throw YAMLComposeError(problem: "\(error)", mark: nil)
        }
        guard let root else { return nil }
        var budget = maximumNodes
        return try convert(root, budget: &budget)
    }

    private static func convert(_ node: Node, budget: inout Int) throws(YAMLComposeError) -> YAMLNode {
        budget -= 1
        let mark = node.mark.map { YAMLMark(line: $0.line, column: $0.column) } ?? YAMLMark(line: 1, column: 1)
        guard budget >= 0 else {
            throw YAMLComposeError(problem: "aliases expand to more than \(maximumNodes) nodes", mark: mark)
        }
        switch node {
        case .scalar(let scalar):
            return YAMLNode(content: .scalar(scalar.string, style(scalar.style)), mark: mark)
        case .mapping(let mapping):
            var pairs: [YAMLPair] = []
            pairs.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                pairs.append(YAMLPair(key: try convert(key, budget: &budget), value: try convert(value, budget: &budget)))
            }
            return YAMLNode(content: .mapping(pairs), mark: mark)
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            for item in sequence { items.append(try convert(item, budget: &budget)) }
            return YAMLNode(content: .sequence(items), mark: mark)
        }
    }

    private static func style(_ style: Node.Scalar.Style) -> YAMLScalarStyle {
        switch style {
        case .singleQuoted: return .singleQuoted
        case .doubleQuoted: return .doubleQuoted
        case .literal: return .literal
        case .folded: return .folded
        default: return .plain
        }
    }

    private static func convert(_ error: YamlError) -> YAMLComposeError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return YAMLComposeError(problem: detail, mark: YAMLMark(line: mark.line, column: mark.column))
        case let .reader(problem, _, _, _):
            return YAMLComposeError(problem: problem, mark: nil)
        default:
            return YAMLComposeError(problem: "\(error)", mark: nil)
        }
    }

    /// Flow brackets and block indentation both bound the depth the composer will recurse to.
    private static func excessiveNesting(in text: String) -> YAMLMark? {
        var line = 1, column = 0, depth = 0, indent = 0, atLineStart = true
        for scalar in text.unicodeScalars {
            column += 1
            switch scalar {
            case "\n":
                line += 1; column = 0; indent = 0; atLineStart = true
                continue
            case " " where atLineStart:
                indent += 1
                if indent > maximumDepth * 4 { return YAMLMark(line: line, column: column) }
                continue
            case "[", "{":
                depth += 1
                if depth > maximumDepth { return YAMLMark(line: line, column: column) }
            case "]", "}":
                depth = max(0, depth - 1)
            default:
                break
            }
            atLineStart = false
        }
        return nil
    }
}
