/// Network listener, TLS and connection limits (`server:`).
public struct ServerSettings: Sendable, Hashable {
    /// Address to bind; loopback by default so a fresh install is not reachable from outside.
    public var host: String
    /// TCP port to bind (1–65535).
    public var port: Int
    /// TLS certificate and key; plain WebSocket when `nil`.
    public var tls: TLSSettings?
    /// Connection and message limits.
    public var limits: ServerLimits
    /// Directory of static files served over HTTP (the supervisor wallboard), or `nil` for none.
    public var webRoot: String?
    /// Browser origins (`scheme://host[:port]`) allowed to open the WebSocket besides the server's own;
    /// `*` allows any, `null` the opaque origin of a `file://` page. Clients without `Origin` (not
    /// browsers) are always allowed.
    public var allowedOrigins: [String]
    /// How log lines are written to standard error (read at start only).
    public var logFormat: LogFormat

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        tls: TLSSettings? = nil,
        limits: ServerLimits = ServerLimits(),
        webRoot: String? = nil,
        allowedOrigins: [String] = [],
        logFormat: LogFormat = .text
    ) {
        self.logFormat = logFormat
        self.host = host
        self.port = port
        self.tls = tls
        self.limits = limits
        self.webRoot = webRoot
        self.allowedOrigins = allowedOrigins
    }

    public static let portRange: ClosedRange<Int> = 1...65535
}

/// PEM file paths for TLS (`server.tls:`).
public struct TLSSettings: Sendable, Hashable {
    /// Certificate chain (PEM).
    public var certificatePath: String
    /// Private key (PEM).
    public var privateKeyPath: String

    public init(certificatePath: String, privateKeyPath: String) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
    }
}

/// Limits that protect the server from clients (`server.limits:`).
public struct ServerLimits: Sendable, Hashable {
    /// Largest WebSocket message accepted, in bytes.
    public var maxMessageBytes: Int
    /// Connections accepted at once; further ones are refused at accept (counted and logged), except
    /// `reservedConnections` more, which only an admin may log in on.
    public var maxConnections: Int
    public var reservedConnections: Int
    /// Connections one client address may hold before they log in (closed at accept past it), so one
    /// host cannot fill `maxConnections` with connections that never authenticate.
    public var maxUnauthenticatedPerAddress: Int
    /// Seconds a new connection has to complete its first HTTP request (the WebSocket upgrade).
    public var firstRequestTimeoutSeconds: Double
    /// Output a WebSocket connection may have queued before it logs in; a client that does not read
    /// is cut past it, so unauthenticated connections cannot hold the server's memory.
    public var unauthenticatedOutputBytes: Int
    /// Output queued for all connections together at most; past it the slowest readers are cut.
    public var maxQueuedOutputBytes: Int
    /// Event-loop threads; `nil` means one per core.
    public var eventLoopThreads: Int?
    /// Seconds a new connection has to send `hello`.
    public var helloTimeoutSeconds: Double
    /// Seconds a disconnected agent keeps its active interactions before they are re-queued.
    public var agentReconnectGraceSeconds: Double
    /// Seconds between server pings.
    public var pingIntervalSeconds: Double
    /// Seconds without a pong after which a client counts as gone (no offer goes to it).
    public var presenceTimeoutSeconds: Double
    /// Connections one source principal may hold at once (a gateway's pool), so one misbehaving
    /// gateway cannot take every slot.
    public var maxConnectionsPerSource: Int
    /// Connections one supervisor or admin principal may hold at once (wallboards, tabs).
    public var maxConnectionsPerSupervisor: Int
    /// Messages a connection may send per second on average (token bucket refill rate): agents,
    /// supervisors, admins and connections that have not said `hello` yet…
    public var messagesPerSecond: Double
    /// …and in one burst (bucket size). Beyond it messages are answered `limit_exceeded`; a client that
    /// keeps sending is disconnected.
    public var messageBurst: Int
    /// The same for a source's connection, which carries a gateway's whole traffic.
    public var sourceMessagesPerSecond: Double
    public var sourceMessageBurst: Int
    /// Failed `hello`s from one address before it is locked out; failures before that are answered
    /// with a growing delay.
    public var failedLoginsBeforeLockout: Int
    /// Seconds an address stays locked out.
    public var loginLockoutSeconds: Double

    public init(
        maxMessageBytes: Int = 65_536,
        maxConnections: Int = 10_000,
        reservedConnections: Int = 16,
        maxUnauthenticatedPerAddress: Int = 1_000,
        firstRequestTimeoutSeconds: Double = 10,
        unauthenticatedOutputBytes: Int = 256 << 10,
        maxQueuedOutputBytes: Int = 256 << 20,
        eventLoopThreads: Int? = nil,
        helloTimeoutSeconds: Double = 10,
        agentReconnectGraceSeconds: Double = 60,
        pingIntervalSeconds: Double = 10,
        presenceTimeoutSeconds: Double = 30,
        maxConnectionsPerSource: Int = 64,
        maxConnectionsPerSupervisor: Int = 16,
        messagesPerSecond: Double = 100,
        messageBurst: Int = 200,
        sourceMessagesPerSecond: Double = 20_000,
        sourceMessageBurst: Int = 40_000,
        failedLoginsBeforeLockout: Int = 20,
        loginLockoutSeconds: Double = 300
    ) {
        self.maxMessageBytes = maxMessageBytes
        self.maxConnections = maxConnections
        self.reservedConnections = reservedConnections
        self.maxUnauthenticatedPerAddress = maxUnauthenticatedPerAddress
        self.firstRequestTimeoutSeconds = firstRequestTimeoutSeconds
        self.unauthenticatedOutputBytes = unauthenticatedOutputBytes
        self.maxQueuedOutputBytes = maxQueuedOutputBytes
        self.eventLoopThreads = eventLoopThreads
        self.helloTimeoutSeconds = helloTimeoutSeconds
        self.agentReconnectGraceSeconds = agentReconnectGraceSeconds
        self.pingIntervalSeconds = pingIntervalSeconds
        self.presenceTimeoutSeconds = presenceTimeoutSeconds
        self.maxConnectionsPerSource = maxConnectionsPerSource
        self.maxConnectionsPerSupervisor = maxConnectionsPerSupervisor
        self.messagesPerSecond = messagesPerSecond
        self.messageBurst = messageBurst
        self.sourceMessagesPerSecond = sourceMessagesPerSecond
        self.sourceMessageBurst = sourceMessageBurst
        self.failedLoginsBeforeLockout = failedLoginsBeforeLockout
        self.loginLockoutSeconds = loginLockoutSeconds
    }
}
