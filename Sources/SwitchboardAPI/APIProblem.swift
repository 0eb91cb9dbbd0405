public import SwitchboardHTTP
public import SwitchboardMessages

/// A refused REST request: the WebSocket ``ProtocolError`` it maps to, answered as RFC 9457
/// problem details (`application/problem+json`) with the same `code`.
public struct APIProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var error: ProtocolError
    /// The HTTP status; by default the code's (see ``status(for:)``).
    public var status: HTTPStatus
    /// Extra response fields (`WWW-Authenticate`, `Retry-After`, `Allow`).
    public var headers: HTTPHeaders

    public init(_ error: ProtocolError, status: HTTPStatus? = nil, headers: HTTPHeaders = []) {
        self.error = error
        self.status = status ?? Self.status(for: error.code)
        self.headers = headers
        if self.status.code == 401 && !headers.contains(name: "WWW-Authenticate") {
            self.headers.add(name: "WWW-Authenticate", value: #"Bearer realm="switchboard""#)
        }
    }

    public init(_ code: ErrorCode, _ detail: String, status: HTTPStatus? = nil, headers: HTTPHeaders = []) {
        self.init(ProtocolError(code, detail), status: status, headers: headers)
    }

    public var description: String { "\(status.code) \(error)" }

    /// The HTTP status of each error code.
    public static func status(for code: ErrorCode) -> HTTPStatus {
        switch code {
        case .badRequest: HTTPStatus(code: 400)
        case .unauthorized: HTTPStatus(code: 401)
        case .forbidden: HTTPStatus(code: 403)
        case .notFound: HTTPStatus(code: 404)
        case .conflict: HTTPStatus(code: 409)
        case .limitExceeded: HTTPStatus(code: 429)
        case .unavailable: HTTPStatus(code: 503)
        case .internalError: HTTPStatus(code: 500)
        }
    }

    /// The problem details document: `type` (`urn:switchboard:problem:<code>`), `title` (the
    /// status's reason phrase), `status`, `detail` (the WebSocket error's message), `code`,
    /// `instance` (`urn:switchboard:request:<id>`) and `requestId`.
    public func body(requestID: String) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 256)
        writer.value(.object([
            ("type", .string("urn:switchboard:problem:\(error.code.rawValue)")),
            ("title", .string(status.reasonPhrase)),
            ("status", .number(Double(status.code))),
            ("detail", .string(error.message)),
            ("code", .string(error.code.rawValue)),
            ("instance", .string("urn:switchboard:request:\(requestID)")),
            ("requestId", .string(requestID)),
        ]))
        return writer.bytes
    }
}
