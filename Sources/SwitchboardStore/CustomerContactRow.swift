/// One contact of a customer, as the `interactions` table has it: what a customer's history, and
/// the customer memory rebuilt at start, need of it.
///
/// Instants are wall-clock milliseconds since the Unix epoch.
public struct CustomerContactRow: Sendable, Hashable, Codable {
    public var id: String
    public var customerId: String
    public var channel: String
    /// The queue it is in now (after a transfer or overflow, the last one).
    public var queue: String
    /// The agent offered or handling it, or who handled it last; `nil` while it waits or after it left
    /// an agent unanswered.
    public var agentId: String?
    public var disposition: String?
    public var state: InteractionState
    public var enqueuedAt: Int64
    /// The first answer.
    public var answeredAt: Int64?
    /// When the contact ended for the customer: the agent completed it (wrap-up may follow), the
    /// customer left, or it was ended; `nil` while it waits or is being handled.
    public var finishedAt: Int64?
    /// The topic attribute's value when it is text (a number, object or absent attribute gives `nil`).
    public var topic: String?

    public init(
        id: String, customerId: String, channel: String, queue: String, agentId: String? = nil, disposition: String? = nil,
        state: InteractionState, enqueuedAt: Int64, answeredAt: Int64? = nil, finishedAt: Int64? = nil, topic: String? = nil
    ) {
        self.id = id
        self.customerId = customerId
        self.channel = channel
        self.queue = queue
        self.agentId = agentId
        self.disposition = disposition
        self.state = state
        self.enqueuedAt = enqueuedAt
        self.answeredAt = answeredAt
        self.finishedAt = finishedAt
        self.topic = topic
    }
}

/// One page of a customer's history, newest contact first.
public struct CustomerHistoryPage: Sendable, Hashable {
    public var contacts: [CustomerContactRow]
    /// Where the next (older) page starts; `nil` when this page holds the oldest contact.
    public var next: CustomerCursor?

    public init(contacts: [CustomerContactRow], next: CustomerCursor?) {
        self.contacts = contacts
        self.next = next
    }
}

/// One arrival, for learning the usual rate of contacts per topic and queue.
public struct ArrivalRow: Sendable, Hashable, Codable {
    public var enqueuedAt: Int64
    /// The queue it is in now.
    public var queue: String
    /// The topic attribute's value when it is text.
    public var topic: String?

    public init(enqueuedAt: Int64, queue: String, topic: String? = nil) {
        self.enqueuedAt = enqueuedAt
        self.queue = queue
        self.topic = topic
    }
}
