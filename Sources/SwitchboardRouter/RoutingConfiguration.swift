/// The whole routing setup a configuration loader builds: queues, the agent roster and global options.
public struct RoutingConfiguration: Hashable, Sendable {
    public var queues: [QueueConfiguration]
    /// Agents that may log in, in roster order (round-robin follows it).
    public var agents: [AgentProfile]
    /// Channels whose work blocks all other work while held (voice by default).
    public var exclusiveChannels: Set<Channel>
    /// Seed of the generator behind the `random` strategy.
    public var randomSeed: UInt64
    /// Time a preferred agent is waited for when an interaction does not say.
    public var defaultPreferredAgentFallback: Duration
    /// Customer tiers, highest first (an interaction whose tier is not listed routes as untiered).
    public var tiers: [TierConfiguration]

    public init(
        queues: [QueueConfiguration] = [],
        agents: [AgentProfile] = [],
        exclusiveChannels: Set<Channel> = [.voice],
        randomSeed: UInt64 = 0x5EED,
        defaultPreferredAgentFallback: Duration = .seconds(30),
        tiers: [TierConfiguration] = []
    ) {
        self.queues = queues
        self.agents = agents
        self.exclusiveChannels = exclusiveChannels
        self.randomSeed = randomSeed
        self.defaultPreferredAgentFallback = defaultPreferredAgentFallback
        self.tiers = tiers
    }
}
