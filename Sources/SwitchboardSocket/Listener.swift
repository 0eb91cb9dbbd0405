public import Logging
internal import CSwitchboardLinux
#if canImport(Glibc)
import Glibc
#endif

/// A listening TCP socket: accepts on one loop and hands connections to the group's loops
/// round-robin, where each gets its handler from `makeHandler`. With a ``ConnectionLimiter``,
/// sockets past its limit and reserve are closed as soon as they are accepted.
public final class Listener: Sendable {
    /// The address bound.
    public let host: String
    /// The port bound (the kernel's choice when 0 was asked for).
    public let port: Int
    /// The cap on open connections, if any.
    public let limiter: ConnectionLimiter?
    private let socket: LoopBound<ListeningSocket>

    private init(host: String, port: Int, limiter: ConnectionLimiter?, socket: LoopBound<ListeningSocket>) {
        self.host = host
        self.port = port
        self.limiter = limiter
        self.socket = socket
    }

    /// Binds and starts accepting.
    /// - Parameters:
    ///   - host: an IPv4/IPv6 literal or `localhost`.
    ///   - port: the port, 0 for any free one (see ``port``).
    ///   - backlog: the kernel's accept queue length.
    ///   - group: the loops connections are spread over.
    ///   - tls: a server ``TLSContext`` to serve TLS, or nil.
    ///   - options: settings for each accepted connection.
    ///   - limiter: caps the connections open at once (see ``ConnectionLimiter``); nil for no cap.
    ///   - outputLimit: caps the output queued by all accepted connections together; nil for no cap.
    ///   - addressLimiter: caps the unauthenticated connections of one client address (see
    ///     ``AddressLimiter``); nil for no cap.
    ///   - logger: receives accept failures; connections log with `"sb.conn.id"`.
    ///   - makeHandler: creates each connection's handler on its loop, once established.
    public static func bind(
        host: String = "127.0.0.1", port: Int, backlog: Int32 = 4096, group: EventLoopGroup, tls: TLSContext? = nil,
        options: ConnectionOptions = ConnectionOptions(), limiter: ConnectionLimiter? = nil,
        outputLimit: QueuedOutputLimit? = nil, addressLimiter: AddressLimiter? = nil, logger: Logger,
        makeHandler: @escaping @Sendable (sending Connection) -> any ConnectionHandler
    ) async throws(SocketError) -> Listener {
        guard (0...65535).contains(port) else {
            throw SocketError(kind: .invalidAddress, operation: "bind", detail: "port \(port) is outside 0...65535")
        }
        var address = sockaddr_storage()
        let length = sb_make_address(host == "localhost" ? "127.0.0.1" : host, UInt16(port), &address)
        guard length > 0 else {
            throw SocketError(kind: .invalidAddress, operation: "bind", detail: "host \(host) is not an IP literal or localhost")
        }
        let descriptor = sb_tcp_socket(Int32(address.ss_family))
        guard descriptor >= 0 else { throw .makeFailed("socket") }
        _ = sb_set_int_option(descriptor, SB_SOL_SOCKET, SB_SO_REUSEADDR, 1)
        guard sb_bind(descriptor, &address, length) == 0 else {
            let error = SocketError.makeFailed("bind \(host):\(port)")
            Glibc.close(descriptor)
            throw error
        }
        guard Glibc.listen(descriptor, backlog) == 0 else {
            let error = SocketError.makeFailed("listen")
            Glibc.close(descriptor)
            throw error
        }
        let boundPort = Int(sb_local_port(descriptor))
        var listenerLogger = logger
        listenerLogger[metadataKey: "sb.listen.port"] = "\(boundPort)"
        let loop = group.next()
        let registered: Result<LoopBound<ListeningSocket>, SocketError> = await withCheckedContinuation { [listenerLogger] continuation in
            loop.execute {
                let socket = ListeningSocket(descriptor: descriptor, loop: loop, group: group, tls: tls, options: options,
                                             limiter: limiter, outputLimit: outputLimit, addressLimiter: addressLimiter,
                                             logger: listenerLogger, makeHandler: makeHandler)
                continuation.resume(returning: Result { () throws(SocketError) in
                    try socket.start()
                    return LoopBound(socket, loop: loop)
                })
            }
        }
        switch registered {
        case .success(let socket):
            return Listener(host: host, port: boundPort, limiter: limiter, socket: socket)
        case .failure(let error):
            Glibc.close(descriptor)
            throw error
        }
    }

    /// Stops accepting and closes the listening socket (open connections stay open).
    public func close() async {
        let socket = socket
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            socket.loop.execute {
                socket.value.closeForShutdown()
                continuation.resume()
            }
        }
    }
}

