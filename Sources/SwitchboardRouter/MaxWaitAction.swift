/// What happens to an interaction that has waited a queue's maximum wait.
public enum MaxWaitAction: Hashable, Sendable {
    /// Move into another queue, keeping the customer's original enqueue instant (and so its wait).
    case overflow(to: QueueID)
    /// Leave routing with this reason (e.g. the server plays a message and hangs up).
    case end(reason: String)
}
