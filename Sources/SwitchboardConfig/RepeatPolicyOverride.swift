/// A queue's `repeat`: the keys of ``RepeatPolicy`` it sets, each `nil` where `customers.repeat` applies.
public struct RepeatPolicyOverride: Sendable, Hashable {
    public var contacts: Int?
    public var sameTopicContacts: Int?
    public var priorityBoost: Int?
    public var lastAgent: Bool?
    public var lastAgentWaitSeconds: Double?
    public var waitForNotReady: Bool?
    public var alert: Bool?

    public init(
        contacts: Int? = nil,
        sameTopicContacts: Int? = nil,
        priorityBoost: Int? = nil,
        lastAgent: Bool? = nil,
        lastAgentWaitSeconds: Double? = nil,
        waitForNotReady: Bool? = nil,
        alert: Bool? = nil
    ) {
        self.contacts = contacts
        self.sameTopicContacts = sameTopicContacts
        self.priorityBoost = priorityBoost
        self.lastAgent = lastAgent
        self.lastAgentWaitSeconds = lastAgentWaitSeconds
        self.waitForNotReady = waitForNotReady
        self.alert = alert
    }

    /// `base` with every key this override sets replaced.
    public func applied(to base: RepeatPolicy) -> RepeatPolicy {
        RepeatPolicy(
            contacts: contacts ?? base.contacts,
            sameTopicContacts: sameTopicContacts ?? base.sameTopicContacts,
            priorityBoost: priorityBoost ?? base.priorityBoost,
            lastAgent: lastAgent ?? base.lastAgent,
            lastAgentWaitSeconds: lastAgentWaitSeconds ?? base.lastAgentWaitSeconds,
            waitForNotReady: waitForNotReady ?? base.waitForNotReady,
            alert: alert ?? base.alert
        )
    }
}
