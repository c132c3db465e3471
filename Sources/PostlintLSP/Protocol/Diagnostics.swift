/// A finding as the protocol carries it.
public struct LSPDiagnostic: Encodable, Sendable, Equatable {
    public struct CodeDescription: Encodable, Sendable, Equatable {
        public let href: String
    }

    public struct RelatedInformation: Encodable, Sendable, Equatable {
        public let location: LSPLocation
        public let message: String
    }

    public let range: LSPRange
    /// 1 error, 2 warning, 3 information, 4 hint.
    public let severity: Int
    /// The rule's code (`PL501`).
    public let code: String
    public let codeDescription: CodeDescription?
    public let source: String
    public let message: String
    public let relatedInformation: [RelatedInformation]?
    /// The rule's id, to find the finding again when a code action is asked for.
    public let data: String?
}

public struct PublishDiagnosticsParams: Encodable, Sendable {
    public let uri: String
    public let version: Int?
    public let diagnostics: [LSPDiagnostic]
}

public struct DocumentDiagnosticParams: Decodable, Sendable {
    public let textDocument: TextDocumentIdentifier
}

/// A full report (`kind: full`).
public struct DocumentDiagnosticReport: Encodable, Sendable {
    public let kind = "full"
    public let items: [LSPDiagnostic]
}

public struct CodeActionParams: Decodable, Sendable {
    /// The client's diagnostics are not read back: the server answers from its own findings
    /// for the range, which it knows exactly (clients may drop fields they do not show).
    public struct Context: Decodable, Sendable {
        public let only: [String]?
    }

    public let textDocument: TextDocumentIdentifier
    public let range: LSPRange
    public let context: Context
}

public struct CodeAction: Encodable, Sendable {
    public let title: String
    public let kind: String
    public let diagnostics: [LSPDiagnostic]?
    public let isPreferred: Bool?
    public let edit: WorkspaceEdit
}
