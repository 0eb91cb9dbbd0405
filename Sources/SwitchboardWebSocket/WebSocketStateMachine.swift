/// The lifecycle of one WebSocket connection (open → closing → closed) as a value type: every
/// mutating method returns the `Action` the I/O layer must carry out. No clocks and no sockets:
/// the caller passes `now` in, which keeps the machine deterministic and testable by tables.
///
/// Server loop: parse bytes with `FrameParser`, pass each frame to `receive(_:now:)` (or a parse
/// error to `receive(_:)`), and run the returned action; call `pingTick(now:)` from a timer (e.g.
/// once a second) and `close(code:reason:now:)` on shutdown (code 1001).
public struct WebSocketStateMachine: Sendable {
    /// Limits and timers.
    public struct Configuration: Sendable, Hashable {
        /// The largest message, all fragments together; larger ones fail with 1009.
        public var maxMessageSize: Int
        /// Send a ping after this long without receiving any frame; nil never pings.
        public var pingInterval: Duration?
        /// Drop the connection after this long without receiving any frame; nil never times out.
        public var idleTimeout: Duration?
        /// How long to wait for the peer's close frame after sending ours (and, for a client,
        /// for the server to close TCP after the handshake) before dropping the connection.
        public var closeTimeout: Duration

        /// - Parameters:
        ///   - maxMessageSize: largest message in bytes (default 16 MiB).
        ///   - pingInterval: silence before a ping (default 30 s).
        ///   - idleTimeout: silence before the connection is dropped (default 90 s).
        ///   - closeTimeout: wait for the peer's side of the close handshake (default 5 s).
        public init(maxMessageSize: Int = 16 << 20, pingInterval: Duration? = .seconds(30),
                    idleTimeout: Duration? = .seconds(90), closeTimeout: Duration = .seconds(5)) {
            self.maxMessageSize = maxMessageSize
            self.pingInterval = pingInterval
            self.idleTimeout = idleTimeout
            self.closeTimeout = closeTimeout
        }
    }

    /// Why the I/O layer should close the TCP connection.
    public enum CloseReason: Sendable, Hashable {
        /// Both close frames have been exchanged.
        case handshakeComplete
        /// Nothing arrived within the idle timeout.
        case idleTimeout
        /// The peer did not complete the close handshake in time.
        case closeHandshakeTimeout
        /// The peer broke the protocol after we had already sent our close frame.
        case protocolError(WebSocketProtocolError)
    }

    /// What the I/O layer must do next.
    public enum Action: Sendable, Hashable {
        /// Nothing.
        case ignore
        /// Hand a complete message to the application.
        case deliver(WebSocketMessage)
        /// Send a ping frame with this payload.
        case sendPing([UInt8])
        /// Send a pong frame echoing a ping's payload.
        case sendPong([UInt8])
        /// Send a close frame (no code gives an empty payload); when `closeConnection` is set,
        /// close TCP once it is written, otherwise keep reading until the peer answers or closes.
        case sendClose(WebSocketCloseCode?, reason: String, closeConnection: Bool)
        /// Close TCP now.
        case closeConnection(CloseReason)
    }

    /// Where the connection stands.
    public enum State: Sendable, Hashable {
        case open
        /// We sent a close frame and wait for the peer's.
        case closeSent(at: ContinuousClock.Instant)
        /// (Client) the handshake is done; the server should close TCP first.
        case awaitingTCPClose(since: ContinuousClock.Instant)
        case closed
    }

    public let role: WebSocketRole
    public let configuration: Configuration
    public private(set) var state: State = .open
    /// The code of the close frame the peer sent, once one arrived (nil code: empty payload).
    public private(set) var peerClose: (code: WebSocketCloseCode?, reason: String)?
    var assembler: MessageAssembler
    var lastReceived: ContinuousClock.Instant
    var lastPingSent: ContinuousClock.Instant?
    var pingCounter: UInt64 = 0

