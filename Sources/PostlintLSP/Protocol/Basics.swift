// The Language Server Protocol 3.17 types postlint's server reads and writes, and no others.
// Field names are the protocol's; optional fields the server never sends are left out.

/// A position: zero-based line, and character offset counted in the negotiated encoding.
public struct Position: Codable, Sendable, Equatable {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }
}

public struct LSPRange: Codable, Sendable, Equatable {
    public var start: Position
    public var end: Position

    public init(start: Position, end: Position) {
        self.start = start
        self.end = end
    }
}

public struct LSPLocation: Codable, Sendable, Equatable {
    public let uri: String
    public let range: LSPRange
}

public struct LSPTextEdit: Codable, Sendable, Equatable {
    public let range: LSPRange
    public let newText: String
}

public struct WorkspaceEdit: Codable, Sendable {
    public let changes: [String: [LSPTextEdit]]
}

public struct TextDocumentIdentifier: Codable, Sendable {
    public let uri: String
}

public struct VersionedTextDocumentIdentifier: Codable, Sendable {
    public let uri: String
    public let version: Int
}

public struct TextDocumentItem: Codable, Sendable {
    public let uri: String
    public let languageId: String
    public let version: Int
    public let text: String
}

public struct MarkupContent: Codable, Sendable {
    public let kind: String
    public let value: String
}
