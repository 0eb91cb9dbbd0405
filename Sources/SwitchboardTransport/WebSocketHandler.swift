/// The application's side of one WebSocket connection. Every method runs on the connection's
/// actor (its event loop), so the handler can answer synchronously through the `isolated`
/// connection (`connection.send(...)`) without spawning a task per message.
///
/// One handler instance serves one connection; the server creates it at the upgrade. It is
/// loop-bound like its connection: conformers are not `Sendable`.
public protocol WebSocketHandler: AnyObject {
    /// The upgrade completed; the connection is open.
    func webSocketDidOpen(_ connection: isolated WebSocketConnection)
    /// A complete text or binary message arrived.
    func webSocket(_ connection: isolated WebSocketConnection, didReceive message: WebSocketMessage)
    /// The connection is closed; `code` is the peer's close code, nil when it sent none (1005) or
    /// the TCP connection dropped without a close frame (1006).
    func webSocketDidClose(_ connection: isolated WebSocketConnection, code: WebSocketCloseCode?)
}

extension WebSocketHandler {
    public func webSocketDidOpen(_ connection: isolated WebSocketConnection) {}
    public func webSocketDidClose(_ connection: isolated WebSocketConnection, code: WebSocketCloseCode?) {}
}

/// A ``WebSocketHandler`` from closures, for small servers and tests.
public final class ClosureWebSocketHandler: WebSocketHandler {
    private let onMessage: (isolated WebSocketConnection, WebSocketMessage) -> Void
    private let onClose: (isolated WebSocketConnection, WebSocketCloseCode?) -> Void

    public init(onMessage: @escaping (isolated WebSocketConnection, WebSocketMessage) -> Void,
                onClose: @escaping (isolated WebSocketConnection, WebSocketCloseCode?) -> Void = { _, _ in }) {
        self.onMessage = onMessage
        self.onClose = onClose
    }

    public func webSocket(_ connection: isolated WebSocketConnection, didReceive message: WebSocketMessage) {
        onMessage(connection, message)
    }

    public func webSocketDidClose(_ connection: isolated WebSocketConnection, code: WebSocketCloseCode?) {
        onClose(connection, code)
    }
}

@available(*, unavailable)
extension ClosureWebSocketHandler: Sendable {}
