import Foundation
import PostlintJSONRPC
import PostlintKit
import PostlintRunner

/// postlint's language server: reads JSON-RPC messages, keeps the open documents, lints them
/// as they change and answers the editor's requests. Nothing a document or a message holds
/// stops it: a bad message gets a JSON-RPC error, a post that cannot be read gets a diagnostic.
public final class LanguageServer: @unchecked Sendable {
    private let reader: MessageReader
    private let writer: MessageWriter
    private let configurations = DocumentConfigurations()
    private let lintQueue = DispatchQueue(label: "postlint.lsp.lint", attributes: .concurrent)
    private let now: () -> Date

    /// Guards everything below: the reading thread and lint workers both touch it.
    private let lock = NSLock()
    private var documents: [String: OpenDocument] = [:]
    /// The findings of each document's last lint, with the version they belong to.
    private var results: [String: (version: Int, diagnostics: [Diagnostic], catalogue: RuleCatalogue)] = [:]
    /// Documents being linted, and those that changed meanwhile and must be linted again.
    private var linting: Set<String> = []
    private var dirty: Set<String> = []
    private var encoding = PositionEncoding.utf16
    private var initialized = false
    /// Whether the client lets the server ask it to watch the configuration files.
    private var watchesFiles = false
    private var shutdownRequested = false
    private var failLevel: Severity?
    private var nextRequest = 1

    /// A server on standard input and output; `now` is the moment date rules judge against.
    public init(reader: MessageReader = MessageReader(), writer: MessageWriter = MessageWriter(), now: @escaping () -> Date = Date.init) {
        self.reader = reader
        self.writer = writer
        self.now = now
    }

    /// Serves until `exit`; returns the process's exit status (0 after `shutdown`, 1 otherwise).
    public func run() -> Int32 {
        while true {
            let body: [UInt8]
            do {
                body = try reader.next()
            } catch .endOfInput {
                return lock.withLock { shutdownRequested } ? 0 : 1
            } catch {
                writer.respond(to: nil, error: ResponseError(code: .parseError, message: "\(error)"))
                continue
            }
            let envelope: Envelope
            do {
                envelope = try Envelope(body)
            } catch {
                writer.respond(to: nil, error: error)
                continue
            }
            if envelope.method == "exit" { return lock.withLock { shutdownRequested } ? 0 : 1 }
            handle(envelope)
        }
    }

    private func handle(_ message: Envelope) {
        guard let method = message.method else { return } // a response to one of our requests
        let isInitialized = lock.withLock { initialized }
        if !isInitialized, method != "initialize" {
            if let id = message.id { writer.respond(to: id, error: ResponseError(code: .serverNotInitialized, message: "`initialize` first")) }
            return
        }
        do throws(ResponseError) {
            switch method {
            case "initialize": try initialize(message)
            case "initialized": if lock.withLock({ watchesFiles }) { registerWatchers() }
            case "shutdown":
                lock.withLock { shutdownRequested = true }
                if let id = message.id { writer.respondNull(to: id) }
            case "textDocument/didOpen": try didOpen(message.params(DidOpenTextDocumentParams.self))
            case "textDocument/didChange": try didChange(message.params(DidChangeTextDocumentParams.self))
            case "textDocument/didSave": schedule(try message.params(DidSaveTextDocumentParams.self).textDocument.uri)
            case "textDocument/didClose": didClose(try message.params(DidCloseTextDocumentParams.self).textDocument.uri)
            case "textDocument/diagnostic": reply(message, try pullDiagnostics(message.params(DocumentDiagnosticParams.self)))
            case "textDocument/codeAction": reply(message, try codeActions(message.params(CodeActionParams.self)))
            case "textDocument/formatting": reply(message, try format(message.params(DocumentFormattingParams.self)))
            case "textDocument/hover": reply(message, try hover(message.params(TextDocumentPositionParams.self)))
            case "workspace/didChangeConfiguration": try didChangeConfiguration(message.params(DidChangeConfigurationParams.self))
            case "workspace/didChangeWatchedFiles": didChangeWatchedFiles(try message.params(DidChangeWatchedFilesParams.self))
            case "$/cancelRequest", "$/setTrace", "$/progress": break
            default:
                // Unknown notifications are ignored, as the protocol asks; unknown requests are errors.
                if let id = message.id { writer.respond(to: id, error: ResponseError(code: .methodNotFound, message: "postlint does not handle `\(method)`")) }
            }
        } catch {
            if let id = message.id { writer.respond(to: id, error: error) } else { logMessage("\(method): \(error.message)") }
        }
    }

    private func reply<Result: Encodable>(_ message: Envelope, _ result: Result) {
        if let id = message.id { writer.respond(to: id, result: result) }
    }

