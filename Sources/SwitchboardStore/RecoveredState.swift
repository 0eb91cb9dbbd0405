/// What the server rebuilds its state from after a start.
public struct RecoveredState: Sendable, Hashable {
    /// Interactions waiting for an agent, across all queues, in their original order (enqueue instant,
    /// then arrival). Interactions that were offered when the previous run stopped come back as queued.
    public var waiting: [InteractionRow]
    /// Active and wrap-up interactions with the agent who holds them, oldest answer first.
    public var assigned: [InteractionRow]
    /// Every known agent's last state.
    public var agents: [AgentRow]

    public init(waiting: [InteractionRow], assigned: [InteractionRow], agents: [AgentRow]) {
        self.waiting = waiting
        self.assigned = assigned
        self.agents = agents
    }

    /// Waiting interactions of one queue, in order.
    public func waiting(in queue: String) -> [InteractionRow] {
        waiting.filter { $0.queue == queue }
    }
}
