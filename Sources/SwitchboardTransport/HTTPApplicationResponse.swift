public import SwitchboardHTTP

/// The application's answer to an ``HTTPApplicationRequest``: a status, header fields, and a body
/// either in memory (sent with `Content-Length`) or streamed (chunked transfer encoding on HTTP/1.1;
/// on HTTP/1.0 the connection closes after it).
public struct HTTPApplicationResponse: Sendable {
    /// A response body.
    public enum Body: Sendable {
        /// All of it, now.
        case bytes([UInt8])
        /// Written by the closure as it is produced. The closure runs in a task the connection cancels
        /// when the peer goes away; each ``HTTPBodyWriter/write(_:)`` waits while the connection has
        /// too much queued, and throws once the connection is closed. The body ends when it returns;
        /// if it throws, the connection is closed without the final chunk (the peer sees a truncated body).
        case stream(@Sendable (HTTPBodyWriter) async throws -> Void)
    }

    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: Body

    public init(status: HTTPStatus, headers: HTTPHeaders = [], body: Body = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A body read from `sequence` chunk by chunk, each written as it arrives.
    public static func stream<Chunks: AsyncSequence & Sendable>(_ sequence: Chunks) -> Body where Chunks.Element == [UInt8] {
        .stream { writer in
            for try await chunk in sequence {
                try await writer.write(chunk)
            }
        }
    }
}
