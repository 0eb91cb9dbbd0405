public import Logging
public import SwitchboardHTTP

/// One request handed to the application's ``HTTPResponder``: the head and the whole body (bounded
/// by ``HTTPServerConfiguration/httpLimits``), with what the transport knows of its connection.
public struct HTTPApplicationRequest: Sendable {
    public var head: HTTPRequestHead
    public var body: [UInt8]
    /// The request id: the client's `X-Request-Id` when it is a sane short token, else one made up
    /// (see ``RequestID``). The transport returns it in the response's `X-Request-Id`.
    public var requestID: String
    /// The connection's id (`"sb.conn.id"`).
    public var connectionID: UInt64
    /// The peer's IP address as text (`unknown` when none).
    public var peerAddress: String
    /// The server's logger with `"sb.conn.id"` and `"sb.request.id"` metadata: log about this request with it.
    public var logger: Logger

    public init(head: HTTPRequestHead, body: [UInt8] = [], requestID: String, connectionID: UInt64 = 0, peerAddress: String = "unknown",
                logger: Logger) {
        self.head = head
        self.body = body
        self.requestID = requestID
        self.connectionID = connectionID
        self.peerAddress = peerAddress
        self.logger = logger
    }
}
