/// What the writer tells its observer after each batch.
///
/// Tickets are the sequence numbers ``Store/record(_:)`` returns: every event with a ticket up to
/// `durableUpTo` is committed. After a failed batch, events with tickets above `durableUpTo` up to
/// `failedUpTo` were dropped, and the store refuses work until ``Store/resume()`` succeeds.
public struct CommitNotice: Sendable, Hashable {
    public var durableUpTo: Int64
    public var failure: StoreError?
    /// The last ticket the failure covers (equal to `durableUpTo` after a successful commit).
    public var failedUpTo: Int64
    /// Events in the batch.
    public var batchEvents: Int
    /// How long the writer took to commit (or fail) the batch.
    public var commitDuration: Duration

    public init(durableUpTo: Int64, failure: StoreError?, failedUpTo: Int64? = nil, batchEvents: Int = 0, commitDuration: Duration = .zero) {
        self.durableUpTo = durableUpTo
        self.failure = failure
        self.failedUpTo = failedUpTo ?? durableUpTo
        self.batchEvents = batchEvents
        self.commitDuration = commitDuration
    }
}
