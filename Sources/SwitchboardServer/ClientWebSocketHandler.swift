import SwitchboardTransport

/// Joins one transport WebSocket to a ``ClientConnection``: messages in, on the connection's loop.
final class ClientWebSocketHandler: WebSocketHandler {
    let context: ConnectionContext
    var client: ClientConnection?

    init(context: ConnectionContext) {
        self.context = context
    }

    func webSocketDidOpen(_ connection: isolated WebSocketConnection) {
        client = ClientConnection(link: WebSocketLink(connection: connection), loop: connection.socket.loop, context: context)
    }

    func webSocket(_ connection: isolated WebSocketConnection, didReceive message: WebSocketMessage) {
        switch message.kind {
        case .text: client?.receive(message.payload)
        case .binary: client?.receiveBinary()
        }
    }

    func webSocketDidClose(_ connection: isolated WebSocketConnection, code: WebSocketCloseCode?) {
        client?.closed()
        client = nil
    }
}

@available(*, unavailable)
extension ClientWebSocketHandler: Sendable {}
