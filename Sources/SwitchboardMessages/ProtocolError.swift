/// The `code` of an `error` reply, as documented in `docs/PROTOCOL.md`.
public enum ErrorCode: String, Sendable, CaseIterable {
    /// Malformed JSON, an unknown `type`, or a missing or ill-typed field (the message names it).
    case badRequest = "bad_request"
    /// `hello` with a token the configuration does not know; the connection is then closed with 1008.
    case unauthorized
    /// A message the connection's role may not send.
    case forbidden
    /// The interaction, agent or queue named does not exist (or is not visible to this client).
    case notFound = "not_found"
    /// The request is well formed but not valid now (e.g. accepting an offer that already expired).
    case conflict
    /// The queue is at its maximum size, or the server refuses new work (store unavailable).
    case unavailable
    /// A per-connection or per-principal limit was reached: messages sent faster than the allowed rate,
    /// or more connections for one principal than allowed, or too many failed logins from one address.
    case limitExceeded = "limit_exceeded"
    /// Anything else; the message says what.
    case internalError = "internal_error"
}

/// A request the server could not accept, answered with `{"type":"error","code":…,"message":…}`.
public struct ProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String
    /// The request's `ref`, when the frame was parsed far enough to read it.
    public var ref: String?

    public init(_ code: ErrorCode, _ message: String, ref: String? = nil) {
        self.code = code
        self.message = message
        self.ref = ref
    }

    public var description: String { "\(code.rawValue): \(message)" }

    static func badRequest(_ message: String, ref: String? = nil) -> ProtocolError {
        ProtocolError(.badRequest, message, ref: ref)
    }
}
