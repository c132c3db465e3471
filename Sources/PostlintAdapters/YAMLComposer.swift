// The only file that uses libyaml (its public API, Debian's libyaml-dev). It composes YAML from libyaml's events into
// a node tree with positions, and guards against inputs
// that would exhaust the stack or expand without bound. Events, not Yams' own composer: its node
// graph, tags and resolver cost more than the rest of parsing a short post, and none of them is
// needed here.
import CLibYAML

/// A YAML node: a scalar, a mapping that keeps every pair in order (duplicates included), or a
/// sequence, with the positions where it starts and ends.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(String, YAMLScalarStyle)
        case mapping([YAMLPair])
        case sequence([YAMLNode])
    }

    public let content: Content
    /// Where the node starts: its first character, or its anchor or tag.
    public let mark: YAMLMark
    /// Where the node ends, as libyaml marks it: past a scalar's last character (a quoted one's
    /// closing quote, a block scalar's last line break), past a flow collection's bracket, and
    /// for a block collection where its last item ends. An alias ends where the alias does.
    public let end: YAMLMark

    public init(content: Content, mark: YAMLMark, end: YAMLMark) {
        self.content = content
        self.mark = mark
        self.end = end
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

    /// Composes the only document of `text`; nil for an empty stream.
    public static func compose(_ text: String) throws(YAMLComposeError) -> YAMLNode? {
        if let mark = excessiveNesting(in: text) {
            throw YAMLComposeError(problem: "nesting is deeper than \(maximumDepth) levels", mark: mark)
        }
        return try EventComposer(Array(text.utf8)).composeSingleDocument()
    }

    /// Flow brackets and block indentation both bound the depth the composer will recurse to.
    private static func excessiveNesting(in text: String) -> YAMLMark? {
        guard mayNestTooDeep(text) else { return nil }
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

extension YAMLComposer {
    /// The test of `excessiveNesting` on bytes, without positions: every byte it counts is
    /// ASCII, so the answer is the same, and most front matter is found fine this way.
    fileprivate static func mayNestTooDeep(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var depth = 0, indent = 0, atLineStart = true
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\n"):
                    indent = 0
                    atLineStart = true
                    continue
                case UInt8(ascii: " ") where atLineStart:
                    indent += 1
                    if indent > maximumDepth * 4 { return true }
                    continue
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    depth += 1
                    if depth > maximumDepth { return true }
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    depth = max(0, depth - 1)
                default:
                    break
                }
                atLineStart = false
            }
            return false
        }
    }
}

/// One libyaml parser over one text, turned into nodes event by event.
private final class EventComposer {
    /// What the composer needs of a libyaml event, copied out so the event can be freed at once.
    enum Event {
        case streamStart, streamEnd, documentStart(YAMLMark), documentEnd
        case scalar(String, YAMLScalarStyle, anchor: String?, YAMLMark, end: YAMLMark)
        /// `flow` for `[…]`, whose end event ends at its bracket; a block sequence's ends where
        /// the next token starts, past comments and blank lines.
        case sequenceStart(anchor: String?, YAMLMark, flow: Bool), sequenceEnd(end: YAMLMark)
        case mappingStart(anchor: String?, YAMLMark, flow: Bool), mappingEnd(end: YAMLMark)
        case alias(String, YAMLMark, end: YAMLMark)
    }

    private var parser = yaml_parser_t()
    /// libyaml reads the input in place for as long as it parses; this copy lives as long.
    private let input: UnsafeMutableBufferPointer<UInt8>
    /// Anchored nodes with the number of nodes each expands to.
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    private var budget = YAMLComposer.maximumNodes
    /// Whether an alias has spent part of the budget, which the message then blames.
    private var expandedAlias = false

    init(_ bytes: [UInt8]) {
        input = .allocate(capacity: max(1, bytes.count))
        _ = input.initialize(from: bytes)
        yaml_parser_initialize(&parser)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, input.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(&parser)
        input.deallocate()
    }

    /// The stream's one document, or nil when it has none; a second document is an error.
    func composeSingleDocument() throws(YAMLComposeError) -> YAMLNode? {
        _ = try next() // the stream start
        if case .streamEnd = try next() { return nil }
        let root = try node(try next()).node
        _ = try next() // the document end
        let after = try next()
        if case .documentStart(let mark) = after {
            throw YAMLComposeError(problem: "but found another document expected a single document in the stream", mark: mark)
        }
        return root
    }

