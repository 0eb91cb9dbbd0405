/// What any thread or task may use of a ``Connection``: its fixed facts, and operations that hop to
/// the connection's loop. The ``Connection`` itself is loop-bound; get a handle from
/// ``Connection/handle`` on the loop and pass it anywhere.
public struct ConnectionHandle: Sendable {
    /// Process-unique identifier, also in the connection's `"sb.conn.id"` log metadata.
    public let id: UInt64
    /// The loop that owns the connection; a handler actor uses it as its executor.
    public let loop: EventLoop
    /// The connection's settings.
    public let options: ConnectionOptions
    /// True when the listener's ``ConnectionLimiter`` admitted this connection into its reserve
    /// (``ConnectionLimiter/maxConnections`` or more were open at accept): the application should
    /// keep it only for an administrator. Fixed at accept; false for client connections.
    public let isInReserve: Bool
    private let descriptor: Int32
    private let bound: LoopBound<Connection>

    init(_ connection: Connection) {
        id = connection.id
        loop = connection.loop
        options = connection.options
        isInReserve = connection.isInReserve
        descriptor = connection.descriptor
        bound = LoopBound(connection, loop: connection.loop)
    }

    /// The connection itself, for an actor on its loop to keep as isolated state (a
    /// ``ConnectionHandler``, or an actor it passes the connection on to). Only on the loop: checked.
    public var connection: Connection { bound.value }

    /// The peer's IP address as text (`127.0.0.1`, `::1`), or `unknown` when the socket has none
    /// (already closed, or not an IP socket). Read it while the connection is open: after close the
    /// descriptor may belong to another connection.
    public var peerAddress: String { Connection.peerAddress(of: descriptor) }

    /// Queues `bytes` for writing (see ``Connection/write(_:)``), hopping to the loop when needed.
    public func send(_ bytes: [UInt8]) {
        if loop.inEventLoop {
            bound.value.write(bytes)
        } else {
            let bound = bound
            loop.execute { bound.value.write(bytes) }
        }
    }

    /// Raises the output budget to `bytes` (never lowers it): for the application to call once a
    /// peer has authenticated, after starting it on a small budget.
    public func raiseOutputBudget(to bytes: Int) {
        if loop.inEventLoop {
            bound.value.raiseOutputBudget(to: bytes)
        } else {
            let bound = bound
            loop.execute { bound.value.raiseOutputBudget(to: bytes) }
        }
    }

    /// The peer authenticated: its connection no longer counts against its address's limit of
    /// unauthenticated connections (see ``AddressLimiter``).
    public func releaseAddressPlace() {
        if loop.inEventLoop {
            bound.value.giveBackAddressPlace()
        } else {
            let bound = bound
            loop.execute { bound.value.giveBackAddressPlace() }
        }
    }

    /// Closes the connection; with `afterFlush`, queued output is written first.
    public func requestClose(afterFlush: Bool = true) {
        if loop.inEventLoop {
            afterFlush ? bound.value.closeAfterFlush() : bound.value.close()
        } else {
            let bound = bound
            loop.execute { afterFlush ? bound.value.closeAfterFlush() : bound.value.close() }
        }
    }

    /// Returns once the connection is closed.
    public func closed() async {
        let bound = bound
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            loop.execute { bound.value.whenClosed(continuation) }
        }
    }
}
