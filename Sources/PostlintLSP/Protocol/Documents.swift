public struct DidOpenTextDocumentParams: Decodable, Sendable {
    public let textDocument: TextDocumentItem
}

public struct DidChangeTextDocumentParams: Decodable, Sendable {
    /// A change: the whole text when `range` is absent, else the text that replaces `range`.
    public struct Change: Decodable, Sendable {
        public let range: LSPRange?
        public let text: String
    }

    public let textDocument: VersionedTextDocumentIdentifier
    public let contentChanges: [Change]
}

public struct DidCloseTextDocumentParams: Decodable, Sendable {
    public let textDocument: TextDocumentIdentifier
}

public struct DidSaveTextDocumentParams: Decodable, Sendable {
    public let textDocument: TextDocumentIdentifier
}

public struct TextDocumentPositionParams: Decodable, Sendable {
    public let textDocument: TextDocumentIdentifier
    public let position: Position
}

public struct DocumentFormattingParams: Decodable, Sendable {
    public let textDocument: TextDocumentIdentifier
}

public struct Hover: Encodable, Sendable {
    public let contents: MarkupContent
    public let range: LSPRange
}
