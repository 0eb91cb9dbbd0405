/// Why a contact is a repeat. Raw values are the wire's spellings.
public enum RepeatReason: String, Sendable, Hashable, CaseIterable {
    /// The customer came back about the same topic: the sharper signal, so it wins when both rules hold.
    case sameTopic = "same_topic"
    /// The customer came back often, whatever about.
    case manyContacts = "many_contacts"
}
