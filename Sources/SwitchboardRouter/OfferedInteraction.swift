/// What an offer tells the agent about the interaction, carried by ``RoutingEffect/offer(_:agent:expiresAt:)``
/// so that whoever sends the offer needs nothing else from the router.
public struct OfferedInteraction: Hashable, Sendable {
    public var id: InteractionID
    public var channel: Channel
    /// The queue it is offered from (after any overflow or transfer).
    public var queue: QueueID
    public var priority: Int
    public var customerId: String?
    public var tier: String?
    /// Original enqueue instant (kept across requeue, overflow and transfer): the wait so far is
    /// the offer's instant minus this.
    public var enqueuedAt: Instant
    /// Whether the interaction is demanding work (as its request said).
    public var demanding: Bool

    public init(
        id: InteractionID, channel: Channel, queue: QueueID, priority: Int,
        customerId: String? = nil, tier: String? = nil, enqueuedAt: Instant, demanding: Bool = false
    ) {
        self.id = id
        self.channel = channel
        self.queue = queue
        self.priority = priority
        self.customerId = customerId
        self.tier = tier
        self.enqueuedAt = enqueuedAt
        self.demanding = demanding
    }
}