    // MARK: - Lifecycle

    private func initialize(_ message: Envelope) throws(ResponseError) {
        let params = try message.params(InitializeParams.self)
        let negotiated = PositionEncoding.negotiate(params.capabilities?.general?.positionEncodings)
        if let settings = params.initializationOptions { apply(settings) }
        lock.withLock {
            encoding = negotiated
            initialized = true
            watchesFiles = params.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration == true
        }
        guard let id = message.id else { return }
        writer.respond(to: id, result: InitializeResult(
            capabilities: ServerCapabilities(positionEncoding: negotiated.rawValue),
            serverInfo: .init(name: "postlint", version: PostlintVersion.current)))
    }

    private func registerWatchers() {
        let id = lock.withLock { () -> Int in
            defer { nextRequest += 1 }
            return nextRequest
        }
        writer.request(.string("postlint-watch-\(id)"), "client/registerCapability", RegistrationParams(registrations: [
            .init(id: "postlint-configuration-files", method: "workspace/didChangeWatchedFiles",
                  registerOptions: .init(watchers: DocumentConfigurations.watchedGlobs.map { .init(globPattern: $0) })),
        ]))
    }

    private func apply(_ settings: EditorSettings) {
        configurations.update(settings)
        let level = settings.failLevel.flatMap { Severity(rawValue: $0.lowercased()) }
        lock.withLock { failLevel = level }
        if let given = settings.failLevel, level == nil {
            logMessage("failLevel `\(given)` is not a severity (error, warning, info); findings keep their own severity")
        }
    }

    private func didChangeConfiguration(_ params: DidChangeConfigurationParams) throws(ResponseError) {
        if let settings = params.settings.editor { apply(settings) }
        relintAll()
    }

    private func didChangeWatchedFiles(_ params: DidChangeWatchedFilesParams) {
        guard params.changes.contains(where: { DocumentConfigurations.isConfigurationFile(Self.path(of: $0.uri)) }) else { return }
        configurations.reload()
        relintAll()
    }

    private func relintAll() {
        for uri in lock.withLock({ Array(documents.keys) }) { schedule(uri) }
    }

    // MARK: - Documents

    private func didOpen(_ params: DidOpenTextDocumentParams) throws(ResponseError) {
        let item = params.textDocument
        lock.withLock {
            documents[item.uri] = OpenDocument(uri: item.uri, path: Self.path(of: item.uri), version: item.version, text: item.text)
        }
        schedule(item.uri)
    }

    private func didChange(_ params: DidChangeTextDocumentParams) throws(ResponseError) {
        let uri = params.textDocument.uri
        let failure = lock.withLock { () -> ResponseError? in
            guard var document = documents[uri] else { return ResponseError(code: .invalidParams, message: "\(uri) is not open") }
            do throws(OpenDocument.OutOfRange) {
                try document.apply(params.contentChanges.map { ($0.range, $0.text) }, version: params.textDocument.version, encoding: encoding)
            } catch {
                return ResponseError(code: .invalidParams, message: "\(uri): a change at line \(error.position.line + 1), character \(error.position.character) lies outside the document")
            }
            documents[uri] = document
            return nil
        }
        if let failure { throw failure }
        schedule(uri)
    }

