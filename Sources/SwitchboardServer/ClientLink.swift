import SwitchboardMessages

/// The server's handle on one client connection: where the routing owner sends messages.
///
/// Both methods only enqueue and return at once; a slow or dead client never holds up the
/// caller (the routing owner never awaits a socket).
public protocol ClientLink: AnyObject, Sendable {
    /// Unique among the server's connections.
    var id: UInt64 { get }
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
    func close(code: UInt16, reason: String)
}

extension ClientLink {
    public var peerAddress: String { "unknown" }
    public var isInReserve: Bool { false }
    public func authenticated() {}
}

/// WebSocket close codes the server uses.
public enum CloseCode {
    /// Server shutting down.
    public static let goingAway: UInt16 = 1001
    /// A binary frame: the protocol speaks text only.
    public static let unsupportedData: UInt16 = 1003
    /// No hello in time, bad token, a refused login, messages far beyond the allowed rate, or replaced
    /// by a newer login of the same agent.
    public static let policyViolation: UInt16 = 1008
}
