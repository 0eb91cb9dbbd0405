import CoreMetrics
import DequeModule
public import Logging
public import SwitchboardConfig
import SwitchboardSocket

/// What every client connection of a server shares.
public struct ConnectionContext: Sendable {
    public var hub: RoutingHub
    public var credentials: CredentialStore
    /// Handles the admin `reload`; nil refuses it as unavailable.
    public var reloader: ConfigReloader?
    /// Message rate, login throttle and their counts, shared by every connection.
    public var policy: ConnectionPolicy
    /// Time a new connection has to send `hello` (`hello_timeout_seconds`).
    public var helloTimeout: Duration
    /// Requests a connection may have handed to the routing owner and not yet had handled; a client
    /// that sends more without reading answers is closed (1008) instead of growing the server's memory.
    public var maxRequestsInFlight = 4_096
    public var logger: Logger
    /// Counts messages by role; nil counts nothing.
    public var metrics: ServerMetrics?

    /// The context of a server running `limits`.
    public init(hub: RoutingHub, credentials: CredentialStore, reloader: ConfigReloader?, policy: ConnectionPolicy,
                limits: ServerLimits, metrics: ServerMetrics? = nil, logger: Logger) {
        self.metrics = metrics
        self.hub = hub
        self.credentials = credentials
        self.reloader = reloader
        self.policy = policy
        helloTimeout = .seconds(limits.helloTimeoutSeconds)
        self.logger = logger
    }
}

/// One client connection above the transport, on its connection's loop: a message's payload bytes
/// are decoded and checked there by the ``ConnectionGate`` (hello, roles, rate), then handed to the
/// routing owner in one hop (``RoutingHub/submit(_:from:)``), in arrival order. Answers go back
/// through the ``ClientLink``.
///
/// Loop-bound: every method runs on `loop` (the connection's), so its state needs no lock.
final class ClientConnection {
    let link: any ClientLink
    let loop: EventLoop
    let context: ConnectionContext
    var gate = ConnectionGate()
    var rate: MessageRateLimiter
    /// A rate disconnect was already ordered (frames in flight keep arriving until the close lands).
    var cutForRate = false
    var helloTimer: LoopTimer?
    /// An admin `reload` is running: later messages wait in `held`, so the connection's order holds.
    var paused = false
    var held: Deque<[UInt8]> = []
    /// This connection's message counters: those of no role until hello succeeds, then its role's
    /// (picked once, so a message costs one atomic add).
    var received: CoreMetrics.Counter?
    var refused: CoreMetrics.Counter?

    /// Call on `loop`; starts the hello deadline.
    init(link: any ClientLink, loop: EventLoop, context: ConnectionContext) {
        self.link = link
        self.loop = loop
        self.context = context
        (received, refused) = context.metrics?.messageCounters(for: nil) ?? (nil, nil)
        rate = context.policy.makeRateLimiter()
        helloTimer = loop.scheduleTimer(after: context.helloTimeout) { [weak self] in
            guard let self else { return }
            helloTimer = nil
            perform(gate.helloTimedOut())
        }
    }
}

@available(*, unavailable)
extension ClientConnection: Sendable {}
