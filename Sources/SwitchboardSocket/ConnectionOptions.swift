/// Per-connection settings of the socket layer.
public struct ConnectionOptions: Sendable {
    /// Queued output above this many bytes (after a write attempt) means the peer reads too slowly:
    /// the connection is closed with ``SocketError/Kind/slowReader``. Each connection starts with
    /// this as its ``Connection/outputBudget``, which a protocol above may lower or raise.
    public var highWaterMark: Int
    /// Longest time a TLS handshake may take before the connection is closed.
    public var handshakeTimeout: Duration
    /// Longest time a client connect (TCP and TLS) may take.
    public var connectTimeout: Duration
    /// `SO_SNDBUF` to set on each socket, if any (small values exercise partial writes).
    public var sendBufferSize: Int?
    /// `SO_RCVBUF` to set on each socket, if any.
    public var receiveBufferSize: Int?

    public init(
        highWaterMark: Int = 16 << 20,
        handshakeTimeout: Duration = .seconds(10),
        connectTimeout: Duration = .seconds(10),
        sendBufferSize: Int? = nil,
        receiveBufferSize: Int? = nil
    ) {
        self.highWaterMark = highWaterMark
        self.handshakeTimeout = handshakeTimeout
        self.connectTimeout = connectTimeout
        self.sendBufferSize = sendBufferSize
        self.receiveBufferSize = receiveBufferSize
    }
}