    /// A node and the number of nodes it stands for once its aliases are expanded.
    private func node(_ event: Event) throws(YAMLComposeError) -> (node: YAMLNode, size: Int) {
        switch event {
        case .alias(let name, let mark, let end):
            guard let anchored = anchors[name] else { throw YAMLComposeError(problem: "found undefined alias", mark: mark) }
            expandedAlias = true
            try spend(anchored.size, at: mark)
            return (YAMLNode(content: anchored.node.content, mark: mark, end: end), anchored.size)
        case .scalar(let value, let style, let anchor, let mark, let end):
            try spend(1, at: mark)
            return remember((YAMLNode(content: .scalar(value, style), mark: mark, end: end), 1), as: anchor)
        case .sequenceStart(let anchor, let mark, let flow):
            try spend(1, at: mark)
            var items: [YAMLNode] = []
            var size = 1
            var end = mark
            while true {
                let event = try next()
                if case .sequenceEnd(let closing) = event {
                    end = flow || items.isEmpty ? closing : items[items.count - 1].end
                    break
                }
                let item = try node(event)
                items.append(item.node)
                size += item.size
            }
            return remember((YAMLNode(content: .sequence(items), mark: mark, end: end), size), as: anchor)
        case .mappingStart(let anchor, let mark, let flow):
            try spend(1, at: mark)
            var pairs: [YAMLPair] = []
            var size = 1
            var end = mark
            while true {
                let event = try next()
                if case .mappingEnd(let closing) = event {
                    end = flow || pairs.isEmpty ? closing : pairs[pairs.count - 1].value.end
                    break
                }
                let key = try node(event)
                let value = try node(try next())
                pairs.append(YAMLPair(key: key.node, value: value.node))
                size += key.size + value.size
            }
            return remember((YAMLNode(content: .mapping(pairs), mark: mark, end: end), size), as: anchor)
        default:
            throw YAMLComposeError(problem: "unexpected event in the YAML stream", mark: nil)
        }
    }

    private func remember(_ composed: (node: YAMLNode, size: Int), as anchor: String?) -> (node: YAMLNode, size: Int) {
        if let anchor { anchors[anchor] = composed }
        return composed
    }

    private func spend(_ nodes: Int, at mark: YAMLMark) throws(YAMLComposeError) {
        budget -= nodes
        guard budget >= 0 else {
            if expandedAlias {
                throw YAMLComposeError(problem: "aliases expand to more than \(YAMLComposer.maximumNodes) nodes", mark: mark)
            }
            throw YAMLComposeError(problem: "more than \(YAMLComposer.maximumNodes) values, lists and mappings, more than postlint reads in a front matter", mark: mark)
        }
    }

    private func next() throws(YAMLComposeError) -> Event {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { throw failure() }
        defer { yaml_event_delete(&event) }
        let mark = YAMLMark(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
        let end = YAMLMark(line: event.end_mark.line + 1, column: event.end_mark.column + 1)
        switch event.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_STREAM_END_EVENT: return .streamEnd
        case YAML_DOCUMENT_START_EVENT: return .documentStart(mark)
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_ALIAS_EVENT: return .alias(Self.string(event.data.alias.anchor) ?? "", mark, end: end)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let value = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            return .scalar(value, Self.style(scalar.style), anchor: Self.string(scalar.anchor), mark, end: end)
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            return .sequenceStart(anchor: Self.string(start.anchor), mark, flow: start.style == YAML_FLOW_SEQUENCE_STYLE)
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd(end: end)
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            return .mappingStart(anchor: Self.string(start.anchor), mark, flow: start.style == YAML_FLOW_MAPPING_STYLE)
        case YAML_MAPPING_END_EVENT: return .mappingEnd(end: end)
        default: throw YAMLComposeError(problem: "unexpected event in the YAML stream", mark: mark)
        }
    }

    /// libyaml's reason and place, worded as libyaml words them: the problem, then its context.
    private func failure() -> YAMLComposeError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return YAMLComposeError(problem: "out of memory", mark: nil)
        case YAML_READER_ERROR:
            // The reader gives a byte offset, not a line and column.
            return YAMLComposeError(problem: problem, mark: mark(atByte: parser.problem_offset))
        default:
            let detail = parser.context.map { "\(problem) \(String(cString: $0))" } ?? problem
            return YAMLComposeError(problem: detail, mark: YAMLMark(line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1))
        }
    }

    /// The 1-based line and scalar column of a byte offset into the input.
    private func mark(atByte offset: Int) -> YAMLMark {
        var line = 1, column = 1
        for byte in input.prefix(min(offset, input.count)) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return YAMLMark(line: line, column: column)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }
}
