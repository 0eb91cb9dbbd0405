public import SwitchboardRouter

/// A queue's service level fell below its target (raised) or came back (cleared).
public struct ServiceLevelChange: Sendable, Hashable {
    public var queue: QueueID
    /// True when raised, false when cleared.
    public var raised: Bool
    /// Answered within the threshold / (answered + abandoned after it), in the window; nil when the
    /// window holds no contact (a raised queue whose window emptied clears with nil).
    public var level: Double?
    /// Contacts in the window (answered, or abandoned after the threshold).
    public var contacts: Int
    public var target: Double

    public init(queue: QueueID, raised: Bool, level: Double?, contacts: Int, target: Double) {
        self.queue = queue
        self.raised = raised
        self.level = level
        self.contacts = contacts
        self.target = target
    }
}
