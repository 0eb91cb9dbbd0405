import Logging
public import SwitchboardTransport

/// A ``BenchConnection`` over the project's own WebSocket client.
public struct WebSocketBenchConnection: BenchConnection {
    public let connection: WebSocketConnection

    public init(_ connection: WebSocketConnection) {
        self.connection = connection
    }

    public func send(_ text: String) {
        // On the connection's loop (the floor runs there) this writes at once; elsewhere it hops without a task.
        connection.enqueue(.text(text))
    }

    public func close() {
        connection.enqueueClose(code: .normalClosure, reason: "bench done")
    }

    /// Closes the socket without a close frame: the server sees the TCP connection end mid-session.
    public func drop() {
        connection.socket.requestClose(afterFlush: false)
    }
}

/// Hands each text message to the inbox on the connection's loop thread, as the frame is parsed.
final class InboxWebSocketHandler: WebSocketHandler {
    let index: Int
    let inbox: any BenchInbox

    init(index: Int, inbox: any BenchInbox) {
        self.index = index
        self.inbox = inbox
    }

    func webSocket(_ connection: isolated WebSocketConnection, didReceive message: WebSocketMessage) {
        // The protocol is text only; a binary frame would be a server bug, and is skipped here.
        guard message.kind == .text else { return }
        inbox.received(String(decoding: message.payload, as: UTF8.self), on: index)
    }

    func webSocketDidClose(_ connection: isolated WebSocketConnection, code: WebSocketCloseCode?) {
        inbox.closed(index, reason: "closed by the server (code \(code.map { "\($0.rawValue)" } ?? "none"))")
    }
}

@available(*, unavailable)
extension InboxWebSocketHandler: Sendable {}

/// Connects to one `ws://` or `wss://` URL with a shared ``WebSocketClient``. Every floor connection
/// runs on the client's first loop, with the floor, so delivery and replies need no thread switch.
public struct WebSocketBenchConnector: BenchConnector {
    public let url: String
    public let client: WebSocketClient

    public init(url: String, client: WebSocketClient) {
        self.url = url
        self.client = client
    }

    public var loop: EventLoop { client.group.loops[0] }

    public func connect(_ index: Int, inbox: any BenchInbox) async throws -> any BenchConnection {
        WebSocketBenchConnection(try await client.connect(url, on: loop) {
            InboxWebSocketHandler(index: index, inbox: inbox)
        })
    }

    /// A connection that buffers its messages for `receive()` (the echo mode), on the client's loops in turn.
    public func connectBuffered() async throws -> WebSocketConnection {
        try await client.connect(url)
    }
}
