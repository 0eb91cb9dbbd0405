import Logging
import SwitchboardConfig
import SwitchboardSocket

/// The running server: the routing owner, the WebSocket listener and configuration reloads.
public final class SwitchboardServer: Sendable {
    public let hub: RoutingHub
    public let credentials: CredentialStore
    public let reloader: ConfigReloader
    /// The address bound.
    public let host: String
    /// The port bound (the kernel's choice when 0 was asked for).
    public let port: Int
    let group: EventLoopGroup
    let listener: Listener
    let registry: ConnectionRegistry
    let logger: Logger

    private init(hub: RoutingHub, credentials: CredentialStore, reloader: ConfigReloader, group: EventLoopGroup,
                 listener: Listener, registry: ConnectionRegistry, logger: Logger) {
        self.hub = hub
        self.credentials = credentials
        self.reloader = reloader
        self.group = group
        self.listener = listener
        self.registry = registry
        self.logger = logger
        host = listener.host
        port = listener.port
    }

    /// Starts routing and listens on `configuration.server.host`:`port` (0 for any free port).
    /// - Parameters:
    ///   - configuration: the validated configuration, overrides applied.
    ///   - source, flags, environment: where reloads read the configuration again.
    ///   - hubSettings: timing of the routing owner; defaults from the configuration.
    public static func start(
        configuration: SwitchboardConfiguration,
        source: EffectiveSettings.ConfigSource,
        flags: EffectiveSettings.Flags = .init(),
        environment: [String: String] = [:],
        hubSettings: HubSettings? = nil,
        logger: Logger
    ) async throws -> SwitchboardServer {
        let limits = configuration.server.limits
        let hub = try RoutingHub(configuration: configuration, settings: hubSettings, logger: logger)
        let credentials = CredentialStore(configuration.credentials)
        let reloader = ConfigReloader(source: source, flags: flags, environment: environment, hub: hub, credentials: credentials,
                                      boundPortOverride: configuration.server.port == 0 ? 0 : nil, logger: logger)
        let context = SessionContext(hub: hub, credentials: credentials, reloader: reloader,
                                     helloTimeout: .seconds(limits.helloTimeoutSeconds), logger: logger)
        let endpoint = EndpointSettings(maxMessageBytes: limits.maxMessageBytes, pingInterval: .seconds(limits.pingIntervalSeconds),
                                        presenceTimeout: .seconds(limits.presenceTimeoutSeconds))
        let registry = ConnectionRegistry()
        let group = try EventLoopGroup(threads: limits.eventLoopThreads, logger: logger)
        let listener: Listener
        do {
            listener = try await Listener.bind(
                host: configuration.server.host, port: configuration.server.port, group: group, logger: logger
            ) { connection in
                WebSocketSessionHandler(connection: connection, context: context, settings: endpoint, registry: registry)
            }
        } catch {
            await group.shutdown()
            await hub.stop()
            throw error
        }
        return SwitchboardServer(hub: hub, credentials: credentials, reloader: reloader, group: group,
                                 listener: listener, registry: registry, logger: logger)
    }

    /// Open WebSocket connections.
    public var connectionCount: Int { registry.count }

    /// Graceful shutdown: stop accepting, close every connection with 1001 (waiting up to
    /// `grace` for the close handshakes), then stop the loops and the routing owner.
    public func shutdown(grace: Duration = .seconds(2)) async {
        await listener.close()
        registry.closeAll(code: CloseCode.goingAway, reason: "server shutting down")
        let deadline = ContinuousClock.now + grace
        while registry.count > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        await group.shutdown()
        await hub.stop()
    }
}
