public import SwitchboardConfig

/// Timing and memory settings of the routing owner. What the configuration file sets comes from it
/// (its defaults live in `ServerLimits`, once); the rest are internal knobs tests may shorten.
public struct HubSettings: Sendable, Hashable {
    /// How long a disconnected agent keeps its active interactions (`agent_reconnect_grace_seconds`).
    public var agentReconnectGrace: Duration
    /// Supervisors get at most one `stats` push per this interval…
    public var statsMinInterval: Duration = .milliseconds(250)
    /// …and at least one per this interval while subscribed.
    public var statsMaxInterval: Duration = .seconds(1)
    /// Finished interaction ids remembered for idempotent re-enqueue.
    public var recentlyFinishedLimit = 10_000
    /// Events the store may have waiting for its writer before new interactions are refused
    /// (`unavailable`): memory stays bounded when arrivals outpace the disk.
    public var maxPendingStoreEvents = 200_000
    /// Per-consumer limits of the event stream (`subscribe` with `since`).
    public var eventStream = EventStreamSettings()

    /// The settings a configuration asks for.
    public init(_ configuration: SwitchboardConfiguration) {
        agentReconnectGrace = .seconds(configuration.server.limits.agentReconnectGraceSeconds)
    }
}
