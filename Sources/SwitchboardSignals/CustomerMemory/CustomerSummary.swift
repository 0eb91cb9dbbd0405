public import SwitchboardRouter

/// What `CustomerMemory` holds about one customer, seen at an instant.
public struct CustomerSummary: Sendable, Hashable {
    public var customer: String
    /// Contacts in the window.
    public var contacts: Int
    public var byChannel: ChannelCounts
    /// Kept contacts not finished yet, in the window or not.
    public var openInteractions: Int
    /// The agent of the latest contact in the window that had one assigned.
    public var lastAgent: AgentID?
    /// The disposition of the latest contact in the window that finished with one.
    public var lastDisposition: String?
    /// The channel of the latest contact in the window.
    public var lastChannel: Channel?
    /// When the latest contact in the window arrived.
    public var lastContactAt: Int64?
    /// The customer's latest arrival or finish: the order the cap forgets customers in.
    public var lastSeenAt: Int64

    public init(
        customer: String, contacts: Int, byChannel: ChannelCounts, openInteractions: Int, lastAgent: AgentID?,
        lastDisposition: String?, lastChannel: Channel?, lastContactAt: Int64?, lastSeenAt: Int64
    ) {
        self.customer = customer
        self.contacts = contacts
        self.byChannel = byChannel
        self.openInteractions = openInteractions
        self.lastAgent = lastAgent
        self.lastDisposition = lastDisposition
        self.lastChannel = lastChannel
        self.lastContactAt = lastContactAt
        self.lastSeenAt = lastSeenAt
    }
}