    private func didClose(_ uri: String) {
        lock.withLock {
            documents[uri] = nil
            results[uri] = nil
        }
        writer.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams(uri: uri, version: nil, diagnostics: []))
    }

    // MARK: - Linting

    /// Lints the document now, unless a lint of it is running: then that lint's result is
    /// dropped when it ends, and the latest text is linted at once. Edits typed faster than a
    /// lint takes are thus coalesced, and no outdated finding is ever published.
    private func schedule(_ uri: String) {
        let start = lock.withLock { () -> Bool in
            if linting.contains(uri) {
                dirty.insert(uri)
                return false
            }
            linting.insert(uri)
            return true
        }
        if start { lintQueue.async { self.lintUntilCurrent(uri) } }
    }

    private func lintUntilCurrent(_ uri: String) {
        while true {
            guard let document = lock.withLock({ documents[uri] }) else {
                _ = lock.withLock { linting.remove(uri) }
                return
            }
            let (diagnostics, catalogue) = lint(document)
            let current = lock.withLock { () -> Bool in
                if dirty.remove(uri) != nil { return false }
                linting.remove(uri)
                guard documents[uri]?.version == document.version else { return false }
                results[uri] = (document.version, diagnostics, catalogue)
                return true
            }
            if current {
                let findings = self.findings(document, diagnostics, catalogue)
                writer.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams(
                    uri: uri, version: document.version, diagnostics: findings.protocolDiagnostics))
                return
            }
            if lock.withLock({ !linting.contains(uri) }) { return }
        }
    }

    /// The document's findings, or one diagnostic saying why it could not be linted.
    private func lint(_ document: OpenDocument) -> ([Diagnostic], RuleCatalogue) {
        switch configurations.configuration(for: document.path) {
        case .success(let configuration):
            let linter = Linter(environment: LintEnvironment(now: Int(now().timeIntervalSince1970)))
            return (linter.lint(Post(path: document.path, bytes: document.bytes), configuration: configuration), configuration.catalogue)
        case .failure(let error):
            let diagnostic = Diagnostic(
                path: document.path, code: "configuration", ruleID: "configuration", severity: .error,
                message: "the configuration does not load, so nothing was checked: \(error)", range: 0..<0,
                start: SourceLocation(line: 1, column: 1), end: SourceLocation(line: 1, column: 1), fix: nil)
            return ([diagnostic], .builtIn)
        }
    }

    /// The findings of the document as it stands now, linting it first if its last lint is older.
    private func currentFindings(_ uri: String) throws(ResponseError) -> Findings {
        let (document, stored) = lock.withLock { (documents[uri], results[uri]) }
        guard let document else { throw ResponseError(code: .invalidParams, message: "\(uri) is not open: send textDocument/didOpen first") }
        if let stored, stored.version == document.version { return findings(document, stored.diagnostics, stored.catalogue) }
        let (diagnostics, catalogue) = lint(document)
        return findings(document, diagnostics, catalogue)
    }

    private func findings(_ document: OpenDocument, _ diagnostics: [Diagnostic], _ catalogue: RuleCatalogue) -> Findings {
        let (encoding, failLevel) = lock.withLock { (self.encoding, self.failLevel) }
        return Findings(document: document, diagnostics: diagnostics, encoding: encoding, catalogue: catalogue, failLevel: failLevel)
    }

    // MARK: - Requests

    private func pullDiagnostics(_ params: DocumentDiagnosticParams) throws(ResponseError) -> DocumentDiagnosticReport {
        DocumentDiagnosticReport(items: try currentFindings(params.textDocument.uri).protocolDiagnostics)
    }

    private func codeActions(_ params: CodeActionParams) throws(ResponseError) -> [CodeAction] {
        let findings = try currentFindings(params.textDocument.uri)
        let only = params.context.only
        func wanted(_ kind: String) -> Bool { only.map { $0.contains { kind == $0 || kind.hasPrefix($0 + ".") } } ?? true }
        var actions: [CodeAction] = []
        if wanted("quickfix") { actions += findings.quickFixes(for: findings.diagnostics(touching: params.range)) }
        if wanted("source.fixAll.postlint"), findings.diagnostics.contains(where: { $0.fix?.kind == .safe }) {
            let edits = try safeFixEdits(findings)
            if !edits.isEmpty {
                actions.append(CodeAction(title: "Fix all safe postlint problems in this file", kind: "source.fixAll.postlint", diagnostics: nil,
                                          isPreferred: nil, edit: WorkspaceEdit(changes: [findings.document.uri: edits])))
            }
        }
        return actions
    }

    private func format(_ params: DocumentFormattingParams) throws(ResponseError) -> [LSPTextEdit] {
        try safeFixEdits(try currentFindings(params.textDocument.uri))
    }

    /// What `postlint fix` would change in the document, as edits.
    private func safeFixEdits(_ findings: Findings) throws(ResponseError) -> [LSPTextEdit] {
        let document = findings.document
        guard case .success(let configuration) = configurations.configuration(for: document.path) else { return [] }
        let linter = Linter(environment: LintEnvironment(now: Int(now().timeIntervalSince1970)))
        let result = Fixer(linter: linter, policy: Fixer.Policy(includeUnsafe: false, rules: []))
            .fix(path: document.path, bytes: document.bytes, configuration: configuration)
        return findings.edits(to: result.fixed)
    }

    private func hover(_ params: TextDocumentPositionParams) throws(ResponseError) -> Hover? {
        let findings = try currentFindings(params.textDocument.uri)
        let point = LSPRange(start: params.position, end: params.position)
        return findings.diagnostics(touching: point).first.flatMap(findings.hover)
    }

    private func logMessage(_ text: String) {
        struct LogMessage: Encodable { let type: Int; let message: String }
        writer.notify("window/logMessage", LogMessage(type: 2, message: "postlint: \(text)"))
    }

    /// The file path of a `file:` URI; another scheme (an unsaved buffer) is read as a post in
    /// the working folder, named after the URI's last part.
    static func path(of uri: String) -> String {
        if let url = URL(string: uri), url.isFileURL { return url.path }
        let name = uri.split(separator: "/").last.map(String.init) ?? "untitled.md"
        return name.contains(".") ? name : name + ".md"
    }
}
