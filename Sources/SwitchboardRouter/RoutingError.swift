/// Why the router refused a call. Each case names the offending value and, where one applies, the limit.
public enum RoutingError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownQueue(QueueID)
    case queueFull(QueueID, maxSize: Int)
    case channelNotAccepted(QueueID, Channel)
    case duplicateInteraction(InteractionID)
    case unknownInteraction(InteractionID)
    case unknownAgent(AgentID)
    case agentNotLoggedIn(AgentID)
    case notOffered(InteractionID, to: AgentID)
    case notAssigned(InteractionID, to: AgentID)
    case notTransferable(InteractionID, reason: String)
    case invalidPriority(InteractionID, priority: Int)
    case invalidConfiguration(field: String, value: String, reason: String)
    /// A queue removed by a reconfiguration still holds interactions and no destination was named.
    case queueHoldsWork(QueueID, interactions: Int)

    public var description: String {
        switch self {
        case .unknownQueue(let q): "unknown queue '\(q)'"
        case .queueFull(let q, let max): "queue '\(q)' is full (max size \(max))"
        case .channelNotAccepted(let q, let c): "queue '\(q)' does not accept channel \(c.rawValue)"
        case .duplicateInteraction(let i): "interaction '\(i)' is already being routed"
        case .unknownInteraction(let i): "unknown interaction '\(i)'"
        case .unknownAgent(let a): "unknown agent '\(a)'"
        case .agentNotLoggedIn(let a): "agent '\(a)' is not logged in"
        case .notOffered(let i, let a): "interaction '\(i)' is not offered to agent '\(a)'"
        case .notAssigned(let i, let a): "interaction '\(i)' is not assigned to agent '\(a)'"
        case .notTransferable(let i, let reason): "interaction '\(i)' cannot be transferred: \(reason)"
        case .invalidPriority(let i, let p): "interaction '\(i)': priority \(p) is outside 0...100"
        case .invalidConfiguration(let field, let value, let reason): "\(field) = \(value): \(reason)"
        case .queueHoldsWork(let q, let n): "queue '\(q)' still holds \(n) interaction(s); name a destination queue"
        }
    }
}
