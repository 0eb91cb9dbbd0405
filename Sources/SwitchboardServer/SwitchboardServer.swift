public import Logging
public import SwitchboardConfig
public import SwitchboardSocket
public import SwitchboardStore
public import SwitchboardTransport

/// The running server: the routing owner, the WebSocket endpoint (`/v1/ws`, plus the transport's
/// `/healthz`), configuration reloads and, when given one, the durable store.
public final class SwitchboardServer: Sendable {
    public let hub: RoutingHub
    /// The durable store, or nil when the server runs without one.
    public let store: Store?
    /// What was rebuilt from the store at start.
    public let recovery: RecoverySummary?
    let keeper: StoreKeeper?
    public let credentials: CredentialStore
    public let reloader: ConfigReloader
    /// The connection limits every session applies, and what they refused.
    public let policy: ConnectionPolicy
    /// The address bound.
    public let host: String
    /// The port bound (the kernel's choice when 0 was asked for).
    public let port: Int
    let http: HTTPServer
    let logger: Logger

    private init(hub: RoutingHub, store: Store?, recovery: RecoverySummary?, keeper: StoreKeeper?, credentials: CredentialStore,
                 reloader: ConfigReloader, policy: ConnectionPolicy, http: HTTPServer, logger: Logger) {
        self.policy = policy
        self.hub = hub
        self.store = store
        self.recovery = recovery
        self.keeper = keeper
        self.credentials = credentials
        self.reloader = reloader
        self.http = http
        self.logger = logger
        host = http.host
        port = http.port
    }

    /// Starts routing and listens on `configuration.server.host`:`port` (0 for any free port).
    ///
    /// With a `store`, the server first rebuilds its state from it (before listening), then records
    /// every routing effect in it and answers `enqueue`, `accept`, `complete` and `cancel` only once
    /// they are on disk. The server owns the store from then on and closes it at shutdown.
    /// - Parameters:
    ///   - configuration: the validated configuration, overrides applied.
    ///   - source, flags, environment: where reloads read the configuration again.
    ///   - hubSettings: timing of the routing owner; defaults from the configuration.
    ///   - store: the durable store, already open; nil runs without durability.
    ///   - socketOptions: the client sockets' options (kernel buffer sizes); nil for the transport's
    ///     defaults (tests shrink the buffers to make a slow reader show at once).
    ///   - application: makes the responder for requests under `/v1/` other than `/v1/ws` (the REST
    ///     API); nil answers them 404.
    public static func start(
        configuration: SwitchboardConfiguration,
        source: EffectiveSettings.ConfigSource,
        flags: EffectiveSettings.Flags = .init(),
        environment: [String: String] = [:],
        hubSettings: HubSettings? = nil,
        store: Store? = nil,
        socketOptions: ConnectionOptions? = nil,
        logger: Logger,
        application: (@Sendable (ServerServices) throws -> any HTTPResponder)? = nil
    ) async throws -> SwitchboardServer {
        let limits = configuration.server.limits
        let settings = hubSettings ?? HubSettings(configuration)
        let metrics = ServerMetrics()
        let hub = try RoutingHub(configuration: configuration, settings: settings, store: store, metrics: metrics, logger: logger)
        var recovery: RecoverySummary?
        if let store {
            do {
                let wallNow = Int64(ServerClock().wallMilliseconds())
                let state = try await store.recover(now: wallNow)
                let finished = try await store.recentlyFinished(limit: settings.recentlyFinishedLimit)
                let signals = try await recoveredSignals(store, configuration, now: wallNow)
                recovery = await hub.restore(state, finished: finished, signals: signals)
            } catch {
                await store.close()
                await hub.stop()
                throw error
            }
        }
        let credentials = CredentialStore(configuration: configuration)
        let policy = ConnectionPolicy(limits: limits)
        let reloader = ConfigReloader(source: source, flags: flags, environment: environment, hub: hub, credentials: credentials, policy: policy,
                                      boundPortOverride: configuration.server.port == 0 ? 0 : nil, metrics: metrics, logger: logger)
        let context = ConnectionContext(hub: hub, credentials: credentials, reloader: reloader, policy: policy, limits: limits, metrics: metrics,
                                        logger: logger)
        let http: HTTPServer
        do {
            var tls: TLSContext?
            if let settings = configuration.server.tls {
                tls = try TLSContext.server(certificatePath: settings.certificatePath, privateKeyPath: settings.privateKeyPath)
            }
            let reloadable = transportLimits(configuration)
            let transport = HTTPServerConfiguration(
                host: configuration.server.host, port: configuration.server.port, threads: limits.eventLoopThreads,
                webSocketPath: "/v1/ws", staticFilesRoot: configuration.server.webRoot, tls: tls, webSocket: webSocketSettings(limits),
                connection: socketOptions,
                firstRequestTimeout: reloadable.firstRequestTimeout,
                maxConnections: reloadable.maxConnections, reservedConnections: reloadable.reservedConnections,
                webSocketInitialOutputBudget: reloadable.webSocketInitialOutputBudget, maxQueuedOutputBytes: reloadable.maxQueuedOutputBytes,
                allowedOrigins: reloadable.allowedOrigins, maxUnauthenticatedPerAddress: reloadable.maxUnauthenticatedPerAddress)
            let services = ServerServices(hub: hub, credentials: credentials, policy: policy, store: store, logger: logger)
            let responder = try application?(services)
            http = try await HTTPServer.start(configuration: transport, logger: logger,
                                              metrics: { metrics.exposition(hub: hub, store: store) + policy.metricsText },
                                              responder: responder) { _ in
                ClientWebSocketHandler(context: context)
            }
        } catch {
            await store?.close()
            await hub.stop()
            throw error
        }
        await reloader.onApplied { [logger] applied in
            do {
                try http.update(transportLimits(applied))
            } catch {
                logger.error("reloaded connection limits refused by the transport", metadata: ["sb.error": "\(error)"])
            }
        }
        let keeper = store.map { StoreKeeper(store: $0, retentionDays: configuration.store.retentionDays, logger: logger) }
        return SwitchboardServer(hub: hub, store: store, recovery: recovery, keeper: keeper, credentials: credentials,
                                 reloader: reloader, policy: policy, http: http, logger: logger)
    }

