/// What the server reads of `initialize`: the position encodings the client offers, the
/// workspace and the editor settings passed as initialization options.
public struct InitializeParams: Decodable, Sendable {
    public struct Capabilities: Decodable, Sendable {
        public struct General: Decodable, Sendable {
            public let positionEncodings: [String]?
        }
        public struct Workspace: Decodable, Sendable {
            public struct Registration: Decodable, Sendable {
                public let dynamicRegistration: Bool?
            }
            public let didChangeWatchedFiles: Registration?
        }
        public let general: General?
        public let workspace: Workspace?
    }

    public let capabilities: Capabilities?
    public let rootUri: String?
    public let initializationOptions: EditorSettings?
}

/// Settings an editor may pass (in `initializationOptions`, or under `postlint` in
/// `workspace/didChangeConfiguration`).
public struct EditorSettings: Codable, Sendable, Equatable {
    /// Findings at or above this severity (`error`, `warning`, `info`) are shown as errors: they
    /// would fail `postlint check` at that `--fail-level`. The rest keep their own severity.
    public var failLevel: String?
    /// Presets (`recommended`, `strict`, `finews`, …) for documents no `.postlint.yml` governs.
    public var presets: [String]?

    public init(failLevel: String? = nil, presets: [String]? = nil) {
        self.failLevel = failLevel
        self.presets = presets
    }
}

public struct DidChangeConfigurationParams: Decodable, Sendable {
    /// Either the settings themselves or an object holding them under `postlint`.
    public let settings: Settings

    public struct Settings: Decodable, Sendable {
        public let editor: EditorSettings?

        private enum Keys: String, CodingKey { case postlint }

        public init(from decoder: Decoder) throws {
            if let container = try? decoder.container(keyedBy: Keys.self), container.contains(.postlint) {
                editor = try container.decode(EditorSettings.self, forKey: .postlint)
            } else {
                editor = try? EditorSettings(from: decoder)
            }
        }
    }
}

public struct InitializeResult: Encodable, Sendable {
    public struct ServerInfo: Encodable, Sendable {
        public let name: String
        public let version: String
    }

    public let capabilities: ServerCapabilities
    public let serverInfo: ServerInfo
}

public struct ServerCapabilities: Encodable, Sendable {
    public struct TextDocumentSync: Encodable, Sendable {
        public let openClose = true
        /// 2: incremental.
        public let change = 2
        public let save = Save()

        public struct Save: Encodable, Sendable {
            public let includeText = false
        }
    }

    public struct CodeActionOptions: Encodable, Sendable {
        public let codeActionKinds = ["quickfix", "source.fixAll.postlint"]
        public let resolveProvider = false
    }

    public struct DiagnosticOptions: Encodable, Sendable {
        public let identifier = "postlint"
        public let interFileDependencies = false
        public let workspaceDiagnostics = false
    }

    public let positionEncoding: String
    public let textDocumentSync = TextDocumentSync()
    public let codeActionProvider = CodeActionOptions()
    public let documentFormattingProvider = true
    public let hoverProvider = true
    public let diagnosticProvider = DiagnosticOptions()
}

public struct DidChangeWatchedFilesParams: Decodable, Sendable {
    public struct FileEvent: Decodable, Sendable {
        public let uri: String
        public let type: Int
    }

    public let changes: [FileEvent]
}

/// `client/registerCapability`, used to ask for `workspace/didChangeWatchedFiles` on the
/// configuration files.
public struct RegistrationParams: Encodable, Sendable {
    public struct Registration: Encodable, Sendable {
        public let id: String
        public let method: String
        public let registerOptions: WatchOptions
    }

    public struct WatchOptions: Encodable, Sendable {
        public struct Watcher: Encodable, Sendable {
            public let globPattern: String
        }
        public let watchers: [Watcher]
    }

    public let registrations: [Registration]
}
