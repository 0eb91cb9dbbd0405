public import SwitchboardTransport

/// A ``WireClient`` on a connection of the transport's `WebSocketClient`: the real client side of
/// the socket, handshake and frames.
public final class TransportClient: WireClient {
    public let connection: WebSocketConnection

    public init(_ connection: WebSocketConnection) {
        self.connection = connection
    }

    /// Connects to the server on loopback `port`.
    public static func connect(_ client: WebSocketClient, port: Int, path: String = "/v1/ws") async throws -> TransportClient {
        TransportClient(try await client.connect("ws://127.0.0.1:\(port)\(path)"))
    }

    public func send(_ text: String) async throws {
        await connection.send(text: text)
    }

    public func sendBinary(_ bytes: [UInt8]) async {
        await connection.send(binary: bytes)
    }

    /// The next text message (binary ones are skipped), or nil once the connection is closed.
    public func receive() async throws -> String? {
        while let message = await connection.receive() {
            if let text = message.text { return text }
        }
        return nil
    }

    /// Waits for the close; returns the server's close code.
    public func closedCode() async throws -> UInt16? {
        await connection.waitUntilClosed()?.rawValue
    }

    public func close() async {
        await connection.close()
    }

    /// Stops answering pings, like a client whose process froze (TCP stays open).
    public func goSilent() async {
        await connection.stopAnsweringPings()
    }
}
