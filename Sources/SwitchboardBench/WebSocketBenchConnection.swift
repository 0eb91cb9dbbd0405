import Logging
import SwitchboardTransport

/// A ``BenchConnection`` over the project's own WebSocket client.
public struct WebSocketBenchConnection: BenchConnection {
    public let connection: WebSocketConnection

    public init(_ connection: WebSocketConnection) {
        self.connection = connection
    }

    public func send(_ text: String) {
        connection.enqueue(.text(text))
    }

    public func receive() async -> String? {
        while let message = await connection.receive() {
            // The protocol is text only; a binary frame would be a server bug, and is skipped here.
            if message.kind == .text { return String(decoding: message.payload, as: UTF8.self) }
        }
        return nil
    }

    public func close() {
        connection.enqueueClose(code: .normalClosure, reason: "bench done")
    }
}

/// Connects to one `ws://` or `wss://` URL with a shared ``WebSocketClient``.
public struct WebSocketBenchConnector: BenchConnector {
    public let url: String
    public let client: WebSocketClient

    public init(url: String, client: WebSocketClient) {
        self.url = url
        self.client = client
    }

    public func connect() async throws -> any BenchConnection {
        WebSocketBenchConnection(try await client.connect(url))
    }
}
