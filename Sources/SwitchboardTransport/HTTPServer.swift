public import Logging
import Synchronization
import SwitchboardHTTP
import SwitchboardSocket
import SwitchboardWebSocket

/// An HTTP/1.1 server on the socket layer: WebSocket upgrades on the configured path, `/healthz`,
/// `/metrics`, static files and keep-alive. Each connection is an actor on one event loop.
public final class HTTPServer: Sendable {
    /// Creates the application's handler for each accepted WebSocket upgrade (called on the
    /// connection's loop with the upgrade request).
    public typealias HandlerFactory = @Sendable (HTTPRequestHead) -> any WebSocketHandler

    public let configuration: HTTPServerConfiguration
    /// The event loops serving connections.
    public let group: EventLoopGroup
    private let listener: Listener
    private let registry: WebSocketRegistry
    private let logger: Logger

    /// The bound port (the real one when 0 was configured).
    public var port: Int { listener.port }
    /// The bound host.
    public var host: String { listener.host }
    /// Open WebSocket connections.
    public var webSocketCount: Int { registry.count }
    /// Open TCP connections, HTTP and WebSocket, counted from accept to close.
    public var openConnectionCount: Int { limiter.openCount }
    /// Connections closed at accept since the start because every place, reserve included, was taken.
    public var refusedConnectionCount: Int { limiter.refusedCount }
    /// Output queued for peers and not yet taken by the kernel, across all connections (as last
    /// reported: a connection reports once per write batch).
    public var queuedOutputBytes: Int { outputLimit.queuedBytes }
    private let limiter: ConnectionLimiter
    private let outputLimit: QueuedOutputLimit
    private let settings: ConnectionSettings
    private let addressLimiter: AddressLimiter

    private init(configuration: HTTPServerConfiguration, group: EventLoopGroup, listener: Listener, registry: WebSocketRegistry,
                 limiter: ConnectionLimiter, outputLimit: QueuedOutputLimit, settings: ConnectionSettings, addressLimiter: AddressLimiter,
                 logger: Logger) {
        self.settings = settings
        self.addressLimiter = addressLimiter
        self.configuration = configuration
        self.group = group
        self.listener = listener
        self.registry = registry
        self.limiter = limiter
        self.outputLimit = outputLimit
        self.logger = logger
    }

    /// Binds and starts serving.
    /// - Parameters:
    ///   - configuration: address, paths, limits, TLS.
    ///   - logger: server and connection logs (`"sb.conn.id"` metadata).
    ///   - metrics: the application's part of `GET /metrics` (Prometheus text), evaluated per request on
    ///     a loop; the server's connection series follow it.
    ///   - responder: answers requests under ``HTTPServerConfiguration/applicationPathPrefix``; nil
    ///     answers them 404 like any unknown path.
    ///   - makeHandler: the application's handler for each WebSocket connection.
    /// - Throws: ``SocketError`` when binding fails or an entry of
    ///   ``HTTPServerConfiguration/allowedOrigins`` is not an origin.
    public static func start(configuration: HTTPServerConfiguration, logger: Logger,
                             metrics: @escaping @Sendable () -> String = { "" },
                             responder: (any HTTPResponder)? = nil,
                             makeHandler: @escaping HandlerFactory) async throws(SocketError) -> HTTPServer {
        let originPolicy = try OriginPolicy(allowedOrigins: configuration.allowedOrigins)
        let limiter = ConnectionLimiter(maxConnections: configuration.maxConnections,
                                        reservedConnections: configuration.reservedConnections)
        let outputLimit = QueuedOutputLimit(maxBytes: configuration.maxQueuedOutputBytes)
        let addressLimiter = AddressLimiter(maxPerAddress: configuration.maxUnauthenticatedPerAddress)
        let group = try EventLoopGroup(threads: configuration.threads, logger: logger)
        warnIfDescriptorsRunShort(limiter, logger: logger)
        let registry = WebSocketRegistry()
        let settings = ConnectionSettings(.init(firstRequestTimeout: configuration.firstRequestTimeout,
                                                webSocketInitialOutputBudget: configuration.webSocketInitialOutputBudget,
                                                originPolicy: originPolicy))
        let context = HTTPServerContext(configuration: configuration, settings: settings, makeHandler: makeHandler, responder: responder,
                                        metrics: { metrics() + connectionMetrics(limiter: limiter, outputLimit: outputLimit, addressLimiter: addressLimiter, registry: registry) },
                                        registry: registry, logger: logger)
        do {
            let listener = try await Listener.bind(host: configuration.host, port: configuration.port, group: group,
                                                   tls: configuration.tls, options: configuration.connection, limiter: limiter,
                                                   outputLimit: outputLimit, addressLimiter: addressLimiter, logger: logger) { socket in
                HTTPServerConnection(socket: socket, context: context)
            }
            return HTTPServer(configuration: configuration, group: group, listener: listener, registry: registry,
                              limiter: limiter, outputLimit: outputLimit, settings: settings, addressLimiter: addressLimiter, logger: logger)
        } catch {
            await group.shutdown()
            throw error
        }
    }

