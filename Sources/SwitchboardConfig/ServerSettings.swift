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

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        tls: TLSSettings? = nil,
        limits: ServerLimits = ServerLimits(),
        webRoot: String? = nil
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.limits = limits
        self.webRoot = webRoot
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
    /// Connections accepted at once; further ones are refused.
    public var maxConnections: Int
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

    public init(
        maxMessageBytes: Int = 65_536,
        maxConnections: Int = 10_000,
        eventLoopThreads: Int? = nil,
        helloTimeoutSeconds: Double = 10,
        agentReconnectGraceSeconds: Double = 60,
        pingIntervalSeconds: Double = 10,
        presenceTimeoutSeconds: Double = 30
    ) {
        self.maxMessageBytes = maxMessageBytes
        self.maxConnections = maxConnections
        self.eventLoopThreads = eventLoopThreads
        self.helloTimeoutSeconds = helloTimeoutSeconds
        self.agentReconnectGraceSeconds = agentReconnectGraceSeconds
        self.pingIntervalSeconds = pingIntervalSeconds
        self.presenceTimeoutSeconds = presenceTimeoutSeconds
    }
}
