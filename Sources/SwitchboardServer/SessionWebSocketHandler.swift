import SwitchboardMessages
import SwitchboardTransport

/// WebSocket settings of the endpoint.
public struct EndpointSettings: Sendable, Hashable {
    /// Largest message accepted (`server.limits.max_message_bytes`).
    public var maxMessageBytes: Int
    /// Silence after which the server pings (`ping_interval_seconds`).
    public var pingInterval: Duration
    /// Silence (no frame, not even a pong) after which the client counts as gone (`presence_timeout_seconds`).
    public var presenceTimeout: Duration

    public init(maxMessageBytes: Int = 65_536, pingInterval: Duration = .seconds(10), presenceTimeout: Duration = .seconds(30)) {
        self.maxMessageBytes = maxMessageBytes
        self.pingInterval = pingInterval
        self.presenceTimeout = presenceTimeout
    }

    /// The transport's WebSocket settings: pings after `pingInterval` of silence, and the
    /// connection dropped after `presenceTimeout` without any frame (pongs included), which the
    /// session reports to the routing owner as a disconnect.
    var webSocket: WebSocketStateMachine.Configuration {
        WebSocketStateMachine.Configuration(maxMessageSize: maxMessageBytes, pingInterval: pingInterval,
                                            idleTimeout: presenceTimeout, closeTimeout: .seconds(5))
    }
}

/// Joins one transport WebSocket connection to a ``Session``: messages in, the session's link out.
/// Runs on the connection's loop; it only enqueues, so the loop never waits for routing.
final class SessionWebSocketHandler: WebSocketHandler {
    let context: SessionContext
    var session: Session?

    init(context: SessionContext) {
        self.context = context
    }

    func webSocketDidOpen(_ connection: isolated WebSocketConnection) {
        session = Session(link: WebSocketLink(connection: connection), context: context)
    }

    func webSocket(_ connection: isolated WebSocketConnection, didReceive message: WebSocketMessage) {
        switch message.kind {
        case .text: session?.receive(text: String(decoding: message.payload, as: UTF8.self))
        case .binary: session?.receiveBinary()
        }
    }

    func webSocketDidClose(_ connection: isolated WebSocketConnection, code: WebSocketCloseCode?) {
        session?.connectionClosed()
        session = nil
    }
}

/// The ``ClientLink`` of a transport WebSocket: encodes on the caller's thread, then hops to the
/// connection's loop to write, so the routing owner never waits for a socket.
final class WebSocketLink: ClientLink {
    let connection: WebSocketConnection
    let peerAddress: String

    /// Call while the connection is open (its descriptor then belongs to it).
    init(connection: WebSocketConnection) {
        self.connection = connection
        peerAddress = connection.socket.peerAddress
    }

    var id: UInt64 { connection.id }
    var isInReserve: Bool { connection.isInReserve }

    func authenticated() {
        connection.raiseOutputBudget(to: connection.socket.options.highWaterMark)
        connection.socket.releaseAddressPlace()
    }

    func send(_ message: ServerMessage) {
        connection.enqueue(WebSocketMessage(kind: .text, payload: MessageEncoder.encode(message)))
    }

    func close(code: UInt16, reason: String) {
        connection.enqueueClose(code: WebSocketCloseCode(code), reason: reason)
    }
}
