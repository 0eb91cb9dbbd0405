public import SwitchboardStore

/// One consumer's stream of events (``EventFeed/open(scope:since:)``): pull ``events`` one at a time,
/// at the consumer's pace. Live events wait in a bounded mailbox meanwhile; a consumer too slow for
/// it gets ``EventStreamError`` `slow_consumer` naming the last `seq` it was given.
///
/// A thin adapter serves it over any transport: the WebSocket `subscribe` with `since`
/// (``EventStreamPump``) or Server-Sent Events from an async HTTP handler alike.
public struct EventStream: Sendable {
    let reader: EventReader
    /// The newest `seq` of the log when the stream opened: events up to it are replayed from the log.
    public let newestAtOpen: Int64

    /// Every event after `since`, in `seq` order; ends by throwing ``EventStreamError`` (or
    /// `CancellationError` when the consuming task is cancelled).
    public var events: AsyncThrowingStream<LoggedEvent, any Error> {
        let reader = reader
        return AsyncThrowingStream(unfolding: { try await reader.next() })
    }

    /// The next event, pulled directly (what ``events`` iterates): nil never (the stream does not end
    /// by itself); throws as ``events`` does.
    public func next() async throws -> LoggedEvent? {
        try await reader.next()
    }

    /// Whether the consumer's mailbox overflowed: its next event will be the `slow_consumer` error.
    public var overflowed: Bool { reader.subscription.overflowed }

    /// Stops the stream and frees its mailbox.
    public func close() {
        reader.feed.cancel(reader.subscription)
    }
}

/// Carries out an ``EventCursor``'s steps: pages from the store, live events from the mailbox.
actor EventReader {
    let feed: EventFeed
    let subscription: EventSubscription
    private var cursor: EventCursor

    init(feed: EventFeed, subscription: EventSubscription, cursor: EventCursor) {
        self.feed = feed
        self.subscription = subscription
        self.cursor = cursor
    }

    deinit {
        feed.cancel(subscription)
    }

    func next() async throws -> LoggedEvent? {
        while true {
            // Checked before every event, also while catching up: a consumer that fell behind is cut
            // at once, naming exactly the last event it was given.
            if subscription.overflowed { throw EventStreamError(code: .slowConsumer, lastSeq: cursor.lastSent) }
            switch cursor.next() {
            case .deliver(let event):
                return event
            case .read(let after, let through):
                do {
                    cursor.pageRead(try await feed.store.readEvents(after: after, through: through, limit: feed.settings.replayPageRows))
                } catch {
                    throw EventStreamError(code: .unavailable, lastSeq: cursor.lastSent, detail: "\(error)")
                }
            case .awaitLive:
                do {
                    cursor.received(try await subscription.take())
                } catch EventSubscription.Failure.overflowed {
                    throw EventStreamError(code: .slowConsumer, lastSeq: cursor.lastSent)
                } catch EventSubscription.Failure.closed {
                    throw EventStreamError(code: .closed, lastSeq: cursor.lastSent)
                }
            }
        }
    }
}
