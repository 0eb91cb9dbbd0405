import Synchronization
import SwitchboardSocket

/// The limits of an ``HTTPServer`` that a configuration reload may change while it serves: new
/// connections and upgrades read them when they start, connections already open keep what they
/// started with.
public struct ReloadableLimits: Sendable, Equatable {
    /// Connections open at once before newcomers go to the reserve, and the reserve.
    public var maxConnections: Int
    public var reservedConnections: Int
    /// Time a new connection has to complete its first request.
    public var firstRequestTimeout: Duration
    /// Output a WebSocket may queue before the application raises its budget.
    public var webSocketInitialOutputBudget: Int
    /// Output queued for all connections together.
    public var maxQueuedOutputBytes: Int
    /// Browser origins allowed besides the server's own (see ``OriginPolicy``).
    public var allowedOrigins: [String]
    /// Connections one address may hold before they authenticate.
    public var maxUnauthenticatedPerAddress: Int

    public init(maxConnections: Int, reservedConnections: Int, firstRequestTimeout: Duration, webSocketInitialOutputBudget: Int,
                maxQueuedOutputBytes: Int, allowedOrigins: [String], maxUnauthenticatedPerAddress: Int = 1_000) {
        self.maxUnauthenticatedPerAddress = maxUnauthenticatedPerAddress
        self.maxConnections = maxConnections
        self.reservedConnections = reservedConnections
        self.firstRequestTimeout = firstRequestTimeout
        self.webSocketInitialOutputBudget = webSocketInitialOutputBudget
        self.maxQueuedOutputBytes = maxQueuedOutputBytes
        self.allowedOrigins = allowedOrigins
    }

    /// The limits a configuration starts with.
    public init(_ configuration: HTTPServerConfiguration) {
        self.init(maxConnections: configuration.maxConnections, reservedConnections: configuration.reservedConnections,
                  firstRequestTimeout: configuration.firstRequestTimeout,
                  webSocketInitialOutputBudget: configuration.webSocketInitialOutputBudget,
                  maxQueuedOutputBytes: configuration.maxQueuedOutputBytes, allowedOrigins: configuration.allowedOrigins,
                  maxUnauthenticatedPerAddress: configuration.maxUnauthenticatedPerAddress)
    }
}

/// The per-connection part of ``ReloadableLimits`` in force, shared by every connection of a server.
final class ConnectionSettings: Sendable {
    struct Current {
        var firstRequestTimeout: Duration
        var webSocketInitialOutputBudget: Int
        var originPolicy: OriginPolicy
    }

    private let current: Mutex<Current>

    init(_ current: Current) {
        self.current = Mutex(current)
    }

    var value: Current { current.withLock { $0 } }

    func replace(with new: Current) {
        current.withLock { $0 = new }
    }
}
