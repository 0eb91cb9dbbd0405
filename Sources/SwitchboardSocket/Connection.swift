public import Logging
import Synchronization
internal import CSwitchboardLinux
#if canImport(Glibc)
import Glibc
#endif

/// One TCP (optionally TLS) connection, owned by its ``EventLoop``.
///
/// Loop-bound, so not `Sendable`: it is used on the loop's thread only, from the connection's
/// ``ConnectionHandler`` (an actor on that loop, which keeps it as isolated state) or from loop
/// callbacks. Other threads and tasks use its ``handle``.
public final class Connection: Selectable {
    enum State {
        case connecting
        case handshaking
        case active
        case closed
    }

    /// What to do once the connection is established (after the TLS handshake, if any).
    struct Activation {
        let activate: (sending Connection) -> any ConnectionHandler
        let fail: (SocketError) -> Void
    }

    private static let nextID = Atomic<UInt64>(1)

    /// Process-unique identifier, also in the logger's `"sb.conn.id"` metadata.
    public let id: UInt64
    /// The loop that owns this connection; a handler actor uses it as its executor.
    public let loop: EventLoop
    /// The logger passed in, with `"sb.conn.id"` metadata.
    let logger: Logger
    /// The connection's settings.
    public let options: ConnectionOptions
    /// True for connections made by ``connect(host:port:on:tls:serverName:options:logger:makeHandler:)``.
    let isClient: Bool
    /// See ``ConnectionHandle/isInReserve``.
    let isInReserve: Bool
    let descriptor: Int32
    /// The limiter holding this connection's place, released at close.
    private let limiter: ConnectionLimiter?
    /// Its address's place among unauthenticated connections, until authenticated or closed. Loop only.
    private var addressPlace: (limiter: AddressLimiter, address: String)?
    /// The server-wide cap this connection reports its queued output to.
    private let outputLimit: QueuedOutputLimit?

    // Loop-confined state.
    private var token: UInt64 = 0
    private var state: State
    private var interest: PollInterest = .read
    private var handler: (any ConnectionHandler)?
    private var activation: Activation?
    private var tls: TLSSession?
    private var queue = WriteQueue()
    private var flushScheduled = false
    private var closeWhenFlushed = false
    private var tlsWriteWaitsForRead = false
    private var deadlineTimer: LoopTimer?
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []
    /// Writers waiting for queued output to fall to a level (see ``whenDrained(below:_:)``).
    private var drainWaiters: [(level: Int, continuation: CheckedContinuation<Void, Never>)] = []
    /// Queued bytes last reported to `outputLimit`.
    private var reportedOutput = 0
    /// Why the connection closed (nil while open or after an orderly close). Loop only.
    private(set) var closeError: SocketError?
    /// Queued output above this many bytes (after a write attempt) closes the connection as a slow
    /// reader. Starts at ``ConnectionOptions/highWaterMark``; see ``setOutputBudget(_:)``. Loop only.
    public private(set) var outputBudget: Int

    private init(descriptor: Int32, loop: EventLoop, state: State, isClient: Bool, options: ConnectionOptions, logger: Logger,
                 activation: Activation, admission: Admission = Admission()) {
        self.id = Connection.nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        self.descriptor = descriptor
        self.loop = loop
        self.state = state
        self.isClient = isClient
        self.options = options
        self.outputBudget = options.highWaterMark
        self.isInReserve = admission.inReserve
        self.limiter = admission.limiter
        self.addressPlace = admission.addressPlace
        self.outputLimit = admission.outputLimit
        self.activation = activation
        var logger = logger
        logger[metadataKey: "sb.conn.id"] = "\(id)"
        self.logger = logger
    }

    /// What other threads and tasks may use of this connection; made on the loop (checked).
    public var handle: ConnectionHandle { ConnectionHandle(self) }

    /// True once the connection is closed. Loop only.
    public var isClosed: Bool { state == .closed }
    /// Bytes queued and not yet accepted by the kernel. Loop only.
    public var pendingWriteBytes: Int { queue.pendingBytes }

    // MARK: Establishing

    /// How an accepted connection was let in: the listener's shared limits it answers to.
    struct Admission {
        var limiter: ConnectionLimiter?
        var inReserve = false
        var outputLimit: QueuedOutputLimit?
        /// The place its address holds among unauthenticated connections, if limited.
        var addressPlace: (limiter: AddressLimiter, address: String)?
    }

