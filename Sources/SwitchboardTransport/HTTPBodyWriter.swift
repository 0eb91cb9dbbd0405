import SwitchboardSocket

/// Writes a streamed response body to its connection (see ``HTTPApplicationResponse/Body/stream(_:)``).
///
/// Each chunk is queued on the connection's loop; when more than
/// ``HTTPServerConfiguration/streamHighWaterMark`` bytes are queued for the peer, `write` waits until
/// the peer has read them down below it, so a slow reader slows the producer instead of growing
/// the server's memory.
public struct HTTPBodyWriter: Sendable {
    let connection: HTTPServerConnection
    let generation: UInt64

    /// Writes one chunk (an empty one writes nothing).
    /// - Throws: ``HTTPBodyWriterError`` once the connection is closed (the peer went away); the
    ///   producer should stop.
    public func write(_ bytes: [UInt8]) async throws(HTTPBodyWriterError) {
        guard !bytes.isEmpty else { return }
        try await connection.writeBodyChunk(bytes, generation: generation)
    }

    /// Writes one chunk of UTF-8 text.
    public func write(_ text: String) async throws(HTTPBodyWriterError) {
        try await write(Array(text.utf8))
    }
}

/// A streamed body could not be written: the connection closed before or while it was written.
public struct HTTPBodyWriterError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
