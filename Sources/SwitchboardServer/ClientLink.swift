public import SwitchboardMessages
public import SwitchboardWebSocket

/// The server's handle on one client connection: where the routing owner sends messages.
///
/// Every method only enqueues and returns at once; a slow or dead client never holds up the
/// caller (the routing owner never awaits a socket).
public protocol ClientLink: AnyObject, Sendable {
    /// Unique among the server's connections.
    var id: ConnectionID { get }
    /// The client's IP address as text, for per-address limits and logs (`unknown` when none).
    var peerAddress: String { get }
    /// The connection holds one of the places kept for admins past `max_connections`.
    var isInReserve: Bool { get }
    /// The client logged in: it may now queue as much output as any client (before, a much smaller
    /// budget keeps unauthenticated connections from holding the server's memory), and it no longer
    /// counts against its address's unauthenticated connections.
    func authenticated()
    /// Queues one message for the client, in call order.
    func send(_ message: ServerMessage)
    /// Sends a close frame with `code` after what is queued, then closes.
    func close(code: WebSocketCloseCode, reason: String)
    /// The connection handed a request to the routing owner; returns how many are now in flight.
    func requestSubmitted() -> Int
    /// The routing owner handled one of the connection's requests.
    func requestHandled()
    /// Bytes sent to the connection and not yet taken by its socket (the event stream stops sending
    /// while a window's worth waits).
    func queuedOutputBytes() async -> Int
}

extension ClientLink {
    public var peerAddress: String { "unknown" }
    public var isInReserve: Bool { false }
    public func authenticated() {}
    public func requestSubmitted() -> Int { 0 }
    public func requestHandled() {}
    public func queuedOutputBytes() async -> Int { 0 }
}
