/// Why an event stream could not start, or stopped. Every case names the `seq` to resume from.
public struct EventStreamError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// Retention removed events after `since`; ``oldest`` is the oldest still kept.
        case gone
        /// `since` is past the newest event of this store (``newest``).
        case beyondNewest = "beyond_newest"
        /// The consumer read too slowly and its buffer of live events filled up.
        case slowConsumer = "slow_consumer"
        /// The store could not be read.
        case unavailable
        /// The server is shutting down.
        case closed
    }

    public var code: Code
    /// The last `seq` the consumer was sent (for `gone` and `beyond_newest`, the `since` it asked for).
    public var lastSeq: Int64
    /// For `gone`: the oldest `seq` the log still holds.
    public var oldest: Int64?
    /// For `beyond_newest`: the newest `seq` of the log.
    public var newest: Int64?
    /// For `unavailable`: the store's error.
    public var detail: String?

    public init(code: Code, lastSeq: Int64, oldest: Int64? = nil, newest: Int64? = nil, detail: String? = nil) {
        self.code = code
        self.lastSeq = lastSeq
        self.oldest = oldest
        self.newest = newest
        self.detail = detail
    }

    /// One line for the consumer: what happened and how to go on.
    public var description: String {
        switch code {
        case .gone:
            let oldest = oldest ?? lastSeq + 1
            return "events after seq \(lastSeq) are no longer kept (retention): the oldest kept is seq \(oldest); "
                + "subscribe with since \(oldest - 1) to go on from there, knowing seq \(lastSeq + 1) to \(oldest - 1) are lost"
        case .beyondNewest:
            return "since \(lastSeq) is past the newest event of this store (seq \(newest ?? 0)): a seq from another store? "
                + "subscribe with since at most \(newest ?? 0)"
        case .slowConsumer:
            return "event consumer too slow: more than its buffer of events waited; last seq sent \(lastSeq); "
                + "resume with subscribe since \(lastSeq)"
        case .unavailable:
            return "the event log could not be read (\(detail ?? "store error")); last seq sent \(lastSeq); "
                + "resume with subscribe since \(lastSeq)"
        case .closed:
            return "the server is shutting down; last seq sent \(lastSeq); resume with subscribe since \(lastSeq)"
        }
    }
}
