/// What a source tells the store about an interaction when it is enqueued.
///
/// Instants are wall-clock milliseconds since the Unix epoch.
public struct NewInteraction: Sendable, Hashable {
    public var id: String
    public var source: String
    public var queue: String
    public var channel: String
    public var priority: Int
    public var customerId: String?
    public var tier: String?
    /// Free-form attributes as JSON text (`{}` when none).
    public var attributes: String
    /// Skill requirements as JSON text, e.g. `{"billing":5}` (`{}` when none, `null` when the queue's
    /// default requirements apply).
    public var requirements: String
    public var preferredAgent: String?
    /// The instant that orders the interaction in its queue; `nil` means the instant of the `enqueued` event.
    /// Set it when an interaction is re-created with an older place (it is kept across transfer, overflow and restart).
    public var enqueuedAt: Int64?
    /// Demanding work (the server's `wellbeing.demanding` rules for its queue and attributes, at enqueue).
    /// A disposition may still make it demanding after the fact; reports look at both.
    public var demanding: Bool

    public init(
        id: String,
        source: String,
        queue: String,
        channel: String,
        priority: Int = 0,
        customerId: String? = nil,
        tier: String? = nil,
        attributes: String = "{}",
        requirements: String = "{}",
        preferredAgent: String? = nil,
        enqueuedAt: Int64? = nil,
        demanding: Bool = false
    ) {
        self.id = id
        self.source = source
        self.queue = queue
        self.channel = channel
        self.priority = priority
        self.customerId = customerId
        self.tier = tier
        self.attributes = attributes
        self.requirements = requirements
        self.preferredAgent = preferredAgent
        self.enqueuedAt = enqueuedAt
        self.demanding = demanding
    }
}
