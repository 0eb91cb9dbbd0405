/// One client connection as the floor sees it: text frames in and out. The WebSocket client
/// implements it for real runs; tests use in-memory fakes.
public protocol BenchConnection: Sendable {
    /// Queues a text frame without waiting.
    func send(_ text: String)
    /// The next text frame, or nil once the connection is closed.
    func receive() async -> String?
    /// Starts closing the connection.
    func close()
}

/// Opens ``BenchConnection``s to one server.
public protocol BenchConnector: Sendable {
    func connect() async throws -> any BenchConnection
}
