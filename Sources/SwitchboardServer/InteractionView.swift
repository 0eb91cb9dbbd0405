public import SwitchboardMessages

/// One interaction as a live read reports it: where it is now, or how it ended (while the server
/// remembers it: ``HubSettings/recentlyFinishedLimit`` outcomes).
public struct InteractionView: Sendable, Equatable {
    /// What the interaction is doing now, or how it ended.
    public enum Status: String, Sendable, CaseIterable {
        case waiting, offered, assigned, completed, abandoned, ended
    }

    public var id: String
    public var status: Status
    /// The queue it waits in or was answered from; nil once finished.
    public var queue: String?
    /// 1-based among those waiting in its queue; 0 otherwise.
    public var position: Int
    /// Estimated wait in milliseconds while waiting (nil when nobody staffs the queue); 0 otherwise.
    public var estimatedWaitMs: Int?
    /// The agent holding it (assigned).
    public var agentId: String?
    /// Why it ended (a source's cancel reason, a queue's end reason), when known.
    public var reason: String?

    public init(id: String, status: Status, queue: String? = nil, position: Int = 0, estimatedWaitMs: Int? = 0, agentId: String? = nil,
                reason: String? = nil) {
        self.id = id
        self.status = status
        self.queue = queue
        self.position = position
        self.estimatedWaitMs = estimatedWaitMs
        self.agentId = agentId
        self.reason = reason
    }
}
