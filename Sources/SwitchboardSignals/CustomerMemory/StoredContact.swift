public import SwitchboardRouter

/// A contact as the store recorded it, to rebuild `CustomerMemory` from at start.
public struct StoredContact: Sendable, Hashable {
    public var customer: String
    public var interaction: InteractionID
    public var channel: Channel
    public var queue: QueueID
    public var topic: String?
    public var agent: AgentID?
    public var disposition: String?
    public var enqueuedAt: Int64
    /// When an agent answered; replayed as the assignment's instant (the arrival's when nil).
    public var answeredAt: Int64?
    /// Nil while it is still open.
    public var finishedAt: Int64?

    public init(
        customer: String, interaction: InteractionID, channel: Channel, queue: QueueID, topic: String? = nil,
        agent: AgentID? = nil, disposition: String? = nil, enqueuedAt: Int64, answeredAt: Int64? = nil, finishedAt: Int64? = nil
    ) {
        self.customer = customer
        self.interaction = interaction
        self.channel = channel
        self.queue = queue
        self.topic = topic
        self.agent = agent
        self.disposition = disposition
        self.enqueuedAt = enqueuedAt
        self.answeredAt = answeredAt
        self.finishedAt = finishedAt
    }
}

/// What a rebuild of `CustomerMemory` did.
public struct CustomerMemoryRebuild: Sendable, Hashable {
    /// Contacts replayed.
    public var contacts: Int
    /// Customers held afterwards.
    public var customers: Int
    /// Customers the cap forgot during the replay.
    public var forgottenByCap: Int

    public init(contacts: Int, customers: Int, forgottenByCap: Int) {
        self.contacts = contacts
        self.customers = customers
        self.forgottenByCap = forgottenByCap
    }
}