    /// - Parameters:
    ///   - role: this endpoint's role; it decides who closes TCP first.
    ///   - configuration: limits and timers.
    ///   - now: the moment the connection opened (starts the idle timer).
    public init(role: WebSocketRole, configuration: Configuration = Configuration(), now: ContinuousClock.Instant) {
        self.role = role
        self.configuration = configuration
        self.assembler = MessageAssembler(maxMessageSize: configuration.maxMessageSize)
        self.lastReceived = now
    }

    /// True while data messages may be sent (no close frame sent or received yet).
    public var isOpen: Bool { state == .open }

    /// True once the connection is finished from the protocol's point of view.
    public var isClosed: Bool { state == .closed }

    /// Handles one frame from the peer.
    public mutating func receive(_ frame: WebSocketFrame, now: ContinuousClock.Instant) -> Action {
        switch state {
        case .closed, .awaitingTCPClose:
            return .ignore
        case .open, .closeSent:
            break
        }
        lastReceived = now
        let event: MessageAssembler.Event
        do {
            event = try assembler.receive(frame)
        } catch {
            return receive(error)
        }
        switch event {
        case .message(let message):
            return .deliver(message)
        case .fragment, .pong:
            return .ignore
        case .ping(let payload):
            return state == .open ? .sendPong(payload) : .ignore
        case .close(let code, let reason):
            peerClose = (code, reason)
            if case .closeSent = state {
                state = .closed
                return .closeConnection(.handshakeComplete)
            }
            // Echo the peer's code (RFC 6455 §5.5.1). The server closes TCP first (§7.1.1).
            switch role {
            case .server:
                state = .closed
                return .sendClose(code, reason: "", closeConnection: true)
            case .client:
                state = .awaitingTCPClose(since: now)
                return .sendClose(code, reason: "", closeConnection: false)
            }
        }
    }

    /// Handles a protocol error from `FrameParser` (or any other reason to fail the connection):
    /// send a close frame with the error's code and close TCP (RFC 6455 §7.1.7).
    public mutating func receive(_ error: WebSocketProtocolError) -> Action {
        switch state {
        case .open:
            state = .closed
            return .sendClose(error.closeCode, reason: error.code.description, closeConnection: true)
        case .closeSent:
            state = .closed
            return .closeConnection(.protocolError(error))
        case .awaitingTCPClose, .closed:
            // Both close frames are out; anything the peer sends now is ignored, as its frames
            // are, until TCP closes or the close timeout fires.
            return .ignore
        }
    }

    /// Starts the close handshake (e.g. 1000 when done, 1001 on shutdown). Returns
    /// `.sendClose(..., closeConnection: false)` while open, `.ignore` if closing already began.
    public mutating func close(code: WebSocketCloseCode = .normalClosure, reason: String = "",
                               now: ContinuousClock.Instant) -> Action {
        guard state == .open else { return .ignore }
        state = .closeSent(at: now)
        return .sendClose(code, reason: reason, closeConnection: false)
    }

    /// Call periodically: pings a silent peer, drops one silent past the idle timeout, and
    /// enforces the close-handshake timeout. Returns `.ignore`, `.sendPing` or `.closeConnection`.
    public mutating func pingTick(now: ContinuousClock.Instant) -> Action {
        switch state {
        case .closed:
            return .ignore
        case .closeSent(let since), .awaitingTCPClose(let since):
            guard now - since >= configuration.closeTimeout else { return .ignore }
            state = .closed
            return .closeConnection(.closeHandshakeTimeout)
        case .open:
            let silence = now - lastReceived
            if let idleTimeout = configuration.idleTimeout, silence >= idleTimeout {
                state = .closed
                return .closeConnection(.idleTimeout)
            }
            guard let pingInterval = configuration.pingInterval, silence >= pingInterval else { return .ignore }
            if let lastPingSent, now - lastPingSent < pingInterval { return .ignore }
            lastPingSent = now
            pingCounter &+= 1
            return .sendPing(withUnsafeBytes(of: pingCounter.bigEndian) { Array($0) })
        }
    }

    /// Records that TCP is gone (EOF, reset or our own close); the machine ignores all input after.
    public mutating func connectionClosed() {
        state = .closed
    }
}
