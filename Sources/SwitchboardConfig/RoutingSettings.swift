/// Settings of the routing core that apply to every queue (`routing:`).
public struct RoutingSettings: Sendable, Hashable {
    /// Seed of the `random` strategy, so runs are reproducible.
    public var randomSeed: UInt64
    /// Seconds an agent who rejected an interaction is skipped for it.
    public var rejectSkipSeconds: Double
    /// Seconds an interaction with a preferred agent waits for that agent before anyone else may take it;
    /// queues may override it.
    public var preferredAgentFallbackSeconds: Double
    /// Interactions waiting across all queues at most; enqueues beyond it are refused (`unavailable`)
    /// so a runaway source cannot exhaust memory whatever the queues' own `max_size`.
    public var maxWaiting: Int

    public init(randomSeed: UInt64 = 0, rejectSkipSeconds: Double = 30, preferredAgentFallbackSeconds: Double = 30,
                maxWaiting: Int = RoutingSettings.defaultMaxWaiting) {
        self.randomSeed = randomSeed
        self.rejectSkipSeconds = rejectSkipSeconds
        self.preferredAgentFallbackSeconds = preferredAgentFallbackSeconds
        self.maxWaiting = maxWaiting
    }

    public static let defaultMaxWaiting = 1_000_000
}