    /// The connection limit is only a promise if the process may open that many descriptors.
    private static func warnIfDescriptorsRunShort(_ limiter: ConnectionLimiter, logger: Logger) {
        guard let (soft, _) = try? ResourceLimits.openFileLimit() else { return }
        // Listeners, epoll, eventfds, the store and log files need some too.
        let needed = limiter.maxConnections + limiter.reservedConnections + 64
        if soft < needed {
            logger.warning("descriptor limit is below the connection limit; accept will fail before it", metadata: [
                "sb.limits.openFiles": "\(soft)", "sb.limits.maxConnections": "\(limiter.maxConnections)",
                "sb.limits.reserved": "\(limiter.reservedConnections)",
            ])
        }
    }

    /// Takes the limits of a reloaded configuration: new connections and upgrades follow them at once,
    /// connections already open keep their place and the budget they started with.
    /// - Throws: ``SocketError`` when an entry of `allowedOrigins` is not an origin; nothing changes then.
    public func update(_ limits: ReloadableLimits) throws(SocketError) {
        let originPolicy = try OriginPolicy(allowedOrigins: limits.allowedOrigins)
        limiter.update(maxConnections: limits.maxConnections, reservedConnections: limits.reservedConnections)
        outputLimit.update(maxBytes: limits.maxQueuedOutputBytes)
        addressLimiter.update(maxPerAddress: limits.maxUnauthenticatedPerAddress)
        settings.replace(with: .init(firstRequestTimeout: limits.firstRequestTimeout,
                                     webSocketInitialOutputBudget: limits.webSocketInitialOutputBudget, originPolicy: originPolicy))
    }

    /// Stops accepting, closes every WebSocket with `code` (1001 by default), waits up to `timeout`
    /// for the close handshakes, then closes whatever is left and stops the loops.
    public func shutdown(code: WebSocketCloseCode = .goingAway, timeout: Duration = .seconds(3)) async {
        await listener.close()
        let connections = registry.all
        for connection in connections {
            connection.enqueueClose(code: code, reason: "server shutting down")
        }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while registry.count > 0 && clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        logger.info("server stopped", metadata: ["sb.ws.remaining": "\(registry.count)"])
        await group.shutdown()
    }
}

/// Open WebSocket connections of a server, for shutdown and counts.
final class WebSocketRegistry: Sendable {
    private let connections = Mutex<[UInt64: WebSocketConnection]>([:])

    func add(_ connection: WebSocketConnection) {
        connections.withLock { $0[connection.id] = connection }
    }

    func remove(_ connection: WebSocketConnection) {
        _ = connections.withLock { $0.removeValue(forKey: connection.id) }
    }

    var count: Int { connections.withLock { $0.count } }
    var all: [WebSocketConnection] { connections.withLock { Array($0.values) } }
}

/// What every connection of one server shares.
struct HTTPServerContext: Sendable {
    let configuration: HTTPServerConfiguration
    /// Origins, first-request timeout and initial output budget in force (reloadable).
    let settings: ConnectionSettings
    let makeHandler: HTTPServer.HandlerFactory
    let responder: (any HTTPResponder)?
    let metrics: @Sendable () -> String
    let registry: WebSocketRegistry
    let logger: Logger
}
