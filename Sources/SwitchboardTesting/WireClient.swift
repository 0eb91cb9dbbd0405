/// A client speaking the wire protocol (JSON text messages), over a real socket or in-process.
public protocol WireClient: AnyObject, Sendable {
    func send(_ text: String) async throws
    /// The next text message, or nil once the connection is closed.
    func receive() async throws -> String?
    func close() async
}
