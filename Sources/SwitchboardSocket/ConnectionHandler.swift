/// The owner of one connection's state above the socket: an actor pinned to the connection's loop
/// (its `unownedExecutor` is `connection.loop.asUnownedSerialExecutor()`), so the loop calls these
/// methods synchronously on its own thread, and other tasks reach the same state through ordinary
/// actor calls that run on the same thread. The loop-bound ``Connection`` is the actor's isolated
/// state; what other tasks need of it is in its ``Connection/handle``.
///
/// ```swift
/// actor Echo: ConnectionHandler {
///     let connection: Connection
///     nonisolated let loop: EventLoop
///     nonisolated var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }
///     init(_ connection: Connection) { self.connection = connection; loop = connection.loop }
///     func connectionDidRead(_ bytes: UnsafeRawBufferPointer) { connection.write(Array(bytes)) }
///     func connectionDidClose(error: SocketError?) {}
/// }
/// ```
public protocol ConnectionHandler: Actor {
    /// Bytes just read. The buffer belongs to the loop and is reused after return: copy what you keep.
    func connectionDidRead(_ bytes: UnsafeRawBufferPointer)
    /// The connection is closed (by either side, an error, or shutdown); `error` is nil for an
    /// orderly close. Called once, after the current loop work, never re-entrantly from `close()`.
    func connectionDidClose(error: SocketError?)
}
