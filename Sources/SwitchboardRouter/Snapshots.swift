/// A read-only view of one interaction being routed.
public struct InteractionSnapshot: Hashable, Sendable {
    public enum Status: Hashable, Sendable {
        case waiting
        case offered(to: [AgentID])
        case active(AgentID)
    }

    public var id: InteractionID
    public var queue: QueueID
    public var channel: Channel
    public var priority: Int
    public var status: Status
    /// Original enqueue instant (kept across requeue, overflow and transfer).
    public var enqueuedAt: Instant
    public var queueEnteredAt: Instant
    /// Relaxation steps of the current queue in force.
    public var relaxationStep: Int
    public var customerId: String?
    public var tier: String?
    public var preferredAgent: AgentID?
    /// Which presence of the preferred agent the interaction waits for.
    public var preferredAgentPresence: PreferredAgentPresence
    public var attributes: [String: String]
    /// Whether it is demanding work (kept across requeue, overflow, transfer and restore).
    public var demanding: Bool

    /// Milliseconds waited since the original enqueue.
    public func waitedMilliseconds(at now: Instant) -> Int64 {
        (now.nanoseconds - enqueuedAt.nanoseconds) / 1_000_000
    }
}

/// A read-only view of one agent, for supervisors.
public struct AgentSnapshot: Hashable, Sendable {
    public var id: AgentID
    public var state: AgentState
    /// Offers, interactions and wrap-ups held, per channel.
    public var load: [Channel: Int]
    public var offers: [InteractionID]
    public var active: [InteractionID]
    public var wrappingUp: [InteractionID]
    /// Interactions accepted since login.
    public var handledSinceLogin: Int
    /// Channels on which the agent could take one more interaction now.
    public var readyChannels: Set<Channel>
    public var inRoster: Bool
    /// Its stage, from its profile.
    public var stage: AgentStage
    /// Whether routing keeps demanding work away from it while anyone else can take it: shielded by
    /// ``RoutingCommand/setShielded(_:_:)`` or new (stage `.new`).
    public var shielded: Bool
}
