import SwitchboardHTTP
import SwitchboardSocket
import SwitchboardWebSocket

/// Settings of an ``HTTPServer``.
public struct HTTPServerConfiguration: Sendable {
    /// Address to bind (an IP literal or `localhost`).
    public var host: String
    /// Port to bind; 0 picks a free one (see ``HTTPServer/port``).
    public var port: Int
    /// Event-loop threads; nil means one per core.
    public var threads: Int?
    /// The path that accepts WebSocket upgrades; nil accepts them on any path.
    public var webSocketPath: String?
    /// A folder served for other GET paths (`/` maps to `index.html`); nil serves none. Symbolic
    /// links inside it are never followed (the path answers 404), so a link cannot expose files
    /// outside it; the folder itself may be a link.
    public var staticFilesRoot: String?
    /// Largest static file served, in bytes.
    public var maxStaticFileSize: Int
    /// Server TLS (`https://`, `wss://`), or nil for plain TCP.
    public var tls: TLSContext?
    /// Message size limit, ping interval, idle and close timeouts of WebSocket connections.
    public var webSocket: WebSocketStateMachine.Configuration
    /// Request-line, head and body limits of the HTTP parser.
    public var httpLimits: HTTPRequestParser.Limits
    /// Socket settings (high-water mark: the output budget of HTTP connections and of WebSockets
    /// once raised; TLS handshake timeout).
    public var connection: ConnectionOptions
    /// Connections one client address may hold before they authenticate (see ``AddressLimiter``):
    /// one host cannot take every place with connections that never log in. The application releases
    /// a connection's place once its peer authenticates.
    public var maxUnauthenticatedPerAddress: Int
    /// A keep-alive HTTP connection with no complete request for this long is closed.
    public var httpIdleTimeout: Duration
    /// A connection that has not completed its first request (typically the WebSocket upgrade)
    /// this long after it was established is closed: a peer that connects and stays silent, or
    /// trickles its request, holds a descriptor only this long.
    public var firstRequestTimeout: Duration
    /// TCP connections open at once (HTTP and WebSocket alike) before newcomers go to the reserve.
    public var maxConnections: Int
    /// Connections accepted past ``maxConnections``, for administrators; each is marked
    /// ``WebSocketConnection/isInReserve``. Past both, connections are closed as they are accepted.
    public var reservedConnections: Int
    /// Output budget of a WebSocket connection when it opens, in bytes: small, so a peer that has
    /// not authenticated and does not read cannot make the server hold much for it. The application
    /// raises it with ``WebSocketConnection/raiseOutputBudget(to:)`` once the peer has logged in.
    public var webSocketInitialOutputBudget: Int
    /// Output queued for all connections together, in bytes; past it, the slowest readers are
    /// disconnected (see ``QueuedOutputLimit``).
    public var maxQueuedOutputBytes: Int
    /// Browser origins (`scheme://host[:port]`) allowed to open WebSockets besides the server's
    /// own; `"*"` allows every origin. Requests without `Origin` (non-browser clients) are always
    /// allowed. See ``OriginPolicy``.
    public var allowedOrigins: [String]
    /// Requests whose path starts with this (other than ``webSocketPath``) go to the application's
    /// ``HTTPResponder`` (see ``HTTPServer/start(configuration:logger:metrics:responder:makeHandler:)``);
    /// nil sends none there.
    public var applicationPathPrefix: String?
    /// A streamed response body waits while more than this many bytes are queued for the peer
    /// (see ``HTTPBodyWriter``).
    public var streamHighWaterMark: Int

    /// - Parameters:
    ///   - host: address to bind (default 127.0.0.1).
    ///   - port: port to bind (default 8080; 0 for any free one).
    ///   - webSocketPath: the upgrade path (default `/v1/ws`; nil for any path).
    ///   - firstRequestTimeout: time to complete the first request (default 10 s).
    ///   - maxConnections: connections open at once before the reserve (default 10,000).
    ///   - reservedConnections: places past `maxConnections` for administrators (default 16).
    ///   - webSocketInitialOutputBudget: a new WebSocket's output budget (default 256 KiB).
    ///   - maxQueuedOutputBytes: output queued for all connections together (default 256 MiB).
    ///   - allowedOrigins: browser origins allowed besides the server's own (default none).
    ///   - applicationPathPrefix: paths answered by the application's responder (default `/v1/`).
    ///   - streamHighWaterMark: queued bytes past which a streamed body waits (default 64 KiB).
    public init(host: String = "127.0.0.1", port: Int = 8080, threads: Int? = nil, webSocketPath: String? = "/v1/ws",
                staticFilesRoot: String? = nil, maxStaticFileSize: Int = 8 << 20, tls: TLSContext? = nil,
                webSocket: WebSocketStateMachine.Configuration = WebSocketStateMachine.Configuration(),
                httpLimits: HTTPRequestParser.Limits = HTTPRequestParser.Limits(),
                connection: ConnectionOptions? = nil, httpIdleTimeout: Duration = .seconds(60),
                firstRequestTimeout: Duration = .seconds(10),
                maxConnections: Int = 10_000, reservedConnections: Int = 16,
                webSocketInitialOutputBudget: Int = 256 << 10, maxQueuedOutputBytes: Int = 256 << 20,
                allowedOrigins: [String] = [], maxUnauthenticatedPerAddress: Int = 1_000,
                applicationPathPrefix: String? = "/v1/", streamHighWaterMark: Int = 64 << 10) {
        self.applicationPathPrefix = applicationPathPrefix
        self.streamHighWaterMark = streamHighWaterMark
        self.maxUnauthenticatedPerAddress = maxUnauthenticatedPerAddress
        self.host = host
        self.port = port
        self.threads = threads
        self.webSocketPath = webSocketPath
        self.staticFilesRoot = staticFilesRoot
        self.maxStaticFileSize = maxStaticFileSize
        self.tls = tls
        self.webSocket = webSocket
        self.httpLimits = httpLimits
        // A whole maximal message (plus framing) must fit in the queue without tripping the mark.
        self.connection = connection ?? ConnectionOptions(highWaterMark: max(16 << 20, 2 * webSocket.maxMessageSize + (1 << 20)))
        self.httpIdleTimeout = httpIdleTimeout
        self.firstRequestTimeout = firstRequestTimeout
        self.maxConnections = maxConnections
        self.reservedConnections = reservedConnections
        self.webSocketInitialOutputBudget = webSocketInitialOutputBudget
        self.maxQueuedOutputBytes = maxQueuedOutputBytes
        self.allowedOrigins = allowedOrigins
    }
}
