/// A customer tier (`tiers:`) and the agents dedicated to it. An interaction's `tier` names one.
public struct TierDefinition: Sendable, Hashable {
    /// Unique name, as interactions carry it in `tier`.
    public var name: String
    /// Agent ids dedicated to the tier (each in the roster).
    public var agents: [String]
    /// Groups whose members are dedicated to the tier too (each the group of at least one agent).
    public var groups: [String]
    /// Added to the priority of the tier's interactions when routing orders waiting work (offers show the
    /// interaction's own priority).
    public var priorityBoost: Int
    /// How long an interaction of the tier waits for a dedicated agent before anyone qualified may take it.
    public var fallbackSeconds: Double
    /// Dedicated agents kept free for the tier: they get other work only while more than this many of them
    /// stay free. At most the number of dedicated agents.
    public var reserve: Int
    /// An interaction of the tier waiting longer raises `vip_waiting`.
    public var targetWaitSeconds: Double

    public init(
        name: String,
        agents: [String] = [],
        groups: [String] = [],
        priorityBoost: Int = 0,
        fallbackSeconds: Double = 30,
        reserve: Int = 0,
        targetWaitSeconds: Double = 60
    ) {
        self.name = name
        self.agents = agents
        self.groups = groups
        self.priorityBoost = priorityBoost
        self.fallbackSeconds = fallbackSeconds
        self.reserve = reserve
        self.targetWaitSeconds = targetWaitSeconds
    }

    /// The ids of `roster`'s agents dedicated to this tier (listed by id or by a group), in roster order.
    public func dedicatedAgents(in roster: [AgentDefinition]) -> [String] {
        let ids = Set(agents), groups = Set(groups)
        var seen: Set<String> = []
        return roster.compactMap { agent in
            guard ids.contains(agent.id) || agent.groups.contains(where: groups.contains), seen.insert(agent.id).inserted else { return nil }
            return agent.id
        }
    }

    public static let priorityBoostRange: ClosedRange<Int> = 0...100
    public static let fallbackSecondsRange: ClosedRange<Double> = 0...3_600
    /// One second to one day.
    public static let targetWaitSecondsRange: ClosedRange<Double> = 1...86_400
}
