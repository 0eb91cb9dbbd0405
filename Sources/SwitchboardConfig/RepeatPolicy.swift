/// When a customer's contact counts as a repeat, and what routing does for it (`customers.repeat`, and
/// a queue's `repeat` for the keys it overrides).
public struct RepeatPolicy: Sendable, Hashable {
    /// The Nth contact within the window (this one included) is a repeat, reason `many_contacts`;
    /// 0 turns it off, else 2 up to `customers.max_contacts_per_customer`.
    public var contacts: Int
    /// The Nth contact about the same topic within the window is a repeat, reason `same_topic`;
    /// 0 turns it off, else 2 up to `customers.max_contacts_per_customer`.
    public var sameTopicContacts: Int
    /// Added to a repeat's priority, the sum capped at ``QueueDefinition/priorityRange``'s top.
    public var priorityBoost: Int
    /// Offer a repeat first to the agent who last handled this customer, who knows the story.
    public var lastAgent: Bool
    /// How long a repeat waits for its last agent before anyone qualified may take it.
    public var lastAgentWaitSeconds: Double
    /// Also wait while the last agent is not ready (never while it is logged out).
    public var waitForNotReady: Bool
    /// Raise a `repeat_contact` alert for each repeat.
    public var alert: Bool

    public init(
        contacts: Int = 3,
        sameTopicContacts: Int = 2,
        priorityBoost: Int = 10,
        lastAgent: Bool = true,
        lastAgentWaitSeconds: Double = 20,
        waitForNotReady: Bool = false,
        alert: Bool = true
    ) {
        self.contacts = contacts
        self.sameTopicContacts = sameTopicContacts
        self.priorityBoost = priorityBoost
        self.lastAgent = lastAgent
        self.lastAgentWaitSeconds = lastAgentWaitSeconds
        self.waitForNotReady = waitForNotReady
        self.alert = alert
    }

    public static let priorityBoostRange: ClosedRange<Int> = 0...100
    public static let lastAgentWaitSecondsRange: ClosedRange<Double> = 0...3_600
}