    /// Takes over an accepted descriptor on the current loop.
    static func adopt(descriptor: Int32, loop: EventLoop, tls: TLSContext?, options: ConnectionOptions, admission: Admission,
                      logger: Logger, makeHandler: @escaping @Sendable (sending Connection) -> any ConnectionHandler) {
        let connection = Connection(descriptor: descriptor, loop: loop, state: tls == nil ? .active : .handshaking,
                                    isClient: false, options: options, logger: logger,
                                    activation: Activation(activate: makeHandler, fail: { _ in }), admission: admission)
        connection.configureSocket()
        if let tls {
            do {
                connection.tls = try TLSSession(context: tls, descriptor: descriptor, serverName: nil)
            } catch {
                connection.logger.warning("TLS session setup failed", metadata: ["sb.error": "\(error)"])
                connection.abandon()
                return
            }
        }
        do {
            connection.token = try loop.register(connection, interest: .read)
        } catch {
            logger.warning("cannot register accepted connection", metadata: ["sb.error": "\(error)"])
            connection.abandon()
            return
        }
        if tls != nil {
            connection.armDeadline(options.handshakeTimeout, operation: "TLS handshake")
        } else {
            connection.activate()
        }
    }

    /// Opens a client connection (non-blocking connect, then the TLS handshake when `tls` is given)
    /// and returns its handler once established.
    /// - Parameters:
    ///   - host: an IPv4 or IPv6 literal, or `localhost`.
    ///   - port: the TCP port.
    ///   - loop: the loop that will own the connection.
    ///   - tls: a client ``TLSContext`` for `wss://`/`https://`, or nil for plain TCP.
    ///   - serverName: SNI and certificate host name; defaults to `host`.
    ///   - makeHandler: creates the handler (on the loop) once the connection is established.
    public static func connect<Handler: ConnectionHandler>(
        host: String, port: Int, on loop: EventLoop, tls: TLSContext? = nil, serverName: String? = nil,
        options: ConnectionOptions = ConnectionOptions(), logger: Logger,
        makeHandler: @escaping @Sendable (sending Connection) -> Handler
    ) async throws(SocketError) -> Handler {
        do {
            return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Handler, any Error>) in
                loop.execute {
                    let activation = Activation(
                        activate: { connection in
                            let handler = makeHandler(connection)
                            continuation.resume(returning: handler)
                            return handler
                        },
                        fail: { error in continuation.resume(throwing: error) }
                    )
                    startConnect(host: host, port: port, loop: loop, tls: tls, serverName: serverName ?? host,
                                 options: options, logger: logger, activation: activation)
                }
            }
        } catch let error as SocketError {
            throw error
        } catch {
            throw SocketError(kind: .closed, operation: "connect", detail: "\(error)")
        }
    }

    private static func startConnect(host: String, port: Int, loop: EventLoop, tls: TLSContext?, serverName: String,
                                     options: ConnectionOptions, logger: Logger, activation: Activation) {
        var address = sockaddr_storage()
        guard (0...65535).contains(port) else {
            activation.fail(SocketError(kind: .invalidAddress, operation: "connect", detail: "port \(port) is outside 0...65535"))
            return
        }
        let length = sb_make_address(host == "localhost" ? "127.0.0.1" : host, UInt16(port), &address)
        guard length > 0 else {
            activation.fail(SocketError(kind: .invalidAddress, operation: "connect",
                                        detail: "host \(host) is not an IP literal or localhost"))
            return
        }
        let descriptor = sb_tcp_socket(Int32(address.ss_family))
        guard descriptor >= 0 else {
            activation.fail(.makeFailed("socket"))
            return
        }
        if sb_connect(descriptor, &address, length) != 0 && errno != EINPROGRESS {
            let error = SocketError.makeFailed("connect \(host):\(port)")
            Glibc.close(descriptor)
            activation.fail(error)
            return
        }
        let connection = Connection(descriptor: descriptor, loop: loop, state: .connecting, isClient: true,
                                    options: options, logger: logger, activation: activation)
        connection.configureSocket()
        do {
            if let tls {
                connection.tls = try TLSSession(context: tls, descriptor: descriptor, serverName: serverName)
            }
            connection.interest = .write
            connection.token = try loop.register(connection, interest: .write)
        } catch {
            Glibc.close(descriptor)
            connection.state = .closed
            connection.activation = nil
            activation.fail(error)
            return
        }
        connection.armDeadline(options.connectTimeout, operation: "connect")
    }

    /// Closes a connection that never got registered with its loop.
    private func abandon() {
        state = .closed
        activation = nil
        Glibc.close(descriptor)
        limiter?.release()
        giveBackAddressPlace()
    }

    private func configureSocket() {
        _ = sb_set_int_option(descriptor, SB_IPPROTO_TCP, SB_TCP_NODELAY, 1)
        if let size = options.sendBufferSize {
            _ = sb_set_int_option(descriptor, SB_SOL_SOCKET, SB_SO_SNDBUF, Int32(clamping: size))
        }
        if let size = options.receiveBufferSize {
            _ = sb_set_int_option(descriptor, SB_SOL_SOCKET, SB_SO_RCVBUF, Int32(clamping: size))
        }
    }

    private func armDeadline(_ timeout: Duration, operation: String) {
        deadlineTimer = loop.scheduleTimer(after: timeout) { [weak self] in
            guard let self, self.state == .connecting || self.state == .handshaking else { return }
            let error = SocketError(kind: .timedOut, operation: operation, detail: "not completed within \(timeout)")
            self.logger.warning("connection timed out", metadata: ["sb.error": "\(error)"])
            self.close(error: error)
        }
    }

    private func activate() {
        if let timer = deadlineTimer {
            loop.cancelTimer(timer)
            deadlineTimer = nil
        }
        guard let activation else { return }
        self.activation = nil
        state = .active
        // The handler is an actor on this loop: the connection stays on its loop, which the
        // compiler cannot see, so it travels through the loop-checked handle.
        handler = activation.activate(handle.connection)
    }

    // MARK: Readiness (loop only)

    func handle(_ event: PollEvent) {
        switch state {
        case .closed:
            return
        case .connecting:
            let code = sb_socket_error(descriptor)
            guard code == 0 else {
                close(error: .makeFailed("connect", errno: code))
                return
            }
            if tls != nil {
                state = .handshaking
                driveHandshake()
            } else {
                setInterest(.read)
                activate()
                if !queue.isEmpty { flushNow() }
            }
        case .handshaking:
            driveHandshake()
        case .active:
            if event.writable || (tlsWriteWaitsForRead && event.readable) {
                flushNow()
            }
            if (event.readable || event.hangup) && state == .active {
                readAvailable()
            }
        }
    }

    func closeForShutdown() {
        close(error: SocketError(kind: .closed, operation: "shutdown", detail: "event loop shut down"))
    }

    private func driveHandshake() {
        guard let tls else { return }
        switch tls.handshake() {
        case .done:
            setInterest(.read)
            activate()
            // Application data may have arrived with the last handshake record.
            if state == .active { readAvailable() }
            if state == .active && !queue.isEmpty { flushNow() }
        case .wantRead:
            setInterest(.read)
        case .wantWrite:
            setInterest([.read, .write])
        case .failed(let error):
            logger.warning("TLS handshake failed", metadata: ["sb.error": "\(error)"])
            close(error: error)
        }
    }

    private func setInterest(_ newInterest: PollInterest) {
        guard newInterest != interest, state != .closed else { return }
        interest = newInterest
        do {
            try loop.modify(self, token: token, interest: newInterest)
        } catch {
            close(error: error)
        }
    }

    private func readAvailable() {
        let buffer = loop.readBuffer
        var rounds = 0
        while state == .active {
            if let tls {
                switch tls.read(into: buffer) {
                case .bytes(let count):
                    deliver(UnsafeRawBufferPointer(start: buffer.baseAddress, count: count))
                case .wantRead:
                    return
                case .wantWrite:
                    setInterest([.read, .write])
                    return
                case .endOfStream:
                    endOfStream()
                    return
                case .failed(let error):
                    close(error: error)
                    return
                }
            } else {
                let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
                if count > 0 {
                    deliver(UnsafeRawBufferPointer(start: buffer.baseAddress, count: count))
                    rounds += 1
                    // A short read drained the socket; level-triggered epoll reports any rest.
                    if count < buffer.count || rounds == 4 { return }
                } else if count == 0 {
                    endOfStream()
                    return
                } else {
                    let code = errno
                    if code == EAGAIN || code == EWOULDBLOCK { return }
                    if code == EINTR { continue }
                    close(error: .makeFailed("read", errno: code))
                    return
                }
            }
        }
    }

    private func endOfStream() {
        // Best effort: hand over what is queued before closing our side too.
        if !queue.isEmpty { flushNow() }
        close(error: nil)
    }

    private func deliver(_ bytes: UnsafeRawBufferPointer) {
        guard let handler else { return }
        Connection.deliver(bytes, to: handler)
    }

    private static func deliver<Handler: ConnectionHandler>(_ bytes: UnsafeRawBufferPointer, to handler: Handler) {
        // The buffer is only read during this synchronous call on the loop thread.
        nonisolated(unsafe) let bytes = bytes
        handler.assumeIsolated { $0.connectionDidRead(bytes) }
    }

    private static func notifyClosed<Handler: ConnectionHandler>(_ handler: Handler, error: SocketError?) {
        handler.assumeIsolated { $0.connectionDidClose(error: error) }
    }

    // MARK: Writing (loop only)

    /// Queues `bytes`; they are written at the end of the current loop iteration, batched with other
    /// writes. Past the output budget the connection is flushed and, if still over, closed as a
    /// slow reader. Loop only.
    public func write(_ bytes: [UInt8]) {
        guard state != .closed, !closeWhenFlushed, !bytes.isEmpty else { return }
        queue.append(bytes)
        if queue.pendingBytes > outputBudget {
            flushNow()
            if state != .closed && queue.pendingBytes > outputBudget {
                let error = SocketError(kind: .slowReader, operation: "write",
                                        detail: "\(queue.pendingBytes) bytes queued, output budget \(outputBudget)")
                logger.warning("peer reads too slowly; disconnecting", metadata: [
                    "sb.conn.pending": "\(queue.pendingBytes)", "sb.conn.outputBudget": "\(outputBudget)",
                ])
                close(error: error)
            }
            return
        }
        if !scheduleFlush() { reportQueuedOutput() }
    }

    /// Makes sure a flush will run; false when none can before the socket is writable again.
    private func scheduleFlush() -> Bool {
        if flushScheduled { return true }
        guard state == .active, !interest.contains(.write), !tlsWriteWaitsForRead else { return false }
        flushScheduled = true
        loop.scheduleFlush(self)
        return true
    }

    /// Reports a changed queue to the server-wide cap and closes this connection when the cap
    /// picks it (see ``QueuedOutputLimit``). A reader that keeps up leaves nothing queued after a
    /// flush, so it never gets here with a change.
    private func reportQueuedOutput() {
        if !drainWaiters.isEmpty { resumeDrainWaiters() }
        guard let outputLimit, queue.pendingBytes != reportedOutput else { return }
        let pending = queue.pendingBytes
        let overCap = outputLimit.report(from: reportedOutput, to: pending)
        reportedOutput = pending
        guard overCap, state != .closed else { return }
        let error = SocketError(kind: .slowReader, operation: "write",
                                detail: "\(pending) bytes queued here, server output cap \(outputLimit.maxBytes) exceeded")
        logger.warning("server output cap exceeded; disconnecting the slowest reader", metadata: [
            "sb.conn.pending": "\(pending)", "sb.server.queuedOutput": "\(outputLimit.queuedBytes)",
            "sb.server.maxQueuedOutput": "\(outputLimit.maxBytes)",
        ])
        close(error: error)
    }

    /// Sets the output budget (see ``outputBudget``). Lowering it below what is queued closes the
    /// connection at its next write. Loop only.
    public func setOutputBudget(_ bytes: Int) {
        outputBudget = max(0, bytes)
    }

    func flushScheduledWrites() {
        flushScheduled = false
        flushNow()
    }

    private func flushNow() {
        guard state == .active else { return }
        while !queue.isEmpty {
            if let tls {
                guard let io = queue.withFirstChunk({ tls.write($0) }) else { break }
                switch io {
                case .bytes(let count):
                    queue.consume(count)
                case .wantWrite:
                    tlsWriteWaitsForRead = false
                    setInterest([.read, .write])
                    reportQueuedOutput()
                    return
                case .wantRead:
                    tlsWriteWaitsForRead = true
                    setInterest(.read)
                    reportQueuedOutput()
                    return
                case .endOfStream:
                    close(error: nil)
                    return
                case .failed(let error):
                    close(error: error)
                    return
                }
            } else {
                let iovecs = loop.iovecs
                let descriptor = self.descriptor
                let (written, attempted) = queue.withIOVecs(iovecs) { count, total in
                    (sb_writev(descriptor, iovecs, Int32(count)), total)
                }
                if written >= 0 {
                    queue.consume(written)
                    if written < attempted {
                        // The kernel buffer is full: wait for EPOLLOUT instead of an EAGAIN round trip.
                        setInterest([.read, .write])
                        reportQueuedOutput()
                        return
                    }
                } else {
                    let code = errno
                    if code == EINTR { continue }
                    if code == EAGAIN || code == EWOULDBLOCK {
                        setInterest([.read, .write])
                        reportQueuedOutput()
                        return
                    }
                    close(error: .makeFailed("writev", errno: code))
                    return
                }
            }
        }
        tlsWriteWaitsForRead = false
        reportQueuedOutput()
        if interest.contains(.write) { setInterest(.read) }
        if closeWhenFlushed { close(error: nil) }
    }

    // MARK: Closing

    /// Closes now, discarding queued output. Loop only.
    public func close() {
        close(error: nil)
    }

    /// Closes once queued output is written. Loop only.
    public func closeAfterFlush() {
        guard state != .closed else { return }
        if queue.isEmpty && state == .active {
            close(error: nil)
        } else {
            closeWhenFlushed = true
        }
    }

    func close(error: SocketError?) {
        guard state != .closed else { return }
        let wasActive = state == .active
        state = .closed
        closeError = error
        if let timer = deadlineTimer {
            loop.cancelTimer(timer)
            deadlineTimer = nil
        }
        loop.deregister(self)
        if let tls, wasActive, error == nil { tls.shutdown() }
        tls = nil
        Glibc.close(descriptor)
        queue.removeAll()
        if let outputLimit, reportedOutput > 0 {
            _ = outputLimit.report(from: reportedOutput, to: 0)
            reportedOutput = 0
        }
        limiter?.release()
        giveBackAddressPlace()
        if let error, error.kind == .system {
            logger.debug("connection closed", metadata: ["sb.error": "\(error)"])
        }
        if let activation {
            self.activation = nil
            activation.fail(error ?? SocketError(kind: .closed, operation: "connect", detail: "closed before it was established"))
        }
        resumeDrainWaiters()
        let waiters = closeWaiters
        closeWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
        if let handler {
            self.handler = nil
            loop.execute {
                Connection.notifyClosed(handler, error: error)
            }
        }
    }

    // MARK: For the handle (loop only)

    /// Raises the output budget to `bytes`; never lowers it.
    func raiseOutputBudget(to bytes: Int) {
        outputBudget = max(outputBudget, bytes)
    }

    func giveBackAddressPlace() {
        guard let place = addressPlace else { return }
        addressPlace = nil
        place.limiter.release(place.address)
    }

    /// Resumes `continuation` once at most `level` bytes are queued (at once if so already), or the
    /// connection closed: a producer streaming a body waits here, so a peer that reads slowly holds up
    /// the producer instead of growing the queue. Loop only.
    public func whenDrained(below level: Int, _ continuation: CheckedContinuation<Void, Never>) {
        if state == .closed || queue.pendingBytes <= level {
            continuation.resume()
        } else {
            drainWaiters.append((level, continuation))
        }
    }

    private func resumeDrainWaiters() {
        let pending = state == .closed ? 0 : queue.pendingBytes
        var index = 0
        while index < drainWaiters.count {
            if drainWaiters[index].level >= pending {
                drainWaiters.remove(at: index).continuation.resume()
            } else {
                index += 1
            }
        }
    }

    /// Resumes `continuation` once the connection is closed.
    func whenClosed(_ continuation: CheckedContinuation<Void, Never>) {
        if state == .closed {
            continuation.resume()
        } else {
            closeWaiters.append(continuation)
        }
    }
}

@available(*, unavailable)
extension Connection: Sendable {}