/// The loop-side half of a ``Listener``: created, used and closed on its loop.
final class ListeningSocket: Selectable {
    let descriptor: Int32
    let loop: EventLoop
    private let group: EventLoopGroup
    private let tls: TLSContext?
    private let options: ConnectionOptions
    private let limiter: ConnectionLimiter?
    private let outputLimit: QueuedOutputLimit?
    private let addressLimiter: AddressLimiter?
    private let logger: Logger
    private let makeHandler: @Sendable (sending Connection) -> any ConnectionHandler
    // Loop-confined.
    private var token: UInt64 = 0
    private var closed = false
    private var refusalLog = LogThrottle()
    private var addressRefusalLog = LogThrottle()

    init(descriptor: Int32, loop: EventLoop, group: EventLoopGroup, tls: TLSContext?, options: ConnectionOptions,
         limiter: ConnectionLimiter?, outputLimit: QueuedOutputLimit?, addressLimiter: AddressLimiter?,
         logger: Logger, makeHandler: @escaping @Sendable (sending Connection) -> any ConnectionHandler) {
        self.addressLimiter = addressLimiter
        self.descriptor = descriptor
        self.loop = loop
        self.group = group
        self.tls = tls
        self.options = options
        self.limiter = limiter
        self.outputLimit = outputLimit
        self.logger = logger
        self.makeHandler = makeHandler
    }

    func start() throws(SocketError) {
        token = try loop.register(self, interest: .read)
    }

    func handle(_ event: PollEvent) {
        guard !closed else { return }
        for _ in 0..<256 {
            let accepted = sb_accept(descriptor)
            if accepted < 0 {
                let code = errno
                switch code {
                case EAGAIN, EWOULDBLOCK:
                    return
                case EINTR, ECONNABORTED, EPROTO:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // Out of descriptors: stop accepting for a moment instead of spinning on the backlog.
                    logger.warning("accept paused: out of resources", metadata: ["sb.error": "\(SocketError.makeFailed("accept", errno: code))"])
                    pause()
                    return
                default:
                    logger.error("accept failed", metadata: ["sb.error": "\(SocketError.makeFailed("accept", errno: code))"])
                    return
                }
            }
            var inReserve = false
            if let limiter {
                switch limiter.admit() {
                case .regular:
                    break
                case .reserve:
                    inReserve = true
                case .refused:
                    // Nothing is allocated for it: the descriptor is all it ever costs.
                    Glibc.close(accepted)
                    logRefusal(limiter)
                    continue
                }
            }
            var admission = Connection.Admission(limiter: limiter, inReserve: inReserve, outputLimit: outputLimit)
            if let addressLimiter {
                let address = Connection.peerAddress(of: accepted)
                guard addressLimiter.admit(address) else {
                    Glibc.close(accepted)
                    limiter?.release()
                    logAddressRefusal(addressLimiter, address: address)
                    continue
                }
                admission.addressPlace = (addressLimiter, address)
            }
            let admitted = admission
            let target = group.next()
            let (tls, options, logger, makeHandler) = (self.tls, self.options, self.logger, self.makeHandler)
            if target === loop {
                Connection.adopt(descriptor: accepted, loop: target, tls: tls, options: options, admission: admitted,
                                 logger: logger, makeHandler: makeHandler)
            } else {
                target.execute {
                    Connection.adopt(descriptor: accepted, loop: target, tls: tls, options: options, admission: admitted,
                                     logger: logger, makeHandler: makeHandler)
                }
            }
        }
    }

    /// Logs refusals at most once a second, with how many there were since the last line: a flood
    /// of connections must not become a flood of log lines.
    private func logRefusal(_ limiter: ConnectionLimiter) {
        guard let refused = refusalLog.record(now: sb_monotonic_nanos()) else { return }
        logger.warning("connection refused: connection limit reached", metadata: [
            "sb.listen.refused": "\(refused)", "sb.listen.refusedTotal": "\(limiter.refusedCount)",
            "sb.listen.open": "\(limiter.openCount)",
            "sb.listen.maxConnections": "\(limiter.maxConnections)", "sb.listen.reserved": "\(limiter.reservedConnections)",
        ])
    }

    private func logAddressRefusal(_ limiter: AddressLimiter, address: String) {
        guard let refused = addressRefusalLog.record(now: sb_monotonic_nanos()) else { return }
        logger.warning("connection refused: too many unauthenticated connections from one address", metadata: [
            "sb.listen.address": "\(address)", "sb.listen.refused": "\(refused)",
            "sb.listen.refusedTotal": "\(limiter.refusedCount)", "sb.listen.maxPerAddress": "\(limiter.maxPerAddress)",
        ])
    }

    private func pause() {
        do {
            try loop.modify(self, token: token, interest: [])
        } catch {
            logger.error("cannot pause accepting", metadata: ["sb.error": "\(error)"])
        }
        loop.scheduleTimer(after: .milliseconds(100)) { [weak self] in
            guard let self, !self.closed else { return }
            try? self.loop.modify(self, token: self.token, interest: .read)
        }
    }

    func closeForShutdown() {
        guard !closed else { return }
        closed = true
        loop.deregister(self)
        Glibc.close(descriptor)
    }
}

@available(*, unavailable)
extension ListeningSocket: Sendable {}
