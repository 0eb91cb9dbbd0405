public import SwitchboardRouter

/// What a surge is counted over: the contacts about one topic, or the arrivals at one queue.
public enum SurgeKey: Hashable, Sendable {
    case topic(String)
    case queue(QueueID)

    var isTopic: Bool {
        if case .topic = self { return true }
        return false
    }
}
