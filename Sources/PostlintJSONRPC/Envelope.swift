import Foundation

/// A request's id: JSON-RPC allows a number or a string.
public enum RequestID: Codable, Hashable, Sendable, CustomStringConvertible {
    case number(Int)
    case string(String)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) { self = .number(number) } else { self = .string(try container.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .string(let string): try container.encode(string)
        }
    }

    public var description: String {
        switch self {
        case .number(let number): return String(number)
        case .string(let string): return string.debugDescription
        }
    }
}

/// What every incoming message is read as first: a request (id and method), a notification
/// (method only) or a response to a request of ours (id, no method). Its parameters are read
/// again, typed, by `params(_:)`: decoding twice costs less than a hand-written JSON tree.
public struct Envelope {
    public let id: RequestID?
    public let method: String?
    /// The message as it came, for `params`.
    public let body: [UInt8]

    private struct Head: Decodable {
        let id: RequestID?
        let method: String?
    }

    private struct Body<Params: Decodable>: Decodable {
        let params: Params
    }

    /// Reads the envelope, or throws a parse error (`-32700`) or an invalid request (`-32600`).
    public init(_ body: [UInt8]) throws(ResponseError) {
        let head: Head
        do {
            head = try JSONDecoder().decode(Head.self, from: Data(body))
        } catch DecodingError.dataCorrupted {
            throw ResponseError(code: .parseError, message: "the message is not JSON")
        } catch {
            throw ResponseError(code: .invalidRequest, message: "the message is not a JSON-RPC object: \(error)")
        }
        id = head.id
        method = head.method
        self.body = body
    }

    /// The parameters, typed; an invalid-params error (`-32602`) says what did not fit.
    public func params<Params: Decodable>(_ type: Params.Type) throws(ResponseError) -> Params {
        do {
            return try JSONDecoder().decode(Body<Params>.self, from: Data(body)).params
        } catch {
            throw ResponseError(code: .invalidParams, message: "`\(method ?? "")` parameters: \(Self.describe(error))")
        }
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "`\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))` is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "`\(context.codingPath.map(\.stringValue).joined(separator: "."))`: \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}

/// A JSON-RPC error.
public struct ResponseError: Error, Codable, Sendable, Equatable {
    public struct Code: RawRepresentable, Codable, Sendable, Equatable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let parseError = Code(rawValue: -32700)
        public static let invalidRequest = Code(rawValue: -32600)
        public static let methodNotFound = Code(rawValue: -32601)
        public static let invalidParams = Code(rawValue: -32602)
        public static let internalError = Code(rawValue: -32603)
        /// LSP: a request before `initialize`.
        public static let serverNotInitialized = Code(rawValue: -32002)
        /// LSP: the request was cancelled by the client.
        public static let requestCancelled = Code(rawValue: -32800)
        /// LSP: the document changed, so the answer would be out of date.
        public static let contentModified = Code(rawValue: -32801)
    }

    public let code: Code
    public let message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }
}
