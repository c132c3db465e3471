import Foundation

/// Writes framed JSON-RPC messages; safe to call from any thread (one message at a time).
public final class MessageWriter: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }()

    public init(descriptor: Int32 = STDOUT_FILENO) {
        self.descriptor = descriptor
    }

    /// A response to request `id`.
    public func respond(to id: RequestID, result: some Encodable) {
        send(Response(id: id, result: result))
    }

    /// A response to request `id` that carries `null`.
    public func respondNull(to id: RequestID) {
        send(Response<Null>(id: id, result: Null()))
    }

    /// An error response; `id` is nil when the request's id could not be read.
    public func respond(to id: RequestID?, error: ResponseError) {
        send(ErrorResponse(id: id, error: error))
    }

    /// A notification.
    public func notify(_ method: String, _ params: some Encodable) {
        send(Notification(method: method, params: params))
    }

    /// A request from the server to the client.
    public func request(_ id: RequestID, _ method: String, _ params: some Encodable) {
        send(Request(id: id, method: method, params: params))
    }

    private func send(_ message: some Encodable) {
        guard let body = try? encoder.encode(message) else { return }
        var frame = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
        frame += body
        lock.withLock {
            frame.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0, errno == EINTR { continue }
                    guard written > 0 else { return }
                    offset += written
                }
            }
        }
    }
}

/// JSON `null`.
public struct Null: Codable, Sendable {
    public init() {}
    public init(from decoder: Decoder) throws {}
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encodeNil()
    }
}

private struct Response<Result: Encodable>: Encodable {
    let jsonrpc = "2.0"
    let id: RequestID
    let result: Result
}

private struct ErrorResponse: Encodable {
    let jsonrpc = "2.0"
    let id: RequestID?

    let error: ResponseError

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(jsonrpc, forKey: .jsonrpc)
        // JSON-RPC wants `"id": null` when the request's id is unknown.
        if let id { try container.encode(id, forKey: .id) } else { try container.encodeNil(forKey: .id) }
        try container.encode(error, forKey: .error)
    }

    enum CodingKeys: String, CodingKey { case jsonrpc, id, error }
}

private struct Notification<Params: Encodable>: Encodable {
    let jsonrpc = "2.0"
    let method: String
    let params: Params
}

private struct Request<Params: Encodable>: Encodable {
    let jsonrpc = "2.0"
    let id: RequestID
    let method: String
    let params: Params
}
