public import SwitchboardRouter

/// One contact a customer made, as `CustomerMemory` keeps it.
public struct CustomerContact: Sendable, Hashable {
    /// Where a remembered contact stands.
    public enum State: String, Sendable, Hashable {
        /// Arrived, no agent assigned yet.
        case waiting
        /// An agent was assigned and it has not finished.
        case assigned
        /// Finished (completed, or abandoned when no agent was ever assigned).
        case finished
    }

    public var interaction: InteractionID
    public var channel: Channel
    public var queue: QueueID
    /// What the contact is about (the configured topic attribute), if it said.
    public var topic: String?
    /// When it arrived (enqueued), wall-clock milliseconds.
    public var arrivedAt: Int64
    /// The agent last assigned to it.
    public var agent: AgentID?
    public var assignedAt: Int64?
    public var disposition: String?
    public var finishedAt: Int64?

    public init(
        interaction: InteractionID, channel: Channel, queue: QueueID, topic: String? = nil, arrivedAt: Int64,
        agent: AgentID? = nil, assignedAt: Int64? = nil, disposition: String? = nil, finishedAt: Int64? = nil
    ) {
        self.interaction = interaction
        self.channel = channel
        self.queue = queue
        self.topic = topic
        self.arrivedAt = arrivedAt
        self.agent = agent
        self.assignedAt = assignedAt
        self.disposition = disposition
        self.finishedAt = finishedAt
    }

    /// Derived rather than stored, so it cannot disagree with the instants.
    public var state: State {
        if finishedAt != nil { return .finished }
        return agent == nil ? .waiting : .assigned
    }

    /// Not finished yet: the customer still holds it.
    public var isOpen: Bool { finishedAt == nil }
}
