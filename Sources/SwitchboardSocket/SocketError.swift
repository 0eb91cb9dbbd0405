#if canImport(Glibc)
public import Glibc
#endif

/// An error of the socket layer: the operation that failed, its `errno` and the system's message,
/// or a protocol-level reason (TLS, slow reader, timeout).
public struct SocketError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``SocketError``; new categories may be added.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case system, tls, slowReader, timedOut, invalidAddress, closed, endOfStream
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A system call failed; see ``SocketError/errno``.
        public static let system = Kind(.system)
        /// OpenSSL reported an error (handshake, certificate, record).
        public static let tls = Kind(.tls)
        /// The peer read too slowly: queued output passed the connection's high-water mark.
        public static let slowReader = Kind(.slowReader)
        /// A deadline (connect, TLS handshake, idle) passed.
        public static let timedOut = Kind(.timedOut)
        /// A host or port that cannot be used as a socket address.
        public static let invalidAddress = Kind(.invalidAddress)
        /// The connection or event loop was already closed.
        public static let closed = Kind(.closed)
        /// The peer closed its side of the connection.
        public static let endOfStream = Kind(.endOfStream)

        public var description: String { base.rawValue }
    }

    /// The category of the failure.
    public let kind: Kind
    /// The operation that failed, e.g. `"accept"` or `"epoll_ctl EPOLL_CTL_ADD"`.
    public let operation: String
    /// The `errno` value for ``Kind/system`` errors, otherwise 0.
    public let errno: Int32
    /// Human-readable detail: `strerror(errno)` or the protocol-level reason.
    public let detail: String

    public init(kind: Kind, operation: String, errno: Int32 = 0, detail: String) {
        self.kind = kind
        self.operation = operation
        self.errno = errno
        self.detail = detail
    }

    /// A ``Kind/system`` error for `operation` from the calling thread's current `errno`.
    public static func makeFailed(_ operation: String, errno code: Int32 = Glibc.errno) -> SocketError {
        SocketError(kind: .system, operation: operation, errno: code, detail: String(cString: strerror(code)))
    }

    public var description: String {
        if kind == .system {
            return "\(operation) failed: \(detail) (errno \(errno))"
        }
        return "\(operation) failed (\(kind)): \(detail)"
    }
}
