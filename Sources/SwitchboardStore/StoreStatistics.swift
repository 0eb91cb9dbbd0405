/// Writer counters, for metrics and for checking that commits are grouped.
public struct StoreStatistics: Sendable, Hashable {
    /// Transactions the writer committed.
    public var commits: Int
    /// Events those transactions held.
    public var committedEvents: Int
    /// Events handed in and not yet committed.
    public var pendingEvents: Int
    /// Events dropped: handed to `record` while the store refused work, invalid, or lost with a failed batch.
    public var droppedEvents: Int
}
