public import SwitchboardConfig
public import SwitchboardRouter

/// Turns the operator's configuration (`switchboard.yaml`) into the routing core's configuration.
///
/// Options the core has no field for stay with the server in ``QueuePolicy`` (a queue's default
/// priority and preferred-agent fallback are applied when an interaction is enqueued).
public enum RoutingConfigurationMapper {
    /// The routing configuration for `configuration`: every queue option, every agent with its
    /// capacities after channel defaults, exclusive channels, seed, preferred-agent fallback and tiers.
    /// `today` maps agents' start dates to stages (`agents.tenure`); without it an agent with a start
    /// date and no written stage counts as experienced.
    public static func routingConfiguration(from configuration: SwitchboardConfiguration, today: CalendarDate? = nil) -> RoutingConfiguration {
        let routing = configuration.routing
        let rejectionSkip = Duration.seconds(routing.rejectSkipSeconds)
        let queues = configuration.queues.map { queue($0, rejectionSkip: rejectionSkip) }
        let tenure = configuration.agentSettings.tenure
        let agents = configuration.agents.map { definition in
            var profile = agent(definition, rules: configuration.channels)
            profile.stage = today.map { definition.stage(on: $0, tenure: tenure) } ?? definition.stage ?? .experienced
            return profile
        }
        return RoutingConfiguration(
            queues: queues,
            agents: agents,
            exclusiveChannels: configuration.channels.exclusive,
            randomSeed: routing.randomSeed,
            defaultPreferredAgentFallback: .seconds(routing.preferredAgentFallbackSeconds),
            tiers: configuration.tiers.map { tier($0, roster: configuration.agents) }
        )
    }

    /// A tier with its agents and groups resolved to the roster's ids.
    static func tier(_ definition: TierDefinition, roster: [AgentDefinition]) -> TierConfiguration {
        TierConfiguration(
            name: definition.name,
            dedicatedAgents: Set(definition.dedicatedAgents(in: roster).map { AgentID($0) }),
            priorityBoost: definition.priorityBoost,
            fallback: .milliseconds(Int64((definition.fallbackSeconds * 1000).rounded())),
            reserve: definition.reserve
        )
    }

    /// The server-side options of every queue, by queue name.
    public static func policies(from configuration: SwitchboardConfiguration) -> [String: QueuePolicy] {
        var policies: [String: QueuePolicy] = [:]
        for queue in configuration.queues {
            policies[queue.name] = QueuePolicy(
                defaultPriority: queue.defaultPriority,
                preferredAgentFallback: queue.preferredAgentFallbackSeconds.map { .seconds($0) }
            )
        }
        return policies
    }

    static func queue(_ definition: QueueDefinition, rejectionSkip: Duration) -> QueueConfiguration {
        QueueConfiguration(
            id: QueueID(definition.name),
            channels: Set(definition.channels),
            requirements: definition.requirements,
            strategy: definition.strategy,
            agingPointsPerSecond: definition.agingPointsPerSecond,
            relaxation: definition.relaxation,
            maxWait: definition.maxWait.map { .seconds($0.seconds) },
            onMaxWait: definition.maxWait?.action ?? .end(reason: "max_wait"),
            maxSize: definition.maxSize,
            wrapUp: .seconds(definition.wrapUpSeconds),
            offerTimeout: .seconds(definition.offerTimeoutSeconds),
            serviceLevelThreshold: .seconds(definition.serviceLevelSeconds),
            parallelOffers: definition.parallelOffers,
            rejectionSkip: rejectionSkip,
            minimumStage: definition.minimumStage,
            newAgentDemandingChats: definition.newAgentDemandingChats
        )
    }

    static func agent(_ definition: AgentDefinition, rules: ChannelRules) -> AgentProfile {
        var capacity: [Channel: Int] = [:]
        for channel in Channel.allCases {
            let n = definition.effectiveCapacity(for: channel, rules: rules)
            if n > 0 { capacity[channel] = n }
        }
        return AgentProfile(id: AgentID(definition.id), skills: definition.skills, capacity: capacity,
                            totalCapacity: definition.totalCapacity)
    }
}

/// Queue options the server applies itself when an interaction is enqueued.
public struct QueuePolicy: Sendable, Hashable {
    /// Priority of interactions enqueued without one.
    public var defaultPriority: Int
    /// How long a preferred agent is waited for here; nil uses the routing default.
    public var preferredAgentFallback: Duration?

    public init(defaultPriority: Int = 0, preferredAgentFallback: Duration? = nil) {
        self.defaultPriority = defaultPriority
        self.preferredAgentFallback = preferredAgentFallback
    }
}
