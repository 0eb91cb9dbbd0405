public import SwitchboardSocket

/// One client connection as the floor sees it: text frames out. Frames in are pushed to a ``BenchInbox``
/// by whoever reads them. The WebSocket client implements it for real runs; tests use in-memory fakes.
public protocol BenchConnection: Sendable {
    /// Queues a text frame without waiting.
    func send(_ text: String)
    /// Starts closing the connection.
    func close()
    /// Closes the connection at once, without a goodbye to the peer (a lost network).
    func drop()
}

extension BenchConnection {
    /// Connections that cannot tell the two apart close.
    public func drop() { close() }
}

/// Where connections deliver what they read, synchronously on the thread that read it (for a
/// WebSocket connection: its event loop), so a frame reaches the floor without a task switch.
public protocol BenchInbox: AnyObject, Sendable {
    /// A text frame arrived on connection `index`.
    func received(_ text: String, on index: Int)
    /// Connection `index` is closed.
    func closed(_ index: Int, reason: String)
}

/// Opens ``BenchConnection``s to one server.
public protocol BenchConnector: Sendable {
    /// The loop that runs the floor's timers; connections that deliver on it share its thread.
    var loop: EventLoop { get }
    /// Opens connection `index`, delivering its frames to `inbox`.
    func connect(_ index: Int, inbox: any BenchInbox) async throws -> any BenchConnection
}
