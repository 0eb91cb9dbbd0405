/// Why an opening handshake was refused, with the HTTP status a server should answer with.
public struct WebSocketHandshakeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which check failed.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let methodNotGet = Code("methodNotGet")
        public static let unsupportedHTTPVersion = Code("unsupportedHTTPVersion")
        public static let missingUpgrade = Code("missingUpgrade")
        public static let missingConnectionUpgrade = Code("missingConnectionUpgrade")
        public static let unsupportedVersion = Code("unsupportedVersion")
        public static let invalidKey = Code("invalidKey")
        /// (Client) the server answered with a status other than 101.
        public static let unexpectedStatus = Code("unexpectedStatus")
        /// (Client) Sec-WebSocket-Accept is missing or does not match the key.
        public static let invalidAccept = Code("invalidAccept")
        /// (Client) the server selected an extension or subprotocol that was not offered.
        public static let unrequestedNegotiation = Code("unrequestedNegotiation")
    }

    public let code: Code
    /// The status a server should respond with (400, 405, 426); 0 for client-side errors.
    public let status: Int
    /// Headers the error response must carry (`Sec-WebSocket-Version: 13` with 426, `Allow: GET` with 405).
    public let responseHeaders: [(name: String, value: String)]
    /// What was received and what was expected.
    public let detail: String

    init(_ code: Code, status: Int, detail: String, responseHeaders: [(name: String, value: String)] = []) {
        self.code = code
        self.status = status
        self.detail = detail
        self.responseHeaders = responseHeaders
    }

    public var description: String { "\(code): \(detail)" }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.code == rhs.code && lhs.status == rhs.status && lhs.detail == rhs.detail
            && lhs.responseHeaders.elementsEqual(rhs.responseHeaders, by: { $0 == $1 })
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(status)
        hasher.combine(detail)
    }
}
