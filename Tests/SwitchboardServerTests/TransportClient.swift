import SwitchboardTransport

/// A client on the transport's `WebSocketClient`.
final class TransportClient: WireClient {
    let connection: WebSocketConnection

    init(_ connection: WebSocketConnection) {
        self.connection = connection
    }

    static func connect(_ client: WebSocketClient, port: Int) async throws -> TransportClient {
        TransportClient(try await client.connect("ws://127.0.0.1:\(port)/v1/ws"))
    }

    func send(_ text: String) async throws {
        await connection.send(text: text)
    }

    func sendBinary(_ bytes: [UInt8]) async {
        await connection.send(binary: bytes)
    }

    func receive() async throws -> String? {
        while let message = await connection.receive() {
            if let text = message.text { return text }
        }
        return nil
    }

    /// Waits for the close; returns the server's close code.
    func closedCode() async throws -> UInt16? {
        await connection.waitUntilClosed()?.rawValue
    }

    func close() async {
        await connection.close()
    }
}
