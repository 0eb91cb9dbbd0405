/// What the server remembers of an interaction's customer, carried as `interaction.customer` in
/// `offer` and `welcome` so that the agent knows, before answering, whether this customer came back.
///
/// Every member is always written (nil as `null`) so that a client can rely on the shape.
public struct WireCustomer: Sendable, Equatable {
    /// Contacts of this customer within the memory window, this one included.
    public var contacts: Int
    /// Contacts per channel name, only channels with a count above 0, in `Channel.allCases` order.
    public var byChannel: [(channel: String, count: Int)]
    /// Whether this contact is a repeat (JSON `repeat`).
    public var isRepeat: Bool
    /// Why it is a repeat: `same_topic` or `many_contacts`; nil when it is not one.
    public var reason: String?
    /// What this contact is about (the configured topic attribute), when it says.
    public var topic: String?
    /// The agent who handled this customer's previous contact.
    public var lastAgent: String?
    public var lastDisposition: String?
    public var lastChannel: String?
    /// From the previous contact's arrival to this one's; nil for a first contact.
    public var secondsSinceLastContact: Int?

    public init(
        contacts: Int, byChannel: [(channel: String, count: Int)] = [], isRepeat: Bool = false, reason: String? = nil,
        topic: String? = nil, lastAgent: String? = nil, lastDisposition: String? = nil, lastChannel: String? = nil,
        secondsSinceLastContact: Int? = nil
    ) {
        self.contacts = contacts
        self.byChannel = byChannel
        self.isRepeat = isRepeat
        self.reason = reason
        self.topic = topic
        self.lastAgent = lastAgent
        self.lastDisposition = lastDisposition
        self.lastChannel = lastChannel
        self.secondsSinceLastContact = secondsSinceLastContact
    }

    public static func == (lhs: WireCustomer, rhs: WireCustomer) -> Bool {
        lhs.contacts == rhs.contacts && lhs.isRepeat == rhs.isRepeat && lhs.reason == rhs.reason && lhs.topic == rhs.topic
            && lhs.lastAgent == rhs.lastAgent && lhs.lastDisposition == rhs.lastDisposition && lhs.lastChannel == rhs.lastChannel
            && lhs.secondsSinceLastContact == rhs.secondsSinceLastContact
            && lhs.byChannel.count == rhs.byChannel.count
            && zip(lhs.byChannel, rhs.byChannel).allSatisfy { $0.channel == $1.channel && $0.count == $1.count }
    }
}
