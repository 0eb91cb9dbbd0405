/// One row of the `interactions` table: the current state of one interaction and its accounting instants.
///
/// Instants are wall-clock milliseconds since the Unix epoch; durations are milliseconds. The row is
/// derived from the event log only, through ``apply(_:)``.
public struct InteractionRow: Sendable, Hashable, Codable {
    public var id: String
    public var source: String
    public var queue: String
    public var channel: String
    public var priority: Int
    public var customerId: String?
    public var tier: String?
    /// JSON text.
    public var attributes: String
    /// Skill requirements as JSON text.
    public var requirements: String
    public var preferredAgent: String?
    public var state: InteractionState
    /// The agent offered or handling it; `nil` while it waits or after it left an agent.
    public var agentId: String?
    public var createdAt: Int64
    /// The original enqueue instant: it orders the interaction in its queue and is kept across
    /// transfer, overflow, re-queue and restart.
    public var enqueuedAt: Int64
    /// When the current wait began: the enqueue, or the last transfer or re-queue after an answer.
    public var waitStartedAt: Int64
    public var firstOfferedAt: Int64?
    /// The first answer.
    public var answeredAt: Int64?
    /// The answer by the current (or last) agent.
    public var assignedAt: Int64?
    public var completedAt: Int64?
    public var abandonedAt: Int64?
    public var endedAt: Int64?
    /// Wait until the first answer, or until abandoned or ended unanswered.
    public var waitMs: Int64?
    /// Talk plus wrap-up, summed over every agent who handled it.
    public var handleMs: Int64?
    public var disposition: String?
    public var finalReason: String?
    /// Demanding work by the server's rules at enqueue (``NewInteraction/demanding``); never changed after.
    public var demanding: Bool

    public init(_ new: NewInteraction, at: Int64) {
        let enqueuedAt = new.enqueuedAt ?? at
        self.id = new.id
        self.source = new.source
        self.queue = new.queue
        self.channel = new.channel
        self.priority = new.priority
        self.customerId = new.customerId
        self.tier = new.tier
        self.attributes = new.attributes
        self.requirements = new.requirements
        self.preferredAgent = new.preferredAgent
        self.state = .queued
        self.agentId = nil
        self.createdAt = at
        self.enqueuedAt = enqueuedAt
        self.waitStartedAt = enqueuedAt
        self.demanding = new.demanding
    }
}
