public import SwitchboardRouter

/// What an offer shows about the customer of an arriving contact: the contacts in the window and what
/// the earlier ones left behind.
public struct CustomerContext: Sendable, Hashable {
    /// Contacts in the window, this one included.
    public var contacts: Int
    /// The same, per channel.
    public var byChannel: ChannelCounts
    /// Contacts in the window about this contact's topic, this one included (0 without a topic).
    public var sameTopicContacts: Int
    /// Why this contact is a repeat; nil when it is not one.
    public var reason: RepeatReason?
    /// This contact's topic.
    public var topic: String?
    /// The agent of the latest earlier contact in the window that had one assigned.
    public var lastAgent: AgentID?
    /// The disposition of the latest earlier contact in the window that finished with one.
    public var lastDisposition: String?
    /// The channel of the previous contact in the window.
    public var lastChannel: Channel?
    /// When the previous contact in the window arrived; nil for a first contact.
    public var previousContactAt: Int64?
    /// When this contact arrived.
    public var arrivedAt: Int64

    public init(
        contacts: Int, byChannel: ChannelCounts, sameTopicContacts: Int, reason: RepeatReason?, topic: String?,
        lastAgent: AgentID?, lastDisposition: String?, lastChannel: Channel?, previousContactAt: Int64?, arrivedAt: Int64
    ) {
        self.contacts = contacts
        self.byChannel = byChannel
        self.sameTopicContacts = sameTopicContacts
        self.reason = reason
        self.topic = topic
        self.lastAgent = lastAgent
        self.lastDisposition = lastDisposition
        self.lastChannel = lastChannel
        self.previousContactAt = previousContactAt
        self.arrivedAt = arrivedAt
    }

    public var isRepeat: Bool { reason != nil }

    /// Whole seconds from the previous contact's arrival to this one's (the wire's
    /// `secondsSinceLastContact`); nil for a first contact.
    public var secondsSincePreviousContact: Int? {
        previousContactAt.map { Int(max(0, arrivedAt - $0) / 1000) }
    }
}
