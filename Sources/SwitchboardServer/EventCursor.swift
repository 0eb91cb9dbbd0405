import DequeModule
public import SwitchboardStore

/// One consumer's place in the event stream, with no I/O: what to hand out next, when to read a page
/// of the log, when to wait for live events. ``EventReader`` carries its steps out.
///
/// The hand-over from the log to live events loses nothing and repeats nothing: the consumer's
/// subscription to live events is registered first, then the log's newest `seq` is read
/// (`liveFrom`); every event up to it is read from the log in pages, every later one arrives live
/// (an event committed between the two arrives both ways). Events are handed out in `seq` order and
/// anything at or below the last one handed out is dropped, so an overlap never shows.
public struct EventCursor: Sendable {
    /// What the reader does next.
    public enum Step: Sendable, Equatable {
        /// Hand this event to the consumer.
        case deliver(LoggedEvent)
        /// Read the log's page after `after`, up to `through`, then call ``pageRead(_:)``.
        case read(after: Int64, through: Int64)
        /// Wait for live events, then call ``received(_:)``.
        case awaitLive
    }

    /// Why a subscription cannot start where the consumer asked.
    public enum Refusal: Error, Sendable, Equatable {
        /// Retention removed events after `since`: the oldest still kept is `oldest`.
        case gone(since: Int64, oldest: Int64)
        /// `since` is past the newest event of this store (a consumer of another store, or a store
        /// replaced by an older copy).
        case beyondNewest(since: Int64, newest: Int64)
    }

    public let scope: EventScope
    /// Every event up to this `seq` was handed out or is not the consumer's.
    public private(set) var lastSent: Int64
    /// The log was read up to this `seq`.
    public private(set) var readThrough: Int64
    /// Events after this `seq` arrive live.
    public let liveFrom: Int64
    private var ready: Deque<LoggedEvent> = []

    /// Whether a consumer may start after `since` in a log with these `bounds`.
    ///
    /// Sequence numbers have no holes except those retention made at the front, so events were lost
    /// exactly when the oldest kept is more than one past `since`.
    public static func check(since: Int64, bounds: EventLogBounds) -> Refusal? {
        if since > bounds.newest { return .beyondNewest(since: since, newest: bounds.newest) }
        if let oldest = bounds.oldest, since < oldest - 1 { return .gone(since: since, oldest: oldest) }
        return nil
    }

    /// A cursor after `since`, whose subscription receives every event after `liveFrom` (the newest
    /// `seq` of the log read after it was registered).
    public init(scope: EventScope, since: Int64, liveFrom: Int64) {
        self.scope = scope
        lastSent = since
        readThrough = since
        self.liveFrom = liveFrom
    }

    /// Whether the log is read up to where live events take over.
    public var caughtUp: Bool { readThrough >= liveFrom }

    /// Events waiting to be handed out.
    public var readyCount: Int { ready.count }

    public mutating func next() -> Step {
        while let event = ready.popFirst() {
            guard event.seq > lastSent else { continue }
            lastSent = event.seq
            return .deliver(event)
        }
        if readThrough < liveFrom { return .read(after: readThrough, through: liveFrom) }
        return .awaitLive
    }

    /// A page of the log was read.
    public mutating func pageRead(_ page: LoggedEventPage) {
        readThrough = max(readThrough, page.through)
        for event in page.events where scope.includes(event) { ready.append(event) }
    }

    /// Live events arrived (in `seq` order).
    public mutating func received(_ events: some Sequence<LoggedEvent>) {
        for event in events where scope.includes(event) { ready.append(event) }
    }
}
