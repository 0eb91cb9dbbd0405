/// When a contact counts as a repeat. Given per arrival, so each queue may apply its own.
public struct RepeatRule: Sendable, Hashable {
    /// The Nth contact in the window (this one included) is a repeat, reason `manyContacts`; 0 turns it off.
    public var contacts: Int
    /// The Nth contact in the window about the same topic is a repeat, reason `sameTopic`; 0 turns it off.
    public var sameTopicContacts: Int

    public init(contacts: Int = 3, sameTopicContacts: Int = 2) {
        self.contacts = contacts
        self.sameTopicContacts = sameTopicContacts
    }

    /// No contact is a repeat.
    public static let off = RepeatRule(contacts: 0, sameTopicContacts: 0)
}
