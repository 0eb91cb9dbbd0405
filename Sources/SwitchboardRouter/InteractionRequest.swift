/// A new interaction offered to routing by a source (telephony or chat gateway…).
public struct InteractionRequest: Hashable, Sendable {
    public var id: InteractionID
    public var queue: QueueID
    public var channel: Channel
    /// 0–100, higher first.
    public var priority: Int
    /// Overrides the queue's default requirements when set (skill name → minimum level).
    public var requirements: [String: Int]?
    public var customerId: String?
    public var tier: String?
    /// Offered only to this agent until `preferredAgentFallback` has passed, then to everyone; waited
    /// for only while it can take the interaction and is present as `preferredAgentPresence` says.
    public var preferredAgent: AgentID?
    /// Defaults to the configuration's `defaultPreferredAgentFallback`.
    public var preferredAgentFallback: Duration?
    /// Which presence of the preferred agent is worth waiting for: logged in (the default) or available.
    public var preferredAgentPresence: PreferredAgentPresence
    /// Free attributes carried along for the server and supervisors; routing ignores them.
    public var attributes: [String: String]
    /// Demanding work (a complaint, an angry customer…): offered to an agent who is not shielded when
    /// one is eligible, and to a shielded one only when every eligible agent is. Kept across requeue,
    /// overflow, transfer and restore.
    public var demanding: Bool

    public init(
        id: InteractionID,
        queue: QueueID,
        channel: Channel = .voice,
        priority: Int = 0,
        requirements: [String: Int]? = nil,
        customerId: String? = nil,
        tier: String? = nil,
        preferredAgent: AgentID? = nil,
        preferredAgentFallback: Duration? = nil,
        preferredAgentPresence: PreferredAgentPresence = .loggedIn,
        attributes: [String: String] = [:],
        demanding: Bool = false
    ) {
        self.id = id
        self.queue = queue
        self.channel = channel
        self.priority = priority
        self.requirements = requirements
        self.customerId = customerId
        self.tier = tier
        self.preferredAgent = preferredAgent
        self.preferredAgentFallback = preferredAgentFallback
        self.preferredAgentPresence = preferredAgentPresence
        self.attributes = attributes
        self.demanding = demanding
    }
}
