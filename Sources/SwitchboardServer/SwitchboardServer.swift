import Logging
import SwitchboardConfig
import SwitchboardSocket
import SwitchboardTransport

/// The running server: the routing owner, the WebSocket endpoint (`/v1/ws`, plus the transport's
/// `/healthz`) and configuration reloads.
public final class SwitchboardServer: Sendable {
    public let hub: RoutingHub
    public let credentials: CredentialStore
    public let reloader: ConfigReloader
    /// The address bound.
    public let host: String
    /// The port bound (the kernel's choice when 0 was asked for).
    public let port: Int
    let http: HTTPServer
    let logger: Logger

    private init(hub: RoutingHub, credentials: CredentialStore, reloader: ConfigReloader, http: HTTPServer, logger: Logger) {
        self.hub = hub
        self.credentials = credentials
        self.reloader = reloader
        self.http = http
        self.logger = logger
        host = http.host
        port = http.port
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
        let http: HTTPServer
        do {
            var tls: TLSContext?
            if let settings = configuration.server.tls {
                tls = try TLSContext.server(certificatePath: settings.certificatePath, privateKeyPath: settings.privateKeyPath)
            }
            let transport = HTTPServerConfiguration(
                host: configuration.server.host, port: configuration.server.port, threads: limits.eventLoopThreads,
                webSocketPath: "/v1/ws", staticFilesRoot: configuration.server.webRoot, tls: tls, webSocket: endpoint.webSocket)
            http = try await HTTPServer.start(configuration: transport, logger: logger) { _ in
                SessionWebSocketHandler(context: context)
            }
        } catch {
            await hub.stop()
            throw error
        }
        return SwitchboardServer(hub: hub, credentials: credentials, reloader: reloader, http: http, logger: logger)
    }

    /// Open WebSocket connections.
    public var connectionCount: Int { http.webSocketCount }

    /// Graceful shutdown: stop accepting, close every connection with 1001 (waiting up to
    /// `grace` for the close handshakes), then stop the loops and the routing owner.
    public func shutdown(grace: Duration = .seconds(2)) async {
        await http.shutdown(code: .goingAway, timeout: grace)
        await hub.stop()
    }
}