    /// What the signals read back at a start: the contacts of the customer window, the arrivals of the
    /// surge baseline period, the alerts still raised.
    static func recoveredSignals(_ store: Store, _ configuration: SwitchboardConfiguration, now: Int64) async throws -> RecoveredSignals {
        let customers = configuration.customers
        let surge = configuration.alerts.topicSurge
        var signals = RecoveredSignals()
        if customers.memory {
            signals.contacts = try await store.recentContacts(since: now - SignalRules.milliseconds(hours: customers.windowHours),
                                                              topicAttribute: customers.topicAttribute)
        }
        if surge.enabled, surge.baselineDays > 0 {
            signals.arrivals = try await store.arrivals(since: now - Int64(surge.baselineDays) * 86_400_000, topicAttribute: customers.topicAttribute)
        }
        signals.alerts = try await store.raisedAlerts()
        return signals
    }

    /// Open WebSocket connections.
    public var connectionCount: Int { http.webSocketCount }

    /// Graceful shutdown: stop accepting, close every connection with 1001 (waiting up to
    /// `grace` for the close handshakes), commit what the store still holds, then stop the loops
    /// and the routing owner.
    public func shutdown(grace: Duration = .seconds(2)) async {
        hub.events?.close()
        await http.shutdown(code: .goingAway, timeout: grace)
        keeper?.stop()
        await hub.commitPendingJournal()
        await store?.close()
        await hub.stop()
    }
}

/// The transport limits a configuration asks for; a reload applies them to the running server.
func transportLimits(_ configuration: SwitchboardConfiguration) -> ReloadableLimits {
    let limits = configuration.server.limits
    return ReloadableLimits(maxConnections: limits.maxConnections, reservedConnections: limits.reservedConnections,
                            firstRequestTimeout: .seconds(limits.firstRequestTimeoutSeconds),
                            webSocketInitialOutputBudget: limits.unauthenticatedOutputBytes,
                            maxQueuedOutputBytes: limits.maxQueuedOutputBytes, allowedOrigins: configuration.server.allowedOrigins,
                            maxUnauthenticatedPerAddress: limits.maxUnauthenticatedPerAddress)
}

/// The WebSocket settings of the endpoint: messages up to `max_message_bytes`, a ping after
/// `ping_interval_seconds` of silence, and the connection dropped after `presence_timeout_seconds`
/// without any frame (pongs included), which the routing owner takes as a disconnect.
func webSocketSettings(_ limits: ServerLimits) -> WebSocketStateMachine.Configuration {
    WebSocketStateMachine.Configuration(maxMessageSize: limits.maxMessageBytes, pingInterval: .seconds(limits.pingIntervalSeconds),
                                        idleTimeout: .seconds(limits.presenceTimeoutSeconds), closeTimeout: .seconds(5))
}
