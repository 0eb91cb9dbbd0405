/// A customer tier's routing (platinum, gold…): its interactions are offered to the agents dedicated to
/// it first, with a priority boost; after `fallback` anyone qualified may take them.
///
/// Tiers are ranked by their order in ``RoutingConfiguration/tiers``, highest first: a dedicated agent
/// that frees up takes its highest tier's waiting work before any other, so a tier's interactions never
/// wait behind lower tiers for a dedicated agent.
public struct TierConfiguration: Hashable, Sendable {
    /// The name an interaction's ``InteractionRequest/tier`` gives.
    public var name: String
    /// Agents dedicated to the tier (the configuration's agents and groups, resolved to ids). Ids not in
    /// the roster are ignored until such an agent joins it; an agent may be dedicated to several tiers.
    public var dedicatedAgents: Set<AgentID>
    /// Points added to the priority of the tier's interactions (0–100) wherever waiting work is
    /// ordered; offers and snapshots keep the priority the interaction came with.
    public var priorityBoost: Int
    /// How long the tier's interactions wait for a dedicated agent before anyone qualified may take
    /// them, counted from the interaction's enqueue (kept across requeue, transfer and overflow); zero
    /// tries dedicated agents first and then anyone at once. Never waited when no dedicated agent able
    /// to take the interaction is logged in (capacity on its channel, requirements, minimum stage).
    public var fallback: Duration
    /// Dedicated agents kept free for the tier: a dedicated agent takes other work only while more than
    /// this many of the tier's dedicated agents are free (available and holding no work); an agent
    /// holding work is not held back.
    public var reserve: Int

    public init(name: String, dedicatedAgents: Set<AgentID>, priorityBoost: Int = 0, fallback: Duration = .zero, reserve: Int = 0) {
        self.name = name
        self.dedicatedAgents = dedicatedAgents
        self.priorityBoost = priorityBoost
        self.fallback = fallback
        self.reserve = reserve
    }
}
