/// What the server rebuilds its state from after a start.
public struct RecoveredState: Sendable, Hashable {
    /// Interactions waiting for an agent, across all queues, in their original order (enqueue instant,
    /// then arrival). Interactions that were offered when the previous run stopped come back as queued.
    public var waiting: [InteractionRecord]
    /// Active and wrap-up interactions with the agent who holds them, oldest answer first.
    public var assigned: [InteractionRecord]
    /// Every known agent's last state.
    public var agents: [AgentRecord]

    public init(waiting: [InteractionRecord], assigned: [InteractionRecord], agents: [AgentRecord]) {
        self.waiting = waiting
        self.assigned = assigned
        self.agents = agents
    }

    /// Waiting interactions of one queue, in order.
    public func waiting(in queue: String) -> [InteractionRecord] {
        waiting.filter { $0.queue == queue }
    }
}
