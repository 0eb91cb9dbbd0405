/// One committed row of the event log, as the event stream serves it: its `seq` (the log's primary key,
/// which only grows), what happened, and the source of the interaction it is about.
///
/// The writer reports these for every batch it commits (``Store/observeLog(_:)``) and
/// ``Store/readEvents(after:through:limit:)`` reads them back, so a live consumer and one catching up
/// from the file see the same rows with the same numbers.
public struct LoggedEvent: Sendable, Hashable {
    /// The row's place in the log: strictly increasing, never reused.
    public var seq: Int64
    public var kind: StoreEvent.Kind
    /// Wall-clock milliseconds since the Unix epoch.
    public var at: Int64
    public var interactionId: String?
    public var agentId: String?
    public var queue: String?
    public var reason: String?
    public var state: String?
    public var disposition: String?
    /// The source that enqueued the interaction the event is about; nil for agent events and events
    /// about interactions the store does not know.
    public var source: String?

    public init(seq: Int64, kind: StoreEvent.Kind, at: Int64, interactionId: String? = nil, agentId: String? = nil, queue: String? = nil,
                reason: String? = nil, state: String? = nil, disposition: String? = nil, source: String? = nil) {
        self.seq = seq
        self.kind = kind
        self.at = at
        self.interactionId = interactionId
        self.agentId = agentId
        self.queue = queue
        self.reason = reason
        self.state = state
        self.disposition = disposition
        self.source = source
    }
}

/// A page of the log read back for a consumer catching up.
public struct LoggedEventPage: Sendable, Hashable {
    /// The rows found, in `seq` order.
    public var events: [LoggedEvent]
    /// Every row up to this `seq` was examined: the next page starts after it (even when this one
    /// found nothing, e.g. a window of another source's events).
    public var through: Int64

    public init(events: [LoggedEvent], through: Int64) {
        self.events = events
        self.through = through
    }
}

/// The log's extent: the oldest row retention kept and the newest committed.
public struct EventLogBounds: Sendable, Hashable {
    /// The oldest `seq` still in the log; nil while it is empty.
    public var oldest: Int64?
    /// The newest `seq` committed; 0 while the log is empty.
    public var newest: Int64

    public init(oldest: Int64?, newest: Int64) {
        self.oldest = oldest
        self.newest = newest
    }
}
