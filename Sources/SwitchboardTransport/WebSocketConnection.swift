import Logging
import SwitchboardHTTP
import SwitchboardSocket
import SwitchboardWebSocket

/// One open WebSocket (either role): an actor pinned to its socket's event loop that owns the
/// frame parser and the RFC 6455 state machine, carries out the machine's actions on the socket,
/// and hands complete messages to its ``WebSocketHandler`` (and/or ``messages``).
///
/// From another actor or task: `await connection.send(text:)`, or without waiting
/// `connection.enqueue(_:)`, which hops to the loop without creating a task.
public actor WebSocketConnection {
    /// The socket underneath, for any thread or task: its id, loop and peer address, and operations
    /// that hop to its loop.
    public nonisolated let socket: ConnectionHandle
    /// This endpoint's role.
    public nonisolated let role: WebSocketRole
    /// The upgrade request (server side), for paths, headers and query parameters.
    public nonisolated let request: HTTPRequestHead?
    /// Process-unique id (the socket's).
    public nonisolated var id: UInt64 { socket.id }
    /// True when the server was full when this connection was accepted, so it holds one of the
    /// places reserved for administrators (``HTTPServerConfiguration/reservedConnections``): the
    /// application should close it unless the peer logs in as an administrator. Fixed at accept.
    public nonisolated var isInReserve: Bool { socket.isInReserve }
    public nonisolated var unownedExecutor: UnownedSerialExecutor { socket.loop.asUnownedSerialExecutor() }

    /// The socket itself: loop-bound, so isolated to this actor, which runs on the socket's loop.
    private let connection: Connection
    private var parser: FrameParser
    private var machine: WebSocketStateMachine
    private var handler: (any WebSocketHandler)?
    private var tickTimer: LoopTimer?
    private let tickInterval: Duration
    private let logger: Logger
    private var inbox: AsyncStream<WebSocketMessage>.Continuation?
    private var closeWaiters: [CheckedContinuation<WebSocketCloseCode?, Never>] = []
    private var finished = false
    private var answersPings = true
    private var openCallbacks: [() -> Void] = []
    private let onFinish: (@Sendable (WebSocketConnection) -> Void)?

    /// Messages in arrival order, for clients and tests that prefer `for await`. Only filled when
    /// created with `bufferMessages` (the client does); a server delivers to its handler instead.
    public nonisolated let messages: AsyncStream<WebSocketMessage>

    /// Call on the socket's loop: the connection becomes this actor's state.
    init(socket: ConnectionHandle, role: WebSocketRole, request: HTTPRequestHead?, configuration: WebSocketStateMachine.Configuration,
         bufferMessages: Bool, logger: Logger, onFinish: (@Sendable (WebSocketConnection) -> Void)? = nil) {
        connection = socket.connection
        self.socket = socket
        self.role = role
        self.request = request
        self.parser = FrameParser(role: role, configuration: FrameParser.Configuration(maxFrameSize: configuration.maxMessageSize))
        self.machine = WebSocketStateMachine(role: role, configuration: configuration, now: .now)
        var logger = logger
        logger[metadataKey: "sb.conn.id"] = "\(socket.id)"
        self.logger = logger
        self.onFinish = onFinish
        let shortest = [configuration.pingInterval, configuration.idleTimeout, configuration.closeTimeout].compactMap { $0 }.min() ?? .seconds(1)
        self.tickInterval = max(.milliseconds(50), min(.seconds(1), shortest / 4))
        if bufferMessages {
            let (stream, continuation) = AsyncStream<WebSocketMessage>.makeStream()
            self.messages = stream
            self.inbox = continuation
        } else {
            self.messages = AsyncStream { $0.finish() }
            self.inbox = nil
        }
    }

    /// True while data messages may be sent.
    public var isOpen: Bool { machine.isOpen && !finished }

    /// Bytes written to the socket and not yet taken by the kernel (what a peer that reads slowly
    /// leaves queued).
    public var queuedOutputBytes: Int { connection.pendingWriteBytes }

    /// The close code the peer sent (nil if none yet, or its close frame had no code).
    public var peerCloseCode: WebSocketCloseCode? { machine.peerClose?.code ?? nil }

    // MARK: Wiring (loop)

    func start(handler: (any WebSocketHandler)?, initialBytes: UnsafeRawBufferPointer) {
        self.handler = handler
        scheduleTick()
        handler?.webSocketDidOpen(self)
        if initialBytes.count > 0 { receive(initialBytes) }
    }

    func receive(_ bytes: UnsafeRawBufferPointer) {
        var index = 0
        let now = ContinuousClock.now
        while !finished {
            switch parser.parse(bytes, index: &index) {
            case .frame(let frame):
                perform(machine.receive(frame, now: now))
            case .needMoreData:
                return
            case .failed(let error):
                logger.debug("WebSocket protocol error", metadata: ["sb.ws.error": "\(error)"])
                perform(machine.receive(error))
                return
            }
        }
    }

    func socketClosed() {
        guard !finished else { return }
        finished = true
        machine.connectionClosed()
        if let tickTimer { socket.loop.cancelTimer(tickTimer) }
        let code = machine.peerClose?.code ?? nil
        handler?.webSocketDidClose(self, code: code)
        handler = nil
        inbox?.finish()
        inbox = nil
        for waiter in closeWaiters { waiter.resume(returning: code) }
        closeWaiters.removeAll()
        onFinish?(self)
    }

    private func scheduleTick() {
        tickTimer = socket.loop.scheduleTimer(after: tickInterval) { [weak self] in
            self?.assumeIsolated { $0.tick() }
        }
    }

    private func tick() {
        guard !finished else { return }
        perform(machine.pingTick(now: .now))
        if !finished { scheduleTick() }
    }

    private func perform(_ action: WebSocketStateMachine.Action) {
        switch action {
        case .ignore:
            break
        case .deliver(let message):
            handler?.webSocket(self, didReceive: message)
            inbox?.yield(message)
        case .sendPing(let payload):
            writeFrame(.ping, payload)
        case .sendPong(let payload):
            if answersPings { writeFrame(.pong, payload) }
        case .sendClose(let code, let reason, let closeConnection):
            writeFrame(.close, FrameEncoder.closePayload(code: code, reason: reason))
            if closeConnection { connection.closeAfterFlush() }
        case .closeConnection(let reason):
            logger.debug("closing WebSocket connection", metadata: ["sb.ws.reason": "\(reason)"])
            if reason == .idleTimeout {
                // Tell a silent peer why it is dropped; no handshake is awaited, it may be gone.
                writeFrame(.close, FrameEncoder.closePayload(code: .goingAway, reason: "idle timeout"))
            }
            connection.closeAfterFlush()
        }
    }

    private func writeFrame(_ opcode: WebSocketOpcode, _ payload: [UInt8]) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(payload.count + FrameEncoder.maxHeaderSize)
        FrameEncoder.encode(opcode: opcode, payload: payload, maskingKey: role == .client ? .random() : nil, into: &buffer)
        connection.write(buffer)
    }

    // MARK: Application API

    /// Sends a message (ignored once closing has begun).
    public func send(_ message: WebSocketMessage) {
        guard isOpen else { return }
        writeFrame(message.opcode, message.payload)
    }

    /// Sends a text message.
    public func send(text: String) { send(.text(text)) }

    /// Sends a binary message.
    public func send(binary: [UInt8]) { send(.binary(binary)) }

    /// Sends a message in fragments of at most `fragmentSize` bytes (continuation frames).
    public func sendFragmented(_ message: WebSocketMessage, fragmentSize: Int) {
        guard isOpen else { return }
        let size = max(1, fragmentSize)
        var start = 0
        repeat {
            let end = min(message.payload.count, start + size)
            var buffer: [UInt8] = []
            FrameEncoder.encode(opcode: start == 0 ? message.opcode : .continuation, fin: end == message.payload.count,
                                payload: Array(message.payload[start..<end]), maskingKey: role == .client ? .random() : nil,
                                into: &buffer)
            connection.write(buffer)
            start = end
        } while start < message.payload.count
    }

    /// Sends a ping; the peer's pong is absorbed by the state machine.
    public func ping(_ payload: [UInt8] = []) {
        guard isOpen else { return }
        writeFrame(.ping, Array(payload.prefix(125)))
    }

    /// Starts the close handshake with `code`; the TCP connection closes when the peer answers
    /// or after the close timeout.
    public func close(code: WebSocketCloseCode = .normalClosure, reason: String = "") {
        guard !finished else { return }
        perform(machine.close(code: code, reason: reason, now: .now))
    }

    /// Stops answering the peer's pings, like an endpoint whose process froze with its TCP connection
    /// open: for tests of the peer's presence timeout. Everything else goes on.
    public func stopAnsweringPings() {
        answersPings = false
    }

    /// Writes bytes as they are, bypassing the encoder: for conformance tests that need malformed frames.
    public func sendRaw(_ bytes: [UInt8]) {
        connection.write(bytes)
    }

    /// Returns once the connection is closed, with the peer's close code (nil when none).
    public func waitUntilClosed() async -> WebSocketCloseCode? {
        if finished { return machine.peerClose?.code ?? nil }
        return await withCheckedContinuation { closeWaiters.append($0) }
    }

    /// The next message, or nil once closed (for connections created with buffered messages).
    public nonisolated func receive() async -> WebSocketMessage? {
        var iterator = messages.makeAsyncIterator()
        return await iterator.next()
    }

    // MARK: From any thread, without awaiting

    /// Raises the output budget (bytes queued for a peer that does not read before it is cut off)
    /// from any thread; never lowers it. A server connection starts on the small
    /// ``HTTPServerConfiguration/webSocketInitialOutputBudget``: call this once the peer has
    /// authenticated, before sending it anything large. `socket.options.highWaterMark` is the
    /// server's full per-connection budget.
    public nonisolated func raiseOutputBudget(to bytes: Int) {
        socket.raiseOutputBudget(to: bytes)
    }

    /// Queues `message` from any thread or task: hops to the loop, no task is created.
    public nonisolated func enqueue(_ message: WebSocketMessage) {
        if socket.loop.inEventLoop {
            assumeIsolated { $0.send(message) }
        } else {
            socket.loop.execute { self.assumeIsolated { $0.send(message) } }
        }
    }

    /// Starts the close handshake from any thread or task.
    public nonisolated func enqueueClose(code: WebSocketCloseCode = .normalClosure, reason: String = "") {
        socket.loop.execute { self.assumeIsolated { $0.close(code: code, reason: reason) } }
    }
}
